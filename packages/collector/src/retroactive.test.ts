import Database from 'better-sqlite3';
import { compileElementMatcher } from '@touchpoint/content';
import { afterEach, expect, it } from 'vitest';
import { backfillClickFeatures } from './retroactive.js';
import { SqliteStore } from './store/sqlite-store.js';
import type { EventRow, StoredClick } from './store/store.js';

const DAY = 86_400_000;
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

function click(i: number, timestamp: number, tag: string): EventRow {
  const properties = { path: [{ tag }] };
  return {
    messageId: `c${i}`,
    type: 'track',
    event: 'Element Clicked',
    userId: `u${i}`,
    anonymousId: null,
    groupId: null,
    timestamp,
    receivedAt: timestamp,
    payload: JSON.stringify({ type: 'track', event: 'Element Clicked', userId: `u${i}`, properties }),
    properties,
  };
}

it('pages through stored clicks by an opaque cursor: each click once, in time order, across clicks that share a time at a page edge', async () => {
  const store = new SqliteStore(new Database(':memory:'));
  stores.push(store);
  const p = await store.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  const base = 20_412 * DAY;
  // 10 clicks, stored out of time order, five of them at one instant.
  const times = [5, 1, 3, 3, 3, 3, 3, 0, 9, 7].map((t) => base + t);
  await store.insertEvents(
    p.id,
    times.map((t, i) => click(i, t, i % 2 ? 'button' : 'a')),
  );
  const read: StoredClick[] = [];
  let pages = 0;
  for (let cursor: string | undefined; ; pages++) {
    const page = await store.clicksAfter(p.id, cursor, 3);
    read.push(...page.clicks);
    if (page.next === undefined) break;
    expect(typeof page.next).toBe('string');
    cursor = page.next;
  }
  expect(read.map((c) => c.timestamp - base)).toEqual([...times].sort((a, b) => a - b).map((t) => t - base));
  expect(new Set(read.map((c) => c.userKey)).size).toBe(10);
  expect(pages).toBe(3);

  // The backfill reads the same pages: every matching click counts once, as a use on its day.
  const match = compileElementMatcher('button')!;
  expect(await backfillClickFeatures(store, p.id, [{ id: 'buttons', selector: 'button', match }], { pageSize: 3 })).toBe(5);
  expect((await store.distinctUsers(p.id, 'feature', ['buttons'], { from: 20_412, to: 20_412 })).get('buttons')).toBe(5);
});

it("skips a preview tab's clicks: the team testing its content counts in no feature, as at ingest", async () => {
  const store = new SqliteStore(new Database(':memory:'));
  stores.push(store);
  const p = await store.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  const at = 20_412 * DAY;
  const previewed = click(1, at + 1, 'button');
  previewed.preview = true;
  previewed.payload = JSON.stringify({ ...JSON.parse(previewed.payload), context: { preview: true } });
  await store.insertEvents(p.id, [click(0, at, 'button'), previewed]);
  expect((await store.clicksAfter(p.id, undefined, 10)).clicks.map((c) => c.userKey)).toEqual(['u0']);
  const match = compileElementMatcher('button')!;
  await backfillClickFeatures(store, p.id, [{ id: 'buttons', selector: 'button', match }]);
  expect((await store.distinctUsers(p.id, 'feature', ['buttons'], { from: 20_412, to: 20_412 })).get('buttons')).toBe(1);
});
