import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate, SqliteStore } from './sqlite-store.js';

it('migrating fills the users of each account from the events already stored', async () => {
  const db = new Database(':memory:');
  migrate(db, 7); // every migration before account_users
  db.prepare("INSERT INTO projects (id, name, write_key, secret_key, created_at) VALUES (1, 'p', 'w', 's', 0)").run();
  const insert = db.prepare(
    "INSERT INTO events (project_id, message_id, type, user_id, anonymous_id, group_id, timestamp, received_at, payload) VALUES (1, ?, 'page', ?, ?, ?, ?, 0, '{}')",
  );
  for (const [id, user, anonymous, group, at] of [
    ['1', 'ada', 'x1', 'acme', 100],
    ['2', 'ada', 'x1', 'acme', 300],
    ['3', null, 'x2', 'acme', 200],
    ['4', 'bob', null, 'globex', 400],
    ['5', 'cy', null, null, 500],
  ] as const) {
    insert.run(id, user, anonymous, group, at);
  }
  const store = new SqliteStore(db);
  expect(await store.accountUsers(1, 'acme', 10)).toEqual({
    users: [
      { key: 'ada', identified: true, firstSeen: 100, lastSeen: 300 },
      { key: 'x2', identified: false, firstSeen: 200, lastSeen: 200 },
    ],
    total: 2,
  });
  expect((await store.accountUsers(1, 'globex', 10)).total).toBe(1);
  await store.close();
});
