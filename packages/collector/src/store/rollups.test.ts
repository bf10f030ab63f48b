import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, SqliteStore } from './sqlite-store.js';
import type { EventRow } from './store.js';

const DAY = 86_400_000;
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

function row(user: string, day: number, extra: Partial<EventRow> = {}): EventRow {
  return {
    messageId: `${user}-${day}-${Math.random()}`,
    type: 'page',
    event: null,
    userId: user,
    anonymousId: null,
    groupId: null,
    timestamp: day * DAY + 3_600_000,
    receivedAt: 0,
    payload: '{}',
    ...extra,
  } as EventRow;
}

describe('distinct users over day ranges (day bitmaps in 32-day blocks)', () => {
  it('counts exactly for any range, across block edges, with users on several days counted once', async () => {
    const store = new SqliteStore(new Database(':memory:'));
    stores.push(store);
    const project = await store.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
    // 100 consecutive days from a block edge minus 3 (so blocks are crossed): user d is active
    // on day d, and "both" is active on every day.
    const first = 20_000 * 32 - 3;
    const days = Array.from({ length: 100 }, (_, i) => first + i);
    await store.insertEvents(
      project.id,
      days.flatMap((d) => [row(`u${d}`, d), row('both', d)]),
    );
    for (const [from, to] of [
      [first, first],
      [first, first + 2],
      [first + 2, first + 3],
      [first + 3, first + 34],
      [first + 34, first + 35],
      [first + 3, first + 99],
      [first - 10, first + 200],
      [first + 50, first + 50],
      [first + 60, first + 40],
    ]) {
      const inRange = days.filter((d) => d >= from! && d <= to!).length;
      const users = (await store.distinctUsers(project.id, 'active', [''], { from: from!, to: to! })).get('') ?? 0;
      expect([from! - first, to! - first, users]).toEqual([from! - first, to! - first, inRange ? inRange + 1 : 0]);
    }
  });

  it('migrates daily_users rows into the bitmaps', async () => {
    const db = new Database(':memory:');
    const before = 6; // every migration before user_days
    migrate(db, before);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'daily_users'").get()).toBeTruthy();
    db.prepare("INSERT INTO projects (id, name, write_key, secret_key, created_at) VALUES (1, 'p', 'w', 's', 0)").run();
    const insert = db.prepare('INSERT INTO daily_users (project_id, kind, key, day, user_key, tier) VALUES (1, ?, ?, ?, ?, ?)');
    for (const [kind, key, day, user, tier] of [
      ['active', '', 100, 'a', 'high'],
      ['active', '', 127, 'a', 'high'],
      ['active', '', 128, 'b', null],
      ['feature', 'x', 130, 'b', null],
    ] as const) {
      insert.run(kind, key, day, user, tier);
    }
    const store = new SqliteStore(db);
    stores.push(store);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'daily_users'").get()).toBeUndefined();
    expect((await store.distinctUsers(1, 'active', [''], { from: 100, to: 130 })).get('')).toBe(2);
    expect((await store.distinctUsers(1, 'active', [''], { from: 101, to: 127 })).get('')).toBe(1);
    expect((await store.distinctUsers(1, 'active', [''], { from: 100, to: 200 }, 'high')).get('')).toBe(1);
    expect((await store.distinctUsers(1, 'feature', ['x'], { from: 129, to: 131 })).get('x')).toBe(1);
  });
});
