import { describe, expect, it } from 'vitest';
import type { PostgresStore } from '../packages/collector/src/store/postgres-store.js';
import { postgresStores } from './support/postgres-stores.js';

/*
 * Each instance keeps projects by key (store/postgres/project-cache.ts): two stores on one
 * database stand for two collectors. What one changes, the other must never contradict: an old
 * key stops at its grace end to the millisecond, a new key works at once.
 */

const { stores: postgres } = postgresStores();

async function twoInstances(): Promise<[PostgresStore, PostgresStore]> {
  const [a, b] = await postgres(1);
  return [a!, b!];
}

/** Queries `store` sends while `call` runs (a cached answer sends none). */
async function queriesDuring<T>(store: PostgresStore, call: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const query = store.pool.query.bind(store.pool);
  let queries = 0;
  store.pool.query = ((...args: Parameters<typeof query>) => (queries++, query(...args))) as typeof query;
  try {
    return { result: await call(), queries };
  } finally {
    store.pool.query = query;
  }
}

/** Looks `lookup` up until an answer comes from the instance's cache (it listens for changes): the positive signal that it is kept. */
async function cached(store: PostgresStore, lookup: () => Promise<unknown>) {
  let answer: unknown;
  await until(async () => {
    const { result, queries } = await queriesDuring(store, lookup);
    answer = result;
    return queries === 0;
  }, 'the lookup was never answered from the cache');
  return answer;
}

/** Waits for `condition` (a change heard through NOTIFY), failing with `why` after 10 s. */
async function until(condition: () => Promise<boolean>, why: string) {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(why);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('projects by key, cached per instance', () => {
  it('refuses a rotated key on another instance exactly at its grace end, and takes the new key at once', async () => {
    const [a, b] = await twoInstances();
    const project = await a.createProject({ name: 'p', writeKey: 'wk_old', secretKey: 'sk_old', origins: [] });
    const start = Date.now();
    // b keeps the current keys, and has looked the new ones up before they existed.
    expect(await cached(b, () => b.projectByWriteKey('wk_old', start))).toMatchObject({ id: project.id });
    expect(await cached(b, () => b.projectBySecretKey('sk_old', start))).toMatchObject({ id: project.id });
    expect(await b.projectByWriteKey('wk_new', start)).toBeUndefined();

    const graceEnd = Date.now() + 60_000;
    await a.rotateKeys(project.id, { writeKey: 'wk_new', secretKey: 'sk_new' }, graceEnd);

    // The new keys at once, on both instances.
    expect(await b.projectByWriteKey('wk_new', Date.now())).toMatchObject({ id: project.id, writeKey: 'wk_new' });
    expect(await b.projectBySecretKey('sk_new', Date.now())).toMatchObject({ id: project.id, secretKey: 'sk_new' });
    expect(await a.projectByWriteKey('wk_old', graceEnd)).toBeUndefined();
    // b hears of the rotation (the NOTIFY takes a moment); the old keys, kept again as previous
    // keys, open the project until their grace end and not after.
    for (const [lookup, key] of [
      [b.projectByWriteKey, 'wk_old'],
      [b.projectBySecretKey, 'sk_old'],
    ] as const) {
      await until(async () => (await lookup(key, graceEnd)) === undefined, 'the other instance never heard of the rotation');
      expect(await cached(b, () => lookup(key, graceEnd - 1))).toMatchObject({ id: project.id });
      const { result, queries } = await queriesDuring(b, () => lookup(key, graceEnd - 1));
      expect({ result, queries }).toMatchObject({ result: { id: project.id }, queries: 0 });
      expect(await lookup(key, graceEnd)).toBeUndefined();
      expect(await lookup(key, graceEnd + 3_600_000)).toBeUndefined();
    }
  });

  it("forgets a retired key kept as another project's previous key once a new project takes it", async () => {
    const [a, b] = await twoInstances();
    const first = await a.createProject({ name: 'first', writeKey: 'wk_1', secretKey: 'sk_1', origins: [] });
    const graceEnd = Date.now() + 3_600_000;
    await a.rotateKeys(first.id, { writeKey: 'wk_1b' }, graceEnd);
    expect(await cached(b, () => b.projectByWriteKey('wk_1', Date.now()))).toMatchObject({ id: first.id });
    // `project create --write-key` may reuse a retired key: its current holder wins, on every instance.
    const second = await a.createProject({ name: 'second', writeKey: 'wk_1', secretKey: 'sk_2', origins: [] });
    await until(async () => (await b.projectByWriteKey('wk_1', Date.now()))?.id === second.id, 'the other instance kept the retired key for the first project');
    expect(await a.projectByWriteKey('wk_1', Date.now())).toMatchObject({ id: second.id });
  });
});
