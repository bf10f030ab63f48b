import { expect, it } from 'vitest';
import type { ContentDocument } from '../packages/content/src/index.js';
import { runJourneys } from '../packages/collector/src/journeys/runner.js';
import { clickhouseStore } from '../packages/collector/src/store/clickhouse-store.js';
import { composeStore } from '../packages/collector/src/store/compose-store.js';
import { openSqliteStore } from '../packages/collector/src/store/sqlite-store.js';
import type { EventRow, Store } from '../packages/collector/src/store/store.js';
import { eventRow } from '../packages/collector/src/testing/event-row.js';
import { CLICKHOUSE_SERVER, describeOnClickHouse } from './support/clickhouse-backends.js';
import { postgresStores } from './support/postgres-stores.js';

/*
 * Journeys on the scaled installation (CONTRACT §9, issue 19): the same events in SQLite and in
 * ClickHouse with PostgreSQL, the same journeys run at the same moments: the same entries,
 * outcomes, conversions and outbox jobs (entry ids are stable hashes, so equal too).
 */
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-27T12:00:00Z');
const { stores: postgres } = postgresStores();

let n = 0;
const row = (user: string, at: number, extra: Partial<EventRow> = {}): EventRow =>
  eventRow({ messageId: `m${++n}`, type: 'page', userId: user, timestamp: at, ...extra });

const doc: ContentDocument = {
  version: 1,
  segments: [{ id: 'lapsed', lastSeen: { op: 'gte', days: 7 } }],
  messages: [{ id: 'tips', kind: 'modal', title: 'Tips' }],
  journeys: [
    { id: 'win-back', audience: 'lapsed', action: { webhook: 'https://crm.example.com/hook' }, holdout: 30, goal: { event: 'Logged In', withinDays: 7 } },
    {
      id: 'pros',
      audience: {
        all: [
          { trait: 'plan', op: 'eq', value: 'pro' },
          { event: 'Exported', count: { op: 'lt', value: 1 }, withinDays: 30 },
        ],
      },
      action: { show: 'tips' },
    },
  ],
};

const events = () =>
  Array.from({ length: 30 }, (_, i) => [
    row(`u${i}`, NOW - (i + 1) * DAY, { type: 'identify', traits: { plan: i % 3 ? 'free' : 'pro' }, groupId: `acct${i % 4}` }),
    ...(i % 2 ? [row(`u${i}`, NOW - (i + 1) * DAY + 1000, { type: 'track', event: 'Exported' })] : []),
  ]).flat();

describeOnClickHouse([CLICKHOUSE_SERVER], 'journeys on the scaled installation', ({ engine, freshDatabase }) => {
  it('enter, act and convert as on SQLite', async () => {
    const sqlite = openSqliteStore(':memory:');
    const [pg] = await postgres();
    // A cursor 50 ms behind the writer's clock (2 minutes in production), so the test need not wait.
    const ch = clickhouseStore(engine().connect(await freshDatabase()), { delayMs: 5, changeLagMs: 50 });
    await ch.migrate();
    const scaled = composeStore(pg!, ch) as Store;
    try {
      const stores: Store[] = [sqlite, scaled];
      const projects = await Promise.all(stores.map((s) => s.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] })));
      const batch = events();
      for (const [i, s] of stores.entries()) await s.insertEvents(projects[i]!.id, batch);
      const runAll = (now: number) => Promise.all(stores.map((s, i) => runJourneys({ store: s }, projects[i]!, doc, now)));
      const [first, firstScaled] = await runAll(NOW);
      expect(first!.map((j) => j.entered)).toEqual([24, 5]);
      expect(firstScaled).toEqual(first);
      // The next day, five lapsed users log in (the goal) and come back: a later run converts them.
      const back = ['u10', 'u11', 'u12', 'u13', 'u14'].map((u) => row(u, NOW + DAY, { type: 'track', event: 'Logged In' }));
      for (const [i, s] of stores.entries()) await s.insertEvents(projects[i]!.id, back);
      // Past the scaled cursor's lag, as the schedule would be.
      await new Promise((r) => setTimeout(r, 100));
      const [later, laterScaled] = await runAll(NOW + DAY + 10 * 60_000);
      expect(laterScaled).toEqual(later);
      const reports = await Promise.all(stores.map((s, i) => s.journeyReport(projects[i]!.id, 'win-back', 100)));
      expect(reports[0]!.converted + reports[0]!.holdout.converted).toBe(5);
      expect(reports[1]).toEqual(reports[0]);
      const jobs = await Promise.all(stores.map(async (s, i) => (await s.listAlerts(projects[i]!.id)).map((a) => [a.id, a.body]).sort()));
      expect(jobs[0]).toHaveLength(reports[0]!.acted);
      expect(jobs[1]).toEqual(jobs[0]);
    } finally {
      await sqlite.close();
      await ch.close();
    }
  }, 120_000);
});
