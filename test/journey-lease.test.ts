import { expect, it } from 'vitest';
import { journeyLease } from '../packages/collector/src/journeys/runner.js';
import { lockKey } from '../packages/collector/src/store/postgres/schedule.js';
import type { Store } from '../packages/collector/src/store/store.js';
import { postgresForFile } from './support/postgres-cluster.js';
import { startSharedInstances } from './support/shared-collectors.js';

/*
 * Two collectors sharing PostgreSQL (CONTRACT §9) asked to run the same journey at once: one
 * runs it, the other answers `busy` for it; a run whose instance died keeps nobody out.
 */
const cluster = postgresForFile();
const DAY = 86_400_000;
const secret = { authorization: 'Bearer sk_shared', 'content-type': 'application/json' };
const doc = {
  version: 1,
  journeys: [{ id: 'lapsed', audience: { lastSeen: { op: 'gte', days: 7 } }, action: { webhook: 'https://crm.example.com/hook' }, repeat: 'always' }],
};

/** A gate a store call waits at: `reached` resolves when a call arrives, `open()` lets calls through. */
function gate() {
  let reached!: () => void;
  let open!: () => void;
  const at = new Promise<void>((r) => (reached = r));
  const opened = new Promise<void>((r) => (open = r));
  return { at, open, wait: () => (reached(), opened) };
}

it('runs a journey on one instance at a time; the other answers busy; a dead run keeps nobody out', { timeout: 60_000 }, async () => {
  const url = await cluster.createDatabase();
  let blocked: ReturnType<typeof gate> | undefined;
  // Instance 0 stops before saving a page while a gate is set.
  const wrap = (store: Store, i: number): Store =>
    i === 0
      ? Object.assign(
          { ...store },
          {
            async saveJourneyPage(...args: Parameters<Store['saveJourneyPage']>) {
              await blocked?.wait();
              return store.saveJourneyPage(...args);
            },
          },
        )
      : store;
  const shared = await startSharedInstances(url, 2, { healthIntervalMs: 0, journeysIntervalMs: 0 }, { store: wrap });
  try {
    const [a, b] = shared.instances as [(typeof shared.instances)[0], (typeof shared.instances)[0]];
    expect((await fetch(`${a.url}/v1/content`, { method: 'PUT', headers: secret, body: JSON.stringify(doc) })).status).toBe(200);
    /** Every user seen `daysAgo` days ago. */
    const seen = async (daysAgo: number) => {
      const batch = Array.from({ length: 5 }, (_, i) => ({
        type: 'page',
        userId: `u${i}`,
        messageId: `m${i}-${daysAgo}`,
        timestamp: new Date(Date.now() - daysAgo * DAY).toISOString(),
      }));
      const res = await fetch(`${a.url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ writeKey: 'wk_shared', batch }),
      });
      expect(res.status).toBe(200);
    };
    await seen(10);
    const run = async (base: string) =>
      (
        (await (await fetch(`${base}/v1/journeys/run`, { method: 'POST', headers: { authorization: secret.authorization } })).json()) as {
          journeys: Array<Record<string, unknown>>;
        }
      ).journeys;

    blocked = gate();
    const first = run(a.url);
    await blocked.at;
    expect(await run(b.url)).toEqual([{ id: 'lapsed', evaluated: 0, entered: 0, acted: 0, holdout: 0, skipped: {}, busy: true }]);
    blocked.open();
    expect(await first).toEqual([{ id: 'lapsed', evaluated: 5, entered: 5, acted: 5, holdout: 0, skipped: {} }]);
    const report = async () => (await (await fetch(`${b.url}/v1/reports/journeys/lapsed`, { headers: secret })).json()) as { entered: number };
    expect((await report()).entered).toBe(5);

    // Instance 0's run stops midway and its connection ends (its process died): the lease goes with it.
    await seen(9);
    blocked = gate();
    const dying = run(a.url);
    await blocked.at;
    const killed = await a.metadata.pool.query<{ ok: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_locks WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = $1`,
      [lockKey(journeyLease(1, 'lapsed'), 'lease')],
    );
    expect(killed.rows).toEqual([{ ok: true }]);
    const [after] = await run(b.url);
    expect(after).not.toHaveProperty('busy');
    blocked.open();
    // The run that lost its lease stops after the page under way, saying so.
    expect((await dying)[0]).toMatchObject({ id: 'lapsed', busy: true });
  } finally {
    await shared.stop();
  }
});
