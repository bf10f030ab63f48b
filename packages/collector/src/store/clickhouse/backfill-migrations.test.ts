import { afterAll, expect, it } from 'vitest';
import { CLICKHOUSE_BACKENDS, describeOnClickHouse } from '../../../../../test/support/clickhouse-backends.js';
import { factsOf } from '../../facts/event-facts.js';
import { contentReach, contentReachRows } from '../../testing/content-reach.js';
import { eventCountRows, eventCounts } from '../../testing/event-counts.js';
import { surveyAnswerRows, surveyReport } from '../../testing/survey-answers.js';
import { type ClickHouseStore, clickhouseStore } from '../clickhouse-store.js';
import { openSqliteStore } from '../sqlite-store.js';
import { requestRows } from '../../testing/store-conformance.js';
import type { EventRow } from '../store.js';
import { eventRecord } from './event-record.js';
import { addFactRows, emptyFactRows, FACT_TABLES } from './fact-rows.js';
import { migrateClickHouse } from './migrate.js';

// The migrations that fill a new fact table from the events stored before (survey answers,
// migration 2; content reach, migration 3; each user's events per name and day, migration 4),
// on every ClickHouse release we test, compared with SQLite fed the same events.
describeOnClickHouse(CLICKHOUSE_BACKENDS, 'backfilling migrations', ({ engine, freshDatabase }) => {
  const toClose: Array<{ close(): Promise<void> }> = [];
  // Closing drains each store's writer: on a busy machine that can pass the default 10 s.
  afterAll(async () => {
    for (const s of toClose) await s.close();
  }, 60_000);

  /**
   * A store migrated from `version` on, with `rows` stored as the schema of `version` kept them:
   * the events, and the facts of those of `factTables` that ingest wrote then (none when not given).
   */
  async function migratedFrom(version: number, rows: EventRow[], factTables: ReadonlyArray<(typeof FACT_TABLES)[number]> = []) {
    const db = engine().connect(await freshDatabase());
    await migrateClickHouse(db, version);
    await db.insert(
      'events',
      rows.map((row, seq) => eventRecord(1, row, seq)),
    );
    const facts = emptyFactRows();
    for (const row of rows) {
      const f = factsOf(row);
      if (f) addFactRows(facts, 1, row.messageId, f, '');
    }
    for (const table of factTables) await db.insert(table, facts[table]);
    const store = clickhouseStore(db, { delayMs: 5 });
    await store.migrate();
    toClose.push(store);
    return store;
  }

  async function sqliteWith(rows: EventRow[]) {
    const sqlite = openSqliteStore(':memory:');
    toClose.push(sqlite);
    const { id } = await sqlite.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
    await sqlite.insertEvents(id, rows);
    return { sqlite, id };
  }

  it("keeps the survey answers already stored, as SQLite counts them, without a preview tab's", async () => {
    const store = await migratedFrom(1, surveyAnswerRows());
    const { sqlite, id } = await sqliteWith(surveyAnswerRows());
    const expected = await surveyReport(sqlite, id);
    expect(expected.scores).toHaveLength(6);
    expect(await surveyReport(store, 1)).toEqual(expected);
  }, 60_000);

  it("counts the reach of the content already stored, as SQLite does, without a preview tab's", async () => {
    const store = await migratedFrom(2, contentReachRows());
    const { sqlite, id } = await sqliteWith(contentReachRows());
    const expected = await contentReach(sqlite, id);
    expect(expected[0]!.filter(Boolean)).toHaveLength(9);
    expect(await contentReach(store, 1)).toEqual(expected);
  }, 60_000);

  it("counts each user's events already stored, as SQLite does, without a preview tab's", async () => {
    // Version 3 kept every fact but the per-user event counts.
    const store = await migratedFrom(
      3,
      eventCountRows(),
      FACT_TABLES.filter((t) => t !== 'user_events_in' && t !== 'people_in' && t !== 'person_traits'),
    );
    const { sqlite, id } = await sqliteWith(eventCountRows());
    const expected = await eventCounts(sqlite, id);
    expect(expected[0]!.exported).toEqual([
      { key: 'ada', count: 3 },
      { key: 'anon-1', count: 1 },
      { key: 'bob', count: 0 },
    ]);
    expect(await eventCounts(store, 1)).toEqual(expected);
  }, 60_000);

  it("keeps the people of the events already stored (journeys' per-user facts), as SQLite does, without a preview tab's", async () => {
    // Version 4 kept every fact but people.
    const store = await migratedFrom(
      4,
      eventCountRows(),
      FACT_TABLES.filter((t) => t !== 'people_in' && t !== 'person_traits'),
    );
    const { sqlite, id } = await sqliteWith(eventCountRows());
    const people = async (s: Pick<ClickHouseStore, 'allPeople'>, projectId: number) =>
      (await s.allPeople(projectId, undefined, 100)).people.map(({ changed: _, ...p }) => p);
    const expected = await people(sqlite, id);
    expect(expected.map((p) => p.key)).toEqual(['ada', 'anon-1', 'bob', 'cy']);
    expect(expected.map((p) => p.traits)).toEqual([{}, {}, {}, {}]);
    expect(await people(store, 1)).toEqual(expected);
  }, 60_000);

  it('fills the traits of the identify calls already stored (migration 6), as SQLite merges them, on every release', async () => {
    const identify = (who: string, at: number, traits: Record<string, unknown>, preview = false) => ({ who, at, type: 'identify' as const, traits, preview });
    const rows = [
      ...requestRows([identify('ada', 3, { plan: 'pro', 'odd "key"': { nested: [1, 'two'] } }), identify('ada', 1, { plan: 'free', seat: 3, gone: null })]),
      ...requestRows([
        identify('bob', 2, { locale: 'ja', vip: true }),
        identify('ada', 2, { plan: 'team', seat: 4 }),
        identify('bob', 4, { locale: 'fr' }, true),
      ]),
    ];
    // Version 5 kept people (first and last seen, accounts) but no traits of the calls stored before it.
    const store = await migratedFrom(
      5,
      rows,
      FACT_TABLES.filter((t) => t !== 'person_traits'),
    );
    const { sqlite, id } = await sqliteWith(rows);
    const traits = async (s: Pick<ClickHouseStore, 'allPeople'>, projectId: number) =>
      Object.fromEntries((await s.allPeople(projectId, undefined, 100)).people.map((p) => [p.key, p.traits]));
    const expected = await traits(sqlite, id);
    expect(expected).toEqual({ ada: { plan: 'pro', 'odd "key"': { nested: [1, 'two'] }, seat: 4, gone: null }, bob: { locale: 'ja', vip: true } });
    expect(await traits(store, 1)).toEqual(expected);
  }, 60_000);
});
