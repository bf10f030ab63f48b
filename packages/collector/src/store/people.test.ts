import Database from 'better-sqlite3';
import { MAX_MESSAGE_BYTES, MAX_OBJECT_KEYS } from '@touchpoint/content';
import { afterEach, expect, it } from 'vitest';
import type { EventRow } from './store.js';
import { SqliteStore } from './sqlite-store.js';

/** Journeys' per-user facts (people), recorded at ingest through factsOf, read in pages, erased with the user, backfilled by 0021. */
const DAY = 86_400_000;
const T = 20_400 * DAY;
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

let n = 0;
function row(
  message: {
    type: EventRow['type'];
    userId?: string;
    anonymousId?: string;
    groupId?: string;
    event?: string;
    traits?: Record<string, unknown>;
    preview?: boolean;
  },
  at: number,
): EventRow {
  const payload = { ...message, messageId: `m${++n}`, ...(message.preview && { context: { preview: true } }) };
  return {
    messageId: payload.messageId,
    type: message.type,
    event: message.event ?? null,
    userId: message.userId ?? null,
    anonymousId: message.anonymousId ?? null,
    groupId: message.groupId ?? null,
    timestamp: at,
    receivedAt: at,
    payload: JSON.stringify(payload),
    ...(message.traits && { traits: message.traits }),
    ...(message.preview && { preview: true }),
  };
}

/** Ada identifies twice (the later call stored first), works in acme then globex; anon-9 only visits; a preview tab counts for nothing. */
const ROWS = () => [
  row({ type: 'identify', userId: 'ada', anonymousId: 'a1', traits: { plan: 'pro', email: 'ada@x.test' } }, T + 5 * DAY),
  row({ type: 'identify', userId: 'ada', anonymousId: 'a1', traits: { plan: 'free', locale: 'ja' } }, T + DAY),
  row({ type: 'track', userId: 'ada', event: 'Exported', groupId: 'acme' }, T + 2 * DAY),
  row({ type: 'page', userId: 'ada', groupId: 'globex' }, T + 4 * DAY),
  row({ type: 'page', anonymousId: 'anon-9' }, T + 3 * DAY),
  row({ type: 'page', userId: 'ada', groupId: 'preview-co', preview: true }, T + 9 * DAY),
  row({ type: 'identify', userId: 'ada', traits: { plan: 'enterprise' }, preview: true }, T + 9 * DAY),
];

async function storeWith(db = new Database(':memory:')) {
  const store = new SqliteStore(db);
  stores.push(store);
  const project = await store.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  await store.insertEvents(project.id, ROWS());
  return { store, id: project.id };
}

const people = async (store: SqliteStore, id: number) => (await store.allPeople(id, undefined, 100)).people.map(({ changed: _, ...p }) => p);

it('keeps per user: traits merged from identify calls by time, the latest account, first and last seen, without preview tabs', async () => {
  const { store, id } = await storeWith();
  expect(await people(store, id)).toEqual([
    {
      key: 'ada',
      userId: 'ada',
      traits: { plan: 'pro', email: 'ada@x.test', locale: 'ja' },
      accountId: 'globex',
      firstSeen: T + DAY,
      lastSeen: T + 5 * DAY,
    },
    { key: 'anon-9', traits: {}, firstSeen: T + 3 * DAY, lastSeen: T + 3 * DAY },
  ]);
});

it('reads the people changed since a cursor, and those last seen in a range, a page at a time', async () => {
  const { store, id } = await storeWith();
  const cursor = await store.peopleCursor(id);
  expect((await store.peopleChanged(id, cursor, cursor, undefined, 10)).people).toEqual([]);
  await store.insertEvents(id, [row({ type: 'page', anonymousId: 'anon-9' }, T + 6 * DAY), row({ type: 'page', userId: 'cy' }, T + 6 * DAY)]);
  const upTo = await store.peopleCursor(id);
  const first = await store.peopleChanged(id, cursor, upTo, undefined, 1);
  expect(first.people.map((p) => p.key)).toEqual(['anon-9']);
  const second = await store.peopleChanged(id, cursor, upTo, first.next, 1);
  expect(second.people.map((p) => p.key)).toEqual(['cy']);
  expect((await store.peopleChanged(id, cursor, upTo, second.next, 1)).people).toEqual([]);
  // Last seen in [T+5d, T+6d): ada only; [T+5d, T+7d) in two pages.
  expect((await store.peopleLastSeen(id, T + 5 * DAY, T + 6 * DAY, undefined, 10)).people.map((p) => p.key)).toEqual(['ada']);
  const a = await store.peopleLastSeen(id, T + 5 * DAY, T + 7 * DAY, undefined, 2);
  const b = await store.peopleLastSeen(id, T + 5 * DAY, T + 7 * DAY, a.next, 2);
  expect([...a.people, ...b.people].map((p) => p.key)).toEqual(['ada', 'anon-9', 'cy']);
});

it('erases the person with the user, and their anonymous ids', async () => {
  const { store, id } = await storeWith();
  await store.insertEvents(id, [row({ type: 'page', anonymousId: 'a1' }, T)]);
  expect((await people(store, id)).map((p) => p.key)).toEqual(['a1', 'ada', 'anon-9']);
  expect(await store.erasureKeys(id, 'ada')).toEqual(['ada', 'a1']);
  expect(await store.deleteUser(id, 'ada')).toEqual({ events: 7, keys: ['ada', 'a1'] });
  expect((await people(store, id)).map((p) => p.key)).toEqual(['anon-9']);
});

it('migrating (0021) fills the people of the events already stored, as ingest keeps them', async () => {
  const { store, id } = await storeWith();
  const expected = await people(store, id);
  const db = new Database(':memory:');
  const { store: old, id: oldId } = await storeWith(db);
  stores.splice(stores.indexOf(old), 1);
  db.exec(
    'DROP TABLE people; DROP TABLE journey_memory; DROP TABLE journey_entries; DROP TABLE journey_runs; DROP TABLE unsubscribes; DROP TABLE installation_secrets; DROP TABLE address_suppressions; DROP INDEX alert_outbox_webhooks_due; DROP INDEX alert_outbox_webhooks_by_project; DROP INDEX alert_outbox_emails_to; PRAGMA user_version = 20',
  );
  const migrated = new SqliteStore(db);
  stores.push(migrated);
  expect(await people(migrated, oldId)).toEqual(expected);
});

/** Identify calls for `who`: traits at a time (ms after T), in arrival order. */
const identifies = (who: string, calls: ReadonlyArray<[Record<string, unknown>, number]>) =>
  calls.map(([traits, at]) => row({ type: 'identify', userId: who, traits }, T + at));

/** Arrival orders and batchings whose merged traits must all be the same. */
const TRAIT_CASES: ReadonlyArray<{ name: string; calls: ReadonlyArray<[Record<string, unknown>, number]>; traits: Record<string, unknown> }> = [
  {
    name: 'an older call arriving later fills only the keys missing',
    calls: [
      [{ plan: 'pro' }, 2],
      [{ plan: 'free', seat: 3 }, 1],
    ],
    traits: { plan: 'pro', seat: 3 },
  },
  {
    name: "a late call newer for its key than the key's value, older than the person's other keys, wins that key",
    calls: [
      [{ plan: 'pro' }, 1],
      [{ seat: 3 }, 3],
      [{ plan: 'free' }, 2],
    ],
    traits: { plan: 'free', seat: 3 },
  },
];

it.each(TRAIT_CASES)('merges traits key by key by event time, one request or many: $name', async ({ calls, traits }) => {
  for (const batched of [false, true]) {
    const store = new SqliteStore(new Database(':memory:'));
    stores.push(store);
    const { id } = await store.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
    const rows = identifies('zed', calls);
    if (batched) await store.insertEvents(id, rows);
    else for (const r of rows) await store.insertEvents(id, [r]);
    expect((await people(store, id))[0]!.traits, batched ? 'one request' : 'one request a call').toEqual(traits);
  }
});

it('caps merged traits at what one message may carry (MAX_OBJECT_KEYS keys, MAX_MESSAGE_BYTES): the keys set most recently stay', async () => {
  const store = new SqliteStore(new Database(':memory:'));
  stores.push(store);
  const { id } = await store.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  const keys = (from: number, n: number, at: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${String(from + i).padStart(4, '0')}`, at]));
  // 1,200 keys over three calls (the newest arriving first): 200 of those set earliest are
  // dropped (among keys set at one time, the first by name stay).
  await store.insertEvents(id, identifies('zed', [[keys(800, 400, 3), 3]]));
  await store.insertEvents(
    id,
    identifies('zed', [
      [keys(0, 400, 1), 1],
      [keys(400, 400, 2), 2],
    ]),
  );
  const kept = (await people(store, id))[0]!.traits;
  expect(Object.keys(kept)).toHaveLength(MAX_OBJECT_KEYS);
  expect([kept.k0000, kept.k0199, kept.k0200, kept.k0399, kept.k0400, kept.k1199]).toEqual([1, 1, undefined, undefined, 2, 3]);
  // Bytes: three values of 12 KB cannot all stay in 32 KB; the oldest goes, an older call arriving later adds nothing.
  const big = (c: string) => c.repeat(12 * 1024);
  await store.insertEvents(
    id,
    identifies('amy', [
      [{ a: big('a') }, 1],
      [{ c: big('c') }, 3],
      [{ b: big('b') }, 2],
      [{ d: 'small' }, 0],
    ]),
  );
  const amy = (await people(store, id)).find((p) => p.key === 'amy')!.traits;
  expect(Object.keys(amy).sort()).toEqual(['b', 'c', 'd']);
  expect(Buffer.byteLength(JSON.stringify(amy))).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
});

it('writes each person once per request (one change each), storing what writing event by event stores', async () => {
  const calls = [
    row({ type: 'page', anonymousId: 'a7' }, T + 3 * DAY),
    row({ type: 'identify', userId: 'bo', anonymousId: 'a7', traits: { plan: 'pro', seat: 1 } }, T + 2 * DAY),
    row({ type: 'track', userId: 'bo', event: 'Exported', groupId: 'acme' }, T + 4 * DAY),
    row({ type: 'identify', userId: 'bo', traits: { seat: 2 } }, T + DAY),
    row({ type: 'page', userId: 'bo', groupId: 'globex' }, T + 4 * DAY),
    row({ type: 'page', userId: 'bo', groupId: 'initech' }, T + 3 * DAY),
    row({ type: 'page', userId: 'bo' }, T + 5 * DAY),
  ];
  const stored = async (batched: boolean) => {
    const store = new SqliteStore(new Database(':memory:'));
    stores.push(store);
    const { id } = await store.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
    await store.insertEvents(id, ROWS());
    const before = await store.peopleCursor(id);
    if (batched) await store.insertEvents(id, calls);
    else for (const r of calls) await store.insertEvents(id, [r]);
    return { people: await people(store, id), changes: (await store.peopleCursor(id)) - before };
  };
  const oneByOne = await stored(false);
  const batched = await stored(true);
  expect(batched.people).toEqual(oneByOne.people);
  expect(oneByOne.people.find((p) => p.key === 'bo')).toEqual({
    key: 'bo',
    userId: 'bo',
    traits: { plan: 'pro', seat: 1 },
    accountId: 'globex',
    firstSeen: T + DAY,
    lastSeen: T + 5 * DAY,
  });
  // Two people (a7, bo) changed: one write each.
  expect(batched.changes).toBe(2);
});
