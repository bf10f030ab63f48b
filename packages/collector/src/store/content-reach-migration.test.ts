import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { contentReach, contentReachRows } from '../testing/content-reach.js';
import { migrate, SqliteStore } from './sqlite-store.js';

const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

it("migrating counts the reach of the content from the events already stored, by the rule ingest follows, without a preview tab's", async () => {
  const fresh = new SqliteStore(new Database(':memory:'));
  stores.push(fresh);
  const project = await fresh.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  await fresh.insertEvents(project.id, contentReachRows());
  const expected = await contentReach(fresh, project.id);
  // Not vacuous: ada started the tour on two days (once in the range), bob's target_missing is no dismissal, the preview tab saw nothing.
  expect(expected[0]).toEqual([1, 1, 1, 1, 1, 0, 1, 1, 1, 1]);
  expect(expected[1]).toEqual([1, 1, 0, 1, 1, 0, 0, 0, 0, 0]);

  const db = new Database(':memory:');
  migrate(db, 16);
  db.prepare("INSERT INTO projects (id, name, write_key, secret_key, created_at) VALUES (1, 'p', 'w', 's', 0)").run();
  const insert = db.prepare(
    "INSERT INTO events (project_id, message_id, type, event, user_id, timestamp, received_at, payload) VALUES (1, ?, 'track', ?, ?, ?, 0, ?)",
  );
  for (const r of contentReachRows()) insert.run(r.messageId, r.event, r.userId, r.timestamp, r.payload);
  const migrated = new SqliteStore(db);
  stores.push(migrated);
  expect(await contentReach(migrated, 1)).toEqual(expected);
});
