import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Journey } from '@touchpoint/content';
import { afterEach, expect, it } from 'vitest';
import { createOutbox } from '../../outbox.js';
import { buildServer } from '../../server.js';
import { openSqliteStore } from '../../store/sqlite-store.js';
import type { Project } from '../../store/store.js';
import type { ActionPlan } from '../contracts.js';
import { createEmailPlanner } from './email-planner.js';
import { parseEmailMessage, type EmailMessage } from './email-message.js';
import { signUnsubscribe } from './unsubscribe-token.js';

/*
 * An unsubscribe stops email to the address, whichever user key carries it (an anonymous id,
 * a second user record, the project's staging environment), and outlives the user's erasure:
 * a suppression list, not a preference of one user record.
 */
const NOW = Date.parse('2026-03-15T12:00:00Z');
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

const journey: Journey = { id: 'winback', audience: { lastSeen: { op: 'gte', days: 7 } }, action: { email: { subject: { en: 'Hi' }, body: { en: 'Hello' } } } };

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'tp-suppression-'));
  const file = join(dir, 'db.sqlite');
  const store = openSqliteStore(file);
  const app = await buildServer({ store, healthIntervalMs: 0, rateLimit: false });
  cleanup.push(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const production = await store.createProject({ name: 'prod', writeKey: 'wk_p', secretKey: 'sk_p', origins: [] });
  const staging = await store.createProject({ name: 'staging', writeKey: 'wk_s', secretKey: 'sk_s', origins: [], productionId: production.id });
  const other = await store.createProject({ name: 'other', writeKey: 'wk_o', secretKey: 'sk_o', origins: [] });
  const planner = () => createEmailPlanner({ store, publicUrl: () => 'https://tp.example.com' });
  let n = 0;
  const plan = (project: Project, key: string, email: string): Promise<ActionPlan> =>
    planner()({
      project,
      journey,
      entry: { id: `e${++n}`, journeyId: journey.id, userKey: key, enteredAt: NOW, holdout: false },
      person: { key, userId: key, traits: { email }, firstSeen: NOW - 30 * 86_400_000, lastSeen: NOW - 10 * 86_400_000 },
      now: NOW,
    });
  const messageOf = (p: ActionPlan): EmailMessage => {
    if (p.outcome !== 'acted' || !p.job) throw new Error(`not acted: ${JSON.stringify(p)}`);
    return parseEmailMessage(p.job.body);
  };
  const unsubscribeBy = async (message: EmailMessage) => {
    const link = new URL(message.headers['List-Unsubscribe']!.slice(1, -1));
    const res = await app.inject({ method: 'POST', url: link.pathname + link.search, payload: 'List-Unsubscribe=One-Click' });
    expect(res.statusCode).toBe(200);
  };
  return { store, app, file, production, staging, other, plan, messageOf, unsubscribeBy };
}

it('stops email to the address under every user key of the project and its staging environment, not of another project', async () => {
  const { file, production, staging, other, plan, messageOf, unsubscribeBy } = await setup();
  await unsubscribeBy(messageOf(await plan(production, 'u1', 'Ada@Example.com')));
  // The same address, written another way, under an anonymous id and a second user record.
  expect(await plan(production, 'anon-7', '  ada@example.COM ')).toEqual({ outcome: 'skipped', reason: 'unsubscribed' });
  expect(await plan(production, 'ada-2', 'ada@example.com')).toEqual({ outcome: 'skipped', reason: 'unsubscribed' });
  expect(await plan(staging, 'u1', 'ada@example.com')).toEqual({ outcome: 'skipped', reason: 'unsubscribed' });
  // Another project is another sender: its own list.
  expect((await plan(other, 'u1', 'ada@example.com')).outcome).toBe('acted');
  expect((await plan(production, 'bob', 'bob@example.com')).outcome).toBe('acted');
  // The list holds no address in plain.
  const db = new Database(file, { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%suppress%'").pluck().all() as string[];
  expect(tables.length).toBeGreaterThan(0);
  for (const table of tables) expect(JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all()).toLowerCase()).not.toContain('ada');
  db.close();
});

it('keeps the address suppressed after the user is erased, so a re-import is not emailed', async () => {
  const { app, production, plan, messageOf, unsubscribeBy } = await setup();
  await unsubscribeBy(messageOf(await plan(production, 'u1', 'ada@example.com')));
  const erased = await app.inject({ method: 'DELETE', url: '/v1/users/u1', headers: { authorization: 'Bearer sk_p' } });
  expect(erased.statusCode).toBe(200);
  expect(await plan(production, 'u1', 'ada@example.com')).toEqual({ outcome: 'skipped', reason: 'unsubscribed' });
});

it('drops at send time an email queued to the address under another key before the unsubscribe', async () => {
  const { store, production, plan, messageOf, unsubscribeBy } = await setup();
  const queued = await plan(production, 'anon-7', 'ada@example.com');
  if (queued.outcome !== 'acted' || !queued.job) throw new Error('not queued');
  await store.enqueueAlert(queued.job, 1);
  await unsubscribeBy(messageOf(await plan(production, 'u1', 'ADA@example.com')));
  const sent: string[] = [];
  const outbox = createOutbox({ store, mail: { send: async (id) => void sent.push(id), close() {} } });
  await outbox.deliver();
  const [job] = await store.listAlerts(production.id);
  expect(job).toMatchObject({ id: queued.job.id, sentAt: expect.any(Number), lastError: expect.stringContaining('unsubscribed') });
  expect(sent).toEqual([]);
});

it('still honours a link sent before addresses were signed into it: the user, and the addresses the project emailed them at', async () => {
  const { app, store, production, staging, plan } = await setup();
  const queued = await plan(production, 'u1', 'Ada@example.com');
  if (queued.outcome !== 'acted' || !queued.job) throw new Error('not queued');
  await store.enqueueAlert(queued.job, 1);
  const old = signUnsubscribe({ projectId: production.id, userKey: 'u1' }, await store.unsubscribeSecret());
  const res = await app.inject({ method: 'POST', url: `/v1/unsubscribe?t=${encodeURIComponent(old)}`, payload: 'List-Unsubscribe=One-Click' });
  expect(res.statusCode).toBe(200);
  expect(await plan(production, 'u1', 'bob@example.com')).toEqual({ outcome: 'skipped', reason: 'unsubscribed' });
  expect(await plan(staging, 'anon-7', 'ada@example.com')).toEqual({ outcome: 'skipped', reason: 'unsubscribed' });
  expect((await plan(production, 'anon-8', 'cy@example.com')).outcome).toBe('acted');
});

it('counts the weekly cap per address too: two user keys with one address do not double it', async () => {
  const { store, production, other, plan } = await setup();
  // The default cap: 3 a week. Two queued under ada's user id, one planned under her anonymous id in this run.
  for (const key of ['u1', 'u1']) {
    const queued = await plan(production, key, 'ada@example.com');
    if (queued.outcome !== 'acted' || !queued.job) throw new Error('not queued');
    await store.enqueueAlert(queued.job, NOW - 86_400_000);
  }
  const planner = createEmailPlanner({ store, publicUrl: () => 'https://tp.example.com' });
  const context = (project: Project, key: string, email: string, id: string) => ({
    project,
    journey,
    entry: { id, journeyId: journey.id, userKey: key, enteredAt: NOW, holdout: false },
    person: { key, userId: key, traits: { email }, firstSeen: NOW - 30 * 86_400_000, lastSeen: NOW - 10 * 86_400_000 },
    now: NOW,
  });
  expect((await planner(context(production, 'anon-7', 'ada@example.com', 'x1'))).outcome).toBe('acted');
  expect(await planner(context(production, 'ada-2', 'ADA@example.com', 'x2'))).toEqual({ outcome: 'skipped', reason: 'capped' });
  expect((await planner(context(production, 'bob', 'bob@example.com', 'x3'))).outcome).toBe('acted');
  expect((await planner(context(other, 'ada-2', 'ada@example.com', 'x4'))).outcome).toBe('acted');
  // Another run counts what was saved: the two queued, not this run's unsaved plan.
  expect((await plan(production, 'ada-3', 'ada@example.com')).outcome).toBe('acted');
});
