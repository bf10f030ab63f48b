import { MAX_OBJECT_KEYS } from '@touchpoint/content';
import { afterAll, describe, expect, it } from 'vitest';
import { CLICKHOUSE_BACKENDS, CLICKHOUSE_SERVER, describeOnClickHouse } from '../../../../test/support/clickhouse-backends.js';
import { eventCountRows, eventCounts } from '../testing/event-counts.js';
import { conformanceRequests, DAY, FIRST_DAY, RANGE, readEverything, requestRows } from '../testing/store-conformance.js';
import { type ClickHouseStore, clickhouseStore, isClickHouseUnavailable, openClickHouseStore } from './clickhouse-store.js';
import type { ClickHouseSql } from './clickhouse/connection.js';
import { CHANGE_LAG_MS } from './clickhouse/people.js';
import { MIGRATIONS } from './clickhouse/schema.js';
import { schemaVersion } from './clickhouse/migrate.js';
import { literal } from './clickhouse/sql.js';
import { openSqliteStore } from './sqlite-store.js';
import { isStorageError } from './store.js';

// The same tests on every ClickHouse we can run here: Debian's server (18.16, over HTTP as in
// production) and a current release through chdb (in-process, installed by .ci/run outside the
// workspace). Each test in a database of its own, compared with the SQLite store fed the same rows.
describeOnClickHouse(CLICKHOUSE_BACKENDS, 'the ClickHouse store', ({ backend, engine, freshDatabase }) => {
  const toClose: Array<{ close(): Promise<void> }> = [];
  // Closing drains each store's writer: on a busy machine that can pass the default 10 s.
  afterAll(async () => {
    for (const s of toClose) await s.close();
  }, 60_000);

  /** A migrated store over `database`, through `wrap` when given (to watch or hold what the store sends). */
  async function storeOn(database: string, options: { delayMs?: number; wrap?: (db: ClickHouseSql) => ClickHouseSql } = {}): Promise<ClickHouseStore> {
    const connection = engine().connect(database);
    const store = clickhouseStore(options.wrap ? options.wrap(connection) : connection, { delayMs: options.delayMs ?? 5 });
    await store.migrate();
    toClose.push(store);
    return store;
  }

  async function sqliteWith(requests: ReadonlyArray<readonly Parameters<ClickHouseStore['insertEvents']>[1][number][]>) {
    const sqlite = openSqliteStore(':memory:');
    toClose.push(sqlite);
    const { id } = await sqlite.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
    for (const rows of requests) await sqlite.insertEvents(id, rows);
    return { sqlite, id };
  }

  describe('the ClickHouse store answers every read as the SQLite store does', () => {
    it('over the same requests, after a user is erased, and after their messages are sent again', async () => {
      const ch = await storeOn(await freshDatabase());
      const sqlite = openSqliteStore(':memory:');
      toClose.push(sqlite);
      const { id } = await sqlite.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
      const requests = conformanceRequests();
      for (const rows of requests) {
        const drops = { unspecified: 2 };
        expect(await ch.insertEvents(id, rows, drops)).toEqual(await sqlite.insertEvents(id, rows, drops));
      }
      const everything = await readEverything(ch, id);
      expect(everything).toEqual(await readEverything(sqlite, id));
      // A preview tab's click is stored, and no retroactive feature counts it.
      const clickers = (everything.clicks as Array<{ userKey: string }>).map((c) => c.userKey);
      expect(clickers.length).toBeGreaterThan(0);
      expect(clickers).not.toContain('pm');

      // The keys an erasure forgets on the metadata side, read before anything goes: the same.
      expect((await ch.erasureKeys(id, 'bob')).sort()).toEqual((await sqlite.erasureKeys(id, 'bob')).sort());
      expect((await ch.erasureKeys(id, 'bob')).length).toBeGreaterThan(1);
      // bob's 5 events and the 3 of his anonymous id before he identified.
      expect(await ch.deleteUser(id, 'bob')).toMatchObject({ events: 8, keys: expect.arrayContaining(['bob']) });
      expect(await sqlite.deleteUser(id, 'bob')).toMatchObject({ events: 8, keys: expect.arrayContaining(['bob']) });
      expect(await ch.queryEvents(id, { userId: 'bob', limit: 10 })).toEqual({ events: [] });
      expect(await readEverything(ch, id)).toEqual(await readEverything(sqlite, id));

      // Erased means forgotten: the same messages sent again are new.
      expect(await ch.insertEvents(id, requests[1]!)).toEqual(await sqlite.insertEvents(id, requests[1]!));
      expect(await readEverything(ch, id)).toEqual(await readEverything(sqlite, id));
    }, 60_000);
  });

  describe('reads asked together', () => {
    it('answers distinct users of several key sets asked at once (one query a range and tier) as each alone', async () => {
      const ch = await storeOn(await freshDatabase());
      const requests = conformanceRequests();
      for (const rows of requests) await ch.insertEvents(1, rows);
      const { sqlite } = await sqliteWith(requests);
      const asks = [
        [[{ kind: 'feature', key: 'export' }], RANGE, undefined],
        [[{ kind: 'feature', key: 'filters' }], RANGE, undefined],
        [
          [
            { kind: 'event', key: 'Todo Added' },
            { kind: 'feature', key: 'export' },
          ],
          RANGE,
          undefined,
        ],
        [[{ kind: 'feature', key: 'export' }], RANGE, 'high'],
        [[{ kind: 'active', key: '' }], { from: FIRST_DAY + 1, to: FIRST_DAY + 2 }, undefined],
        [[{ kind: 'feature', key: 'none' }], RANGE, undefined],
      ] as const;
      const ask = (store: ClickHouseStore | typeof sqlite) => Promise.all(asks.map(([keys, range, tier]) => store.distinctUsersOfAny(1, keys, range, tier)));
      const expected = await ask(sqlite);
      expect(expected).toEqual([3, 1, 4, 2, 4, 0]);
      expect(await ask(ch)).toEqual(expected);
    }, 30_000);
  });

  describe('exactly once without transactions', () => {
    it('stores a batch sent twice once, and says so', async () => {
      const ch = await storeOn(await freshDatabase());
      const requests = conformanceRequests();
      for (const rows of requests) await ch.insertEvents(1, rows);
      expect(await ch.insertEvents(1, requests[0]!)).toEqual({ inserted: 0, duplicates: requests[0]!.length });
      // The same message twice in one request, and in two requests sharing one INSERT.
      const again = requests[2]!;
      const both = await Promise.all([ch.insertEvents(1, [...again, ...again]), ch.insertEvents(1, again)]);
      expect(both).toEqual([
        { inserted: 0, duplicates: again.length * 2 },
        { inserted: 0, duplicates: again.length },
      ]);
      const { sqlite } = await sqliteWith(requests);
      expect(await readEverything(ch, 1)).toEqual(await readEverything(sqlite, 1));
    }, 60_000);

    it('counts once a batch that two collectors store at the same moment (both checked before either wrote)', async () => {
      const database = await freshDatabase();
      // Each store's connection holds its events INSERT until both stores have checked which
      // messages are stored: both find none, and both write everything.
      let checked = 0;
      let release!: () => void;
      const bothChecked = new Promise<void>((r) => {
        release = r;
      });
      const racing = (db: ClickHouseSql): ClickHouseSql => ({
        ...db,
        async query<T>(text: string) {
          const rows = await db.query<T>(text);
          if (text.includes('FROM event_ids') && ++checked === 2) release();
          return rows;
        },
        async insert(table, rows) {
          await bothChecked;
          await db.insert(table, rows);
        },
      });
      const [a, b] = [await storeOn(database, { wrap: racing }), await storeOn(database, { wrap: racing })];
      const requests = conformanceRequests();
      const all = requests.flat();
      const results = await Promise.all([a.insertEvents(1, all), b.insertEvents(1, all)]);
      // Both wrote (neither could know): the reads still count each message once.
      expect(results).toEqual([
        { inserted: all.length, duplicates: 0 },
        { inserted: all.length, duplicates: 0 },
      ]);
      const { sqlite } = await sqliteWith(requests);
      const expected = await readEverything(sqlite, 1);
      expect(await readEverything(a, 1)).toEqual(expected);
      // And a later retry is a duplicate for either.
      expect(await b.insertEvents(1, requests[0]!)).toEqual({ inserted: 0, duplicates: requests[0]!.length });
    }, 60_000);

    it('counts merged days as they are and days of several parts once, even when a duplicate lands as it reads', async () => {
      const database = await freshDatabase();
      // Once the reads have looked at which days are one part, every row of the per-message
      // counts is written again (as a racing collector would): each day is then two parts.
      let duplicated = false;
      const late = (db: ClickHouseSql): ClickHouseSql => ({
        ...db,
        async query<T>(text: string) {
          const rows = await db.query<T>(text);
          if (text.includes('FROM system.parts') && !duplicated) {
            duplicated = true;
            for (const table of ['daily_events', 'account_daily']) await db.command(`INSERT INTO ${table} SELECT * FROM ${table}`);
          }
          return rows;
        },
      });
      const ch = await storeOn(database, { wrap: late });
      const requests = conformanceRequests();
      for (const rows of requests) await ch.insertEvents(1, rows);
      const admin = engine().connect(database);
      for (const table of ['daily_events', 'account_daily']) await admin.command(`OPTIMIZE TABLE ${table} FINAL`);
      const { sqlite } = await sqliteWith(requests);
      expect(await ch.dailyActivity(1, RANGE)).toEqual(await sqlite.dailyActivity(1, RANGE));
      expect(duplicated).toBe(true);
      expect(await readEverything(ch, 1)).toEqual(await readEverything(sqlite, 1));
    }, 60_000);

    it("checks a group of thousands of long messageIds (split below the server's query size limit)", async () => {
      const ch = await storeOn(await freshDatabase());
      const rows = Array.from({ length: 8000 }, (_, i) => {
        const messageId = `${'0'.repeat(24)}-${String(i).padStart(12, '0')}`;
        const timestamp = FIRST_DAY * DAY + i;
        return {
          messageId,
          type: 'page' as const,
          event: null,
          userId: `u${i % 50}`,
          anonymousId: null,
          groupId: null,
          timestamp,
          receivedAt: timestamp,
          payload: JSON.stringify({ messageId }),
        };
      });
      expect(await ch.insertEvents(1, rows)).toEqual({ inserted: 8000, duplicates: 0 });
      expect(await ch.insertEvents(1, rows)).toEqual({ inserted: 0, duplicates: 8000 });
    }, 30_000);

    it('groups concurrent requests into one INSERT and answers each only once its rows are written', async () => {
      const inserts: string[] = [];
      const watched = (db: ClickHouseSql): ClickHouseSql => ({
        ...db,
        async insert(table, rows) {
          await db.insert(table, rows);
          if (table === 'events') inserts.push(`events:${rows.length}`);
        },
      });
      const ch = await storeOn(await freshDatabase(), { delayMs: 100, wrap: watched });
      const requests = conformanceRequests();
      const answered = await Promise.all(
        requests.map(async (rows) => {
          const result = await ch.insertEvents(1, rows);
          // Answered after the shared INSERT of the events, which holds this request's rows.
          return { result, insertsBefore: inserts.length, stored: (await ch.queryEvents(1, { limit: 1000 })).events.length };
        }),
      );
      expect(inserts).toEqual([`events:${requests.flat().length}`]);
      for (const [i, a] of answered.entries()) {
        expect(a.result).toEqual({ inserted: requests[i]!.length, duplicates: 0 });
        expect(a.insertsBefore).toBe(1);
        expect(a.stored).toBe(requests.flat().length);
      }
    }, 30_000);
    it('writes one group at a time: requests arriving during a slow write go together in the next one', async () => {
      const inserts: number[] = [];
      let entered: () => void = () => {};
      const firstEntered = new Promise<void>((r) => (entered = r));
      let release: () => void = () => {};
      const held = new Promise<void>((r) => (release = r));
      const watched = (db: ClickHouseSql): ClickHouseSql => ({
        ...db,
        async insert(table, rows) {
          if (table === 'events') {
            inserts.push(rows.length);
            // The first write is slow: it takes as long as the test holds it.
            if (inserts.length === 1) {
              entered();
              await held;
            }
          }
          await db.insert(table, rows);
        },
      });
      const ch = await storeOn(await freshDatabase(), { delayMs: 20, wrap: watched });
      const [first, ...later] = conformanceRequests();
      const firstDone = ch.insertEvents(1, first!);
      await firstEntered;
      // Requests keep arriving, well past the pace (20 ms), while the first group is written.
      const laterDone: Array<Promise<unknown>> = [];
      for (const rows of later) {
        laterDone.push(ch.insertEvents(1, rows));
        await new Promise((r) => setTimeout(r, 15));
      }
      release();
      await Promise.all([firstDone, ...laterDone]);
      expect(inserts).toEqual([first!.length, later.flat().length]);
    }, 30_000);
  });

  describe('erasure', () => {
    it("forgets an erased user's event counts: the same user id seen again starts from nothing", async () => {
      const ch = await storeOn(await freshDatabase());
      const rows = eventCountRows();
      await ch.insertEvents(1, rows);
      const { sqlite } = await sqliteWith([rows]);
      const again = [{ ...rows[2]!, messageId: 'again' }];
      for (const store of [ch, sqlite]) {
        await store.deleteUser(1, 'ada');
        await store.insertEvents(1, again);
      }
      const expected = await eventCounts(sqlite, 1);
      expect(expected[0]!.exported).toEqual([
        { key: 'ada', count: 1 },
        { key: 'anon-1', count: 1 },
        { key: 'bob', count: 0 },
      ]);
      expect(await eventCounts(ch, 1)).toEqual(expected);
    }, 60_000);
  });

  describe("journeys' people", () => {
    it('reads the people changed since a cursor (the writer clock), in pages; traits by the latest call whatever the arrival order', async () => {
      const ch = await storeOn(await freshDatabase());
      const start = Date.now();
      await ch.insertEvents(1, requestRows([{ who: 'ann', at: 5, type: 'identify', traits: { plan: 'pro', seats: 3 } }]));
      await ch.insertEvents(1, requestRows([{ who: 'ann', at: 1, type: 'identify', traits: { plan: 'free', locale: 'ja' } }]));
      await ch.insertEvents(1, requestRows([{ who: 'ben', at: 2, event: 'Todo Added' }]));
      const middle = Date.now();
      await new Promise((r) => setTimeout(r, 5));
      await ch.insertEvents(1, requestRows([{ who: 'cat', at: 3, event: 'Todo Added' }]));
      // The cursor stays behind the clock: a flush written late is read by the next run.
      expect(await ch.peopleCursor(1)).toBeLessThanOrEqual(Date.now() - CHANGE_LAG_MS);
      const upTo = Date.now() + 1;
      const first = await ch.peopleChanged(1, start - 1, upTo, undefined, 2);
      const second = await ch.peopleChanged(1, start - 1, upTo, first.next, 2);
      expect([...first.people, ...second.people].map((p) => p.key)).toEqual(['ann', 'ben', 'cat']);
      expect(second.next).toBeUndefined();
      expect((await ch.peopleChanged(1, middle, upTo, undefined, 10)).people.map((p) => p.key)).toEqual(['cat']);
      expect(first.people[0]!.traits).toEqual({ plan: 'pro', seats: 3, locale: 'ja' });
    }, 30_000);

    it('merges traits key by key by event time and caps them as SQLite does, whatever the arrival order and batching', async () => {
      const keys = (from: number, n: number, v: number) =>
        Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${String(from + i).padStart(4, '0')}`, v]));
      const big = (c: string) => c.repeat(12 * 1024);
      const identify = (who: string, at: number, traits: Record<string, unknown>) => ({ who, at, type: 'identify' as const, traits });
      const requests = [
        // An older call arriving later fills only the keys missing.
        requestRows([identify('ann', 2, { plan: 'pro' })]),
        requestRows([identify('ann', 1, { plan: 'free', seat: 3 })]),
        // A late call, newer for its key than the key's value but older than the person's other keys, wins that key.
        requestRows([identify('ben', 1, { plan: 'pro' })]),
        requestRows([identify('ben', 3, { seat: 3 })]),
        requestRows([identify('ben', 2, { plan: 'free' })]),
        // The same in one request.
        requestRows([identify('cat', 1, { plan: 'pro' }), identify('cat', 3, { seat: 3 }), identify('cat', 2, { plan: 'free' })]),
        // Over the cap: keys, then bytes.
        requestRows([identify('dan', 3, keys(800, 400, 3))]),
        requestRows([identify('dan', 1, keys(0, 400, 1)), identify('dan', 2, keys(400, 400, 2))]),
        requestRows([identify('eve', 1, { a: big('a') }), identify('eve', 3, { c: big('c') })]),
        requestRows([identify('eve', 2, { b: big('b') }), identify('eve', 0.5, { d: 'small' })]),
        // One request folded per person: the account of the latest event carrying one, first and last seen.
        requestRows([
          { who: 'fay', at: 2, event: 'Todo Added', group: 'acme' },
          { who: 'fay', at: 4, event: 'Todo Added', group: 'globex' },
          { who: 'fay', at: 3, event: 'Todo Added', group: 'initech' },
          { who: 'fay', at: 5, event: 'Todo Added' },
          { who: 'fay', at: 1, event: 'Todo Added' },
        ]),
      ];
      const ch = await storeOn(await freshDatabase());
      for (const rows of requests) await ch.insertEvents(1, rows);
      const { sqlite, id } = await sqliteWith(requests);
      const traits = async (s: Pick<ClickHouseStore, 'allPeople'>, projectId: number) =>
        Object.fromEntries((await s.allPeople(projectId, undefined, 100)).people.map((p) => [p.key, p.traits]));
      const expected = await traits(sqlite, id);
      expect(expected.ann).toEqual({ plan: 'pro', seat: 3 });
      expect(expected.ben).toEqual({ plan: 'free', seat: 3 });
      expect(expected.cat).toEqual({ plan: 'free', seat: 3 });
      expect(Object.keys(expected.dan!)).toHaveLength(1000);
      expect(Object.keys(expected.eve!).sort()).toEqual(['b', 'c', 'd']);
      expect(await traits(ch, 1)).toEqual(expected);
      const people = async (s: Pick<ClickHouseStore, 'allPeople'>, projectId: number) =>
        (await s.allPeople(projectId, undefined, 100)).people.map(({ changed: _, traits: __, ...p }) => p);
      const all = await people(sqlite, id);
      expect(all.find((p) => p.key === 'fay')).toMatchObject({
        accountId: 'globex',
        firstSeen: FIRST_DAY * DAY + 3_600_000,
        lastSeen: FIRST_DAY * DAY + 5 * 3_600_000,
      });
      expect(await people(ch, 1)).toEqual(all);
    }, 60_000);

    it('reads at most MAX_OBJECT_KEYS traits a person, the ones SQLite keeps, however many keys were sent', async () => {
      const keys = (prefix: string, from: number, n: number, v: unknown) =>
        Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${String(from + i).padStart(4, '0')}`, v]));
      const identify = (who: string, at: number, traits: Record<string, unknown>) => ({ who, at, type: 'identify' as const, traits });
      const requests = [
        // 3 000 keys, new ones in every call (what a client with the write key can send).
        ...[0, 1, 2].map((i) => requestRows([identify('ann', i + 1, keys('k', i * 1000, 1000, i))])),
        // Ties in time are ranked by key; the last call (time 4) reuses some old keys.
        requestRows([identify('ben', 1, keys('a', 0, 1000, 1))]),
        requestRows([identify('ben', 1, keys('b', 0, 1000, 1))]),
        requestRows([identify('ben', 4, { ...keys('a', 990, 20, 4), z: 4 })]),
        // Bytes within the keys kept: the older of two big values does not fit, and the key
        // ranked 1 001st does not take its place (only the 1 000 latest keys are candidates).
        requestRows([identify('cat', 1, keys('s', 0, 1000, 1))]),
        requestRows([identify('cat', 2, { big1: 'x'.repeat(20 * 1024) })]),
        requestRows([identify('cat', 3, { big2: 'y'.repeat(20 * 1024) })]),
      ];
      let traitRows = 0;
      const watched = (db: ClickHouseSql): ClickHouseSql => ({
        ...db,
        async query<T>(text: string) {
          const rows = await db.query<T>(text);
          if (text.includes('FROM person_traits')) traitRows += rows.length;
          return rows;
        },
      });
      const ch = await storeOn(await freshDatabase(), { wrap: watched });
      for (const rows of requests) await ch.insertEvents(1, rows);
      const { sqlite, id } = await sqliteWith(requests);
      const traits = async (s: Pick<ClickHouseStore, 'allPeople'>, projectId: number) =>
        Object.fromEntries((await s.allPeople(projectId, undefined, 100)).people.map((p) => [p.key, p.traits]));
      const expected = await traits(sqlite, id);
      expect(Object.keys(expected.ann!)).toHaveLength(MAX_OBJECT_KEYS);
      expect(Object.keys(expected.ann!).sort()[0]).toBe('k2000');
      expect(Object.keys(expected.ben!).sort().slice(-2)).toEqual(['a1009', 'z']);
      expect(expected.ben!.b0000).toBeUndefined();
      expect(Object.keys(expected.cat!)).toHaveLength(MAX_OBJECT_KEYS - 1);
      expect(expected.cat!.big1).toBeUndefined();
      expect(await traits(ch, 1)).toEqual(expected);
      // Three people: ClickHouse sent at most the cap of each, not the 3 000 keys of ann.
      expect(traitRows).toBeLessThanOrEqual(3 * MAX_OBJECT_KEYS);
    }, 60_000);
  });

  describe('facts that do not depend on arrival order', () => {
    it('keeps the earliest exposure and counts a goal that arrived before its exposure', async () => {
      const at = (hours: number) => FIRST_DAY * DAY + hours * 3_600_000;
      const exposure = (who: string, hours: number, variant: string) =>
        requestRows([{ who, at: hours, event: 'Experiment Viewed', properties: { experiment_id: 'exp', variation_id: variant } }]);
      const goal = (who: string, hours: number) => requestRows([{ who, at: hours, event: 'Todo Added' }]);
      // In time order: ann exposed to a at 1 h (and to b at 5 h: a later exposure, not hers),
      // converts at 10 h; ben exposed to b at 2 h converts at 3 h; cat converts at 1 h, before
      // her exposure at 2 h (no conversion), and after the window (3 days) too.
      const inOrder = [
        exposure('ann', 1, 'a'),
        exposure('ben', 2, 'b'),
        goal('cat', 1),
        exposure('cat', 2, 'a'),
        goal('ben', 3),
        exposure('ann', 5, 'b'),
        goal('ann', 10),
        goal('cat', 2 + 24 * 3 + 1),
      ];
      const arrival = [inOrder[6]!, inOrder[4]!, inOrder[5]!, inOrder[7]!, inOrder[2]!, inOrder[0]!, inOrder[3]!, inOrder[1]!];
      const ch = await storeOn(await freshDatabase());
      for (const rows of arrival) await ch.insertEvents(1, rows);
      const { sqlite } = await sqliteWith(inOrder);
      const expected = [
        { variant: 'a', users: 2, conversions: 1 },
        { variant: 'b', users: 1, conversions: 1 },
      ];
      expect(await sqlite.experimentCounts(1, 'exp')).toEqual(expected);
      expect(await ch.experimentCounts(1, 'exp')).toEqual(expected);
      expect(at(10)).toBeGreaterThan(at(1));
    }, 30_000);
  });

  describe('ClickHouse itself', () => {
    it('is the release these tests are named for', () => {
      expect(engine().version).toMatch(backend.release);
    });

    it('reads back every hostile value exactly as it was written', async () => {
      const db = engine().connect();
      const values = [
        "'",
        "\\'",
        '\\',
        "a''b",
        '\u0000',
        'nul\u0000inside',
        '\t\n\r\b\f',
        'ünïcödé 🎉 \u{10FFFF}',
        '$\u007Bx}', // ${x}, not a placeholder here
        '{name:String}',
        '?',
        "'; DROP TABLE events; --",
        '',
      ];
      for (const value of values) {
        const [row] = await db.query<{ v: string; n: number }>(`SELECT ${literal(value)} AS v, length(${literal(value)}) AS n`);
        expect(row).toEqual({ v: value, n: Buffer.byteLength(value) });
      }
      for (const n of [0, -1, 1_763_600_400_000, 0.25, -1e-7, Number.MAX_SAFE_INTEGER]) {
        const [row] = await db.query<{ v: number }>(`SELECT ${literal(n)} AS v`);
        expect(row?.v).toBe(n);
      }
    });

    // About production's HTTP connection and its client's errors, not the SQL: on the server only.
    it.runIf(backend === CLICKHOUSE_SERVER)(
      'tells an unreachable server (503 for the collector) from a bad query (a bug)',
      async () => {
        const db = engine().connect();
        const bad = await db.query('SELECT no_such_column').catch((e: unknown) => e);
        expect(bad).toBeInstanceOf(Error);
        expect(isClickHouseUnavailable(bad)).toBe(false);
        expect(isStorageError(bad)).toBe(false);
        // Nothing listens on port 1 of the loopback: the connection is refused.
        const store = await openClickHouseStore('http://127.0.0.1:1', { delayMs: 1 });
        toClose.push(store);
        const refused = await store.insertEvents(1, conformanceRequests()[0]!).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(Error);
        expect(isClickHouseUnavailable(refused)).toBe(true);
        // What the server reads: the collector answers 503 with Retry-After.
        expect(isStorageError(refused)).toBe(true);
        await expect(store.checkWritable()).rejects.toThrow();
      },
      30_000,
    );

    it('migrates once, however often it is asked', async () => {
      const database = await freshDatabase();
      const store = await storeOn(database);
      await Promise.all([store.migrate(), store.migrate()]);
      const db = engine().connect(database);
      expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
      await store.checkWritable();
      expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
    });
  });
});
