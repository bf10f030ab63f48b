import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { buildServer } from './server.js';
import { openSqliteStore } from './store/sqlite-store.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-15T12:00:00Z');
const day = (back: number) => new Date(NOW - back * DAY).toISOString();

it('saves scores and the alerts their fall raises together: when the alert cannot be queued, the scores are not saved, and the next run still alerts (was: lost)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-health-outbox-'));
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins: [] });
  let clock = NOW;
  const app = await buildServer({ store, now: () => clock, healthIntervalMs: 0, alertRetryBaseMs: 60_000, allowPrivateWebhooks: true });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  cleanup.push(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const auth = { authorization: 'Bearer sk_test', 'content-type': 'application/json' };
  const health = { windowDays: 14, signals: [{ event: 'Todo Added', weight: 2 }], alerts: [{ below: 40, webhook: 'http://127.0.0.1:9/hook' }] };
  expect((await fetch(`${url}/v1/content`, { method: 'PUT', headers: auth, body: JSON.stringify({ version: 1, health }) })).status).toBe(200);
  // globex: busy in the two weeks before, one todo in the last two.
  const batch = [
    { type: 'track', event: 'Todo Added', userId: 'g1', timestamp: day(1), context: { groupId: 'globex' } },
    ...Array.from({ length: 14 }, (_, i) => ({ type: 'track', event: 'Todo Added', userId: 'g1', timestamp: day(14 + i), context: { groupId: 'globex' } })),
  ];
  expect(
    (await fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ writeKey: 'wk_test', batch }) }))
      .status,
  ).toBe(200);
  const recompute = () => fetch(`${url}/v1/health/recompute`, { method: 'POST', headers: { authorization: 'Bearer sk_test' } });
  clock = NOW - 14 * DAY;

  expect((await recompute()).status).toBe(200); // globex: 100, two weeks ago
  clock = NOW;
  // The outbox cannot take a row now: the recompute fails as a whole.
  store.db.exec('ALTER TABLE alert_outbox RENAME TO outbox_away');
  expect((await recompute()).status).toBe(500);
  store.db.exec('ALTER TABLE outbox_away RENAME TO alert_outbox');

  expect((await recompute()).status).toBe(200);
  const alerts = (await store.listAlerts(1)).map((a) => JSON.parse(a.body) as { account_id: string; score: number; previousScore: number });
  expect(alerts.map((a) => [a.account_id, a.score, a.previousScore])).toEqual([['globex', 7, 100]]);
});
