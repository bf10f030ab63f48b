import { afterAll, expect, it } from 'vitest';
import { CLICKHOUSE_BACKENDS, describeOnClickHouse } from '../../../../../test/support/clickhouse-backends.js';
import { contentReach, contentReachRows } from '../../testing/content-reach.js';
import { surveyAnswerRows, surveyReport } from '../../testing/survey-answers.js';
import { clickhouseStore } from '../clickhouse-store.js';
import { openSqliteStore } from '../sqlite-store.js';
import type { EventRow } from '../store.js';
import { eventRecord } from './event-record.js';
import { migrateClickHouse } from './migrate.js';

// The migrations that fill a new fact table from the events stored before (survey answers,
// migration 2; content reach, migration 3), on every ClickHouse release we test, compared
// with SQLite fed the same events.
describeOnClickHouse(CLICKHOUSE_BACKENDS, 'backfilling migrations', ({ engine, freshDatabase }) => {
  const toClose: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    for (const s of toClose) await s.close();
  });

  /** A store migrated from `version` on, with `rows` stored as the schema of `version` kept them. */
  async function migratedFrom(version: number, rows: EventRow[]) {
    const db = engine().connect(await freshDatabase());
    await migrateClickHouse(db, version);
    await db.insert(
      'events',
      rows.map((row, seq) => eventRecord(1, row, seq)),
    );
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
});
