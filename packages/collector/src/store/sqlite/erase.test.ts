import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { SqliteStore } from '../sqlite-store.js';
import type { EventRow } from '../store.js';

const DAY = 86_400_000;
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

let n = 0;
function track(userId: string, event: string, properties: Record<string, unknown> = {}, extra: Partial<EventRow> = {}): EventRow {
  const timestamp = 20_412 * DAY + 3_600_000 + n * 1000;
  return {
    messageId: `m${n++}`,
    type: 'track',
    event,
    userId,
    anonymousId: `anon-${userId}`,
    groupId: 'acme',
    timestamp,
    receivedAt: timestamp,
    payload: JSON.stringify({ type: 'track', event, userId, anonymousId: `anon-${userId}`, properties, context: { groupId: 'acme' } }),
    properties,
    ...extra,
  };
}

it("erasing a user leaves the account's daily counts as if they had never been there (recounted with ingest's own rules)", async () => {
  const mine = [
    track('a', 'Todo Added'),
    track('a', 'Feature Used', { feature_id: 'export' }),
    // A raw click counts only through the click features it matched, never as an event.
    track('a', 'Element Clicked', { path: [{ tag: 'button' }] }, { features: ['export'] }),
  ];
  const theirs = [track('b', 'Todo Added'), track('b', 'Element Clicked', { path: [] }), track('b', 'Feature Used', { feature_id: 'filters' })];
  const range = { from: 20_400, to: 20_420 };

  const erased = new SqliteStore(new Database(':memory:'));
  const never = new SqliteStore(new Database(':memory:'));
  stores.push(erased, never);
  const p = await erased.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  await never.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  await erased.insertEvents(p.id, [...mine, ...theirs]);
  await never.insertEvents(p.id, mine);
  expect((await erased.accountWindow(p.id, 'acme', range)).counts).toMatchObject({ 'event:Todo Added': 2, 'feature:filters': 1 });

  expect(await erased.deleteUser(p.id, 'b')).toEqual({ events: 3, keys: ['b', 'anon-b'] });
  expect(await erased.accountWindow(p.id, 'acme', range)).toEqual(await never.accountWindow(p.id, 'acme', range));
  expect(await erased.accountWindows(p.id, range)).toEqual(await never.accountWindows(p.id, range));
});
