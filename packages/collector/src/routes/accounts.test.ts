import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../server.js';
import { openSqliteStore } from '../store/sqlite-store.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-15T12:00:00Z');
const at = (daysAgo: number, seconds = 0) => new Date(NOW - daysAgo * DAY + seconds * 1000).toISOString();
const auth = { authorization: 'Bearer sk_test' };

const running: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((stop) => stop()));
});

/** A collector over a real SQLite file, its clock at `clock.now`, with health signals published. */
async function start() {
  const dir = mkdtempSync(join(tmpdir(), 'tp-accounts-'));
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins: [] });
  const clock = { now: NOW };
  const app = await buildServer({ store, now: () => clock.now, healthIntervalMs: 0, rateLimit: false });
  running.push(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: auth, payload: payload as object });
  const doc = {
    version: 1,
    features: [{ id: 'export', selector: '#export' }],
    health: {
      windowDays: 14,
      signals: [
        { event: 'Todo Added', weight: 2 },
        { feature: 'export', weight: 1 },
      ],
    },
  };
  expect((await request('PUT', '/v1/content', doc)).statusCode).toBe(200);
  const send = async (batch: unknown[]) =>
    expect((await app.inject({ method: 'POST', url: '/v1/batch', payload: { writeKey: 'wk_test', batch } })).statusCode).toBe(200);
  return { app, clock, request, send };
}

const inAcme = (message: Record<string, unknown>) => ({ ...message, context: { groupId: 'acme' } });

describe('GET /v1/reports/accounts/:accountId', () => {
  it('gives one account: its traits, score history, signals in the window, latest activity and users with last seen', async () => {
    const c = await start();
    await c.send([
      { type: 'group', userId: 'ada', groupId: 'acme', traits: { tier: 'high', name: 'Acme', seats: 40 }, timestamp: at(20) },
      inAcme({ type: 'track', event: 'Todo Added', userId: 'ada', timestamp: at(3) }),
      inAcme({ type: 'track', event: 'Todo Added', userId: 'ada', timestamp: at(2) }),
      inAcme({ type: 'track', event: 'Todo Added', userId: 'bob', timestamp: at(2, 60) }),
      inAcme({ type: 'track', event: 'Feature Used', userId: 'bob', timestamp: at(1), properties: { feature_id: 'export' } }),
      inAcme({ type: 'page', anonymousId: 'anon-1', timestamp: at(0, -60), properties: { path: '/pricing' } }),
      // Outside the window (and another account's events): not this account's signals or activity.
      inAcme({ type: 'track', event: 'Todo Added', userId: 'ada', timestamp: at(15) }),
      { type: 'track', event: 'Todo Added', userId: 'gus', timestamp: at(0, -30), context: { groupId: 'globex' } },
    ]);
    c.clock.now = NOW - DAY;
    expect((await c.request('POST', '/v1/health/recompute')).statusCode).toBe(200);
    c.clock.now = NOW;
    const recomputed = (await c.request('POST', '/v1/health/recompute')).json().accounts.find((a: any) => a.account_id === 'acme');

    const res = await c.request('GET', '/v1/reports/accounts/acme');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      account_id: 'acme',
      tier: 'high',
      traits: { tier: 'high', name: 'Acme', seats: 40 },
      score: recomputed.score,
      previousScore: recomputed.previousScore,
      reasons: recomputed.reasons,
      window: { from: '2026-03-02', to: '2026-03-15', days: 14 },
      userCount: 3,
    });
    // Yesterday's score, then today's: the chart's points.
    expect(body.history.map((h: any) => h.day)).toEqual(['2026-03-14', '2026-03-15']);
    expect(body.history.at(-1).score).toBe(recomputed.score);
    // Active on 4 of 14 days; 3 todos, 1 export in the window (the 15-days-old todo is out).
    expect(body.signals).toEqual([
      { signal: 'active days', count: 4, weight: 1, component: 0.2857 },
      { signal: '"Todo Added" events', event: 'Todo Added', count: 3, weight: 2, component: 0.2143 },
      { signal: 'feature "export"', feature: 'export', count: 1, weight: 1, component: 0.0714 },
    ]);
    // Newest first, only this account's.
    expect(body.activity.map((e: any) => [e.type, e.event ?? e.properties?.path, e.userId ?? e.anonymousId])).toEqual([
      ['page', '/pricing', 'anon-1'],
      ['track', 'Feature Used', 'bob'],
      ['track', 'Todo Added', 'bob'],
      ['track', 'Todo Added', 'ada'],
      ['track', 'Todo Added', 'ada'],
      ['track', 'Todo Added', 'ada'],
      ['group', undefined, 'ada'],
    ]);
    expect(body.users).toEqual([
      { anonymousId: 'anon-1', firstSeen: at(0, -60), lastSeen: at(0, -60) },
      { userId: 'bob', firstSeen: at(2, 60), lastSeen: at(1) },
      { userId: 'ada', firstSeen: at(20), lastSeen: at(2) },
    ]);
  });

  it('is bounded: the 50 latest events and the 100 users seen last, with the total', async () => {
    const c = await start();
    await c.send(Array.from({ length: 120 }, (_, i) => inAcme({ type: 'track', event: 'Todo Added', userId: `u${i}`, timestamp: at(1, i) })));
    await c.send(Array.from({ length: 60 }, (_, i) => inAcme({ type: 'track', event: 'Report Exported', userId: 'u0', timestamp: at(0, -600 + i) })));
    const body = (await c.request('GET', '/v1/reports/accounts/acme')).json();
    expect(body.activity).toHaveLength(50);
    expect(body.activity.every((e: any) => e.event === 'Report Exported')).toBe(true);
    expect(body.activity[0].timestamp).toBe(at(0, -600 + 59));
    expect([body.users.length, body.userCount]).toEqual([100, 120]);
    // u0 was seen last (the exports), then u119, u118…
    expect(body.users.slice(0, 3).map((u: any) => u.userId)).toEqual(['u0', 'u119', 'u118']);
    // Never scored (no recompute yet): no score, an empty history; the signals are still counted.
    expect([body.score, body.history, body.signals[1].count]).toEqual([null, [], 120]);
  });

  it('forgets an erased user; answers 404 for an unknown account, 400 for a bad `days`, 401 without the secret key', async () => {
    const c = await start();
    await c.send([
      inAcme({ type: 'track', event: 'Todo Added', userId: 'ada', timestamp: at(1) }),
      inAcme({ type: 'track', event: 'Todo Added', userId: 'bob', timestamp: at(1, 5) }),
    ]);
    expect((await c.request('DELETE', '/v1/users/bob')).statusCode).toBe(200);
    const body = (await c.request('GET', '/v1/reports/accounts/acme')).json();
    expect([body.users.map((u: any) => u.userId), body.activity.map((e: any) => e.userId)]).toEqual([['ada'], ['ada']]);

    expect((await c.request('GET', '/v1/reports/accounts/nobody')).statusCode).toBe(404);
    expect((await c.request('GET', '/v1/reports/accounts/acme?days=0')).statusCode).toBe(400);
    expect((await c.request('GET', '/v1/reports/accounts/acme?days=400')).statusCode).toBe(400);
    expect((await c.app.inject({ method: 'GET', url: '/v1/reports/accounts/acme' })).statusCode).toBe(401);
  });
});
