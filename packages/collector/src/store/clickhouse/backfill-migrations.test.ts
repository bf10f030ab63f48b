import { afterAll, beforeAll, expect, it } from 'vitest';
import { startClickHouse, type ClickHouseServer } from '../../../../../test/support/clickhouse-server.mjs';
import { contentReach, contentReachRows } from '../../testing/content-reach.js';
import { surveyAnswerRows, surveyReport } from '../../testing/survey-answers.js';
import { clickhouseStore } from '../clickhouse-store.js';
import { openSqliteStore } from '../sqlite-store.js';
import { httpConnection } from './connection.js';
import { eventRecord } from './event-record.js';
import { migrateClickHouse } from './migrate.js';

let server: ClickHouseServer;
beforeAll(async () => {
  server = await startClickHouse();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

it("migrating ClickHouse keeps the survey answers already stored, as SQLite counts them, without a preview tab's", async () => {
  const admin = httpConnection(server.url);
  await admin.command('CREATE DATABASE surveys');
  await admin.close();
  // The schema before survey answers were kept, with the events stored then.
  const db = httpConnection(server.url, { database: 'surveys' });
  await migrateClickHouse(db, 1);
  await db.insert(
    'events',
    surveyAnswerRows().map((row, seq) => eventRecord(1, row, seq)),
  );

  const store = clickhouseStore(db, { delayMs: 5 });
  await store.migrate();
  const sqlite = openSqliteStore(':memory:');
  const { id } = await sqlite.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  await sqlite.insertEvents(id, surveyAnswerRows());
  const expected = await surveyReport(sqlite, id);
  expect(expected.scores).toHaveLength(6);
  expect(await surveyReport(store, 1)).toEqual(expected);
  await sqlite.close();
  await store.close();
}, 60_000);

it("migrating ClickHouse counts the reach of the content already stored, as SQLite does, without a preview tab's", async () => {
  const admin = httpConnection(server.url);
  await admin.command('CREATE DATABASE reach');
  await admin.close();
  const db = httpConnection(server.url, { database: 'reach' });
  await migrateClickHouse(db, 2);
  await db.insert(
    'events',
    contentReachRows().map((row, seq) => eventRecord(1, row, seq)),
  );

  const store = clickhouseStore(db, { delayMs: 5 });
  await store.migrate();
  const sqlite = openSqliteStore(':memory:');
  const { id } = await sqlite.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  await sqlite.insertEvents(id, contentReachRows());
  const expected = await contentReach(sqlite, id);
  expect(expected[0]!.filter(Boolean)).toHaveLength(9);
  expect(await contentReach(store, 1)).toEqual(expected);
  await sqlite.close();
  await store.close();
}, 60_000);
