import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { eventCountRows, eventCounts } from '../testing/event-counts.js';
import { SqliteStore } from './sqlite-store.js';

const EDGE = 20_032;
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function storeWithRows(db = new Database(':memory:')) {
  const store = new SqliteStore(db);
  stores.push(store);
  const project = await store.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  await store.insertEvents(project.id, eventCountRows());
  return { store, id: project.id };
}

it("counts events per active user (the holdout report) and per day (the overview), across block edges, without a preview tab's", async () => {
  const { store, id } = await storeWithRows();
  const [edges, before, at, all, none] = await eventCounts(store, id);
  const users = (counts: Record<string, number>) => Object.entries(counts).map(([key, count]) => ({ key, count }));
  // pm only previewed: no user of any range; ada's preview export is not one of her 3.
  expect(edges).toEqual({
    exported: users({ ada: 3, 'anon-1': 1, bob: 0 }),
    clicked: users({ ada: 0, 'anon-1': 0, bob: 1 }),
    daily: [
      { day: EDGE - 1, activeUsers: 1, events: 2 },
      { day: EDGE, activeUsers: 3, events: 4 },
      { day: EDGE + 1, activeUsers: 1, events: 1 },
    ],
  });
  expect(before).toEqual({ exported: users({ ada: 2 }), clicked: users({ ada: 0 }), daily: [{ day: EDGE - 1, activeUsers: 1, events: 2 }] });
  expect(at).toEqual({
    exported: users({ ada: 1, 'anon-1': 1, bob: 0 }),
    clicked: users({ ada: 0, 'anon-1': 0, bob: 0 }),
    daily: [{ day: EDGE, activeUsers: 3, events: 4 }],
  });
  expect(all!.exported).toEqual(users({ ada: 3, 'anon-1': 2, bob: 0, cy: 1 }));
  expect(all!.daily.at(-1)).toEqual({ day: EDGE + 40, activeUsers: 2, events: 2 });
  expect(none).toEqual({ exported: [], clicked: [], daily: [] });
});

it('erases the counts of an erased user, and of the anonymous ids their events carried', async () => {
  const { store, id } = await storeWithRows();
  // dan turns out to be anon-1: erasing dan erases anon-1's events too.
  const identify = { type: 'identify', userId: 'dan', anonymousId: 'anon-1' } as const;
  await store.insertEvents(id, [
    { ...identify, messageId: 'identify', event: null, groupId: null, timestamp: EDGE * 86_400_000, receivedAt: 0, payload: JSON.stringify(identify) },
  ]);
  await store.deleteUser(id, 'dan');
  await store.deleteUser(id, 'ada');
  const [edges] = await eventCounts(store, id);
  expect(edges).toEqual({
    exported: [{ key: 'bob', count: 0 }],
    clicked: [{ key: 'bob', count: 1 }],
    daily: [
      { day: EDGE, activeUsers: 1, events: 1 },
      { day: EDGE + 1, activeUsers: 1, events: 1 },
    ],
  });
  // Forgotten: the same user id seen again starts from nothing.
  await store.insertEvents(id, [{ ...eventCountRows()[2]!, messageId: 'again' }]);
  expect((await eventCounts(store, id))[0]!.exported).toEqual([
    { key: 'ada', count: 1 },
    { key: 'bob', count: 0 },
  ]);
});

it("migrating counts the events already stored by the rule ingest follows (0019, 0020), without a preview tab's", async () => {
  const { store, id } = await storeWithRows();
  const expected = await eventCounts(store, id);
  // The database as version 18 left it: the same events and rollups, without the counts.
  const db = new Database(':memory:');
  const { store: old, id: oldId } = await storeWithRows(db);
  stores.splice(stores.indexOf(old), 1);
  // 0021 (journeys), 0022 (unsubscribes) and 0023 (address suppressions) run again after them.
  db.exec(
    'DROP TABLE user_events; DROP TABLE daily_events; DROP TABLE people; DROP TABLE journey_memory; DROP TABLE journey_entries; DROP TABLE journey_runs; DROP TABLE unsubscribes; DROP TABLE installation_secrets; DROP TABLE address_suppressions; DROP INDEX alert_outbox_webhooks_due; DROP INDEX alert_outbox_webhooks_by_project; DROP INDEX alert_outbox_emails_to; PRAGMA user_version = 18',
  );
  const migrated = new SqliteStore(db);
  stores.push(migrated);
  expect(await eventCounts(migrated, oldId)).toEqual(expected);
});
