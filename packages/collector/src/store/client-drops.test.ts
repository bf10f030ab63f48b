import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate, SqliteStore } from './sqlite-store.js';

it('migrating keeps the drops counted before reasons were told apart, as unspecified, and counts new ones by reason', async () => {
  const db = new Database(':memory:');
  migrate(db, 9); // every migration before client_drops
  db.prepare(
    "INSERT INTO projects (id, name, write_key, secret_key, created_at, client_dropped) VALUES (1, 'p', 'w', 's', 0, 7), (2, 'q', 'w2', 's2', 0, 0)",
  ).run();
  const store = new SqliteStore(db);
  expect(await store.clientDropped(1)).toEqual({ unspecified: 7 });
  expect(await store.clientDropped(2)).toEqual({});
  await store.insertEvents(1, [], { refused: 2, unspecified: 1 });
  expect(await store.clientDropped(1)).toEqual({ unspecified: 8, refused: 2 });
  await store.close();
});
