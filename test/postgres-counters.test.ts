import { expect, it } from 'vitest';
import { counterBatches } from '../packages/collector/src/store/postgres/counters.js';
import { postgresQuota } from '../packages/collector/src/store/postgres/quota.js';
import { postgresStores } from './support/postgres-stores.js';

/*
 * The shared counters count the requests of the moment in one statement per instance
 * (store/postgres/counters.ts). Batched or not, two instances together stop at the limit.
 */

const { stores: postgres } = postgresStores();

/** Two instances' pools on one migrated database, each counting the statements it sends. */
async function twoInstances() {
  const stores = await postgres(1);
  return stores.map((store) => {
    const query = store.pool.query.bind(store.pool);
    const counted = { statements: 0 };
    store.pool.query = ((...args: Parameters<typeof query>) => (counted.statements++, query(...args))) as typeof query;
    return { count: counterBatches(store.pool), counted };
  });
}

it('stops two instances at the quota together when each counts hundreds of concurrent requests in a few statements', async () => {
  // Within one minute of the database's clock (a new window starts at its edge).
  await expect.poll(() => Date.now() % 60_000 < 50_000, { timeout: 15_000, interval: 100 }).toBe(true);
  const instances = await twoInstances();
  const quotas = instances.map(({ count }) => postgresQuota(count, 'ingest', { messagesPerMinute: 250, bytesPerMinute: Infinity }));
  const answers = await Promise.all(Array.from({ length: 600 }, (_, i) => quotas[i % 2]!.take('1|10.0.0.1', 1, 100)));
  expect(answers.filter((wait) => wait === undefined)).toHaveLength(250);
  expect(answers.filter((wait) => wait !== undefined && wait >= 1 && wait <= 60)).toHaveLength(350);
  // Another client's window is its own.
  expect(await quotas[0]!.take('1|10.0.0.2', 1, 100)).toBeUndefined();
  for (const { counted } of instances) expect(counted.statements).toBeLessThan(30);
});

it('gives every rate-limited request of two instances its own place in the window', async () => {
  const instances = await twoInstances();
  const answers = await Promise.all(
    Array.from({ length: 400 }, (_, i) => instances[i % 2]!.count({ key: 'rl:w1|10.0.0.1', count: 1, bytes: 0, maxCount: 0, maxBytes: 0, windowMs: 60_000 })),
  );
  expect(answers.map((a) => a.current).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
  for (const a of answers) expect(a.ttl).toBeGreaterThan(50_000);
  for (const { counted } of instances) expect(counted.statements).toBeLessThan(30);
});

it('never deadlocks when two instances count the same keys in opposite orders at once', async () => {
  const instances = await twoInstances();
  const count = (instance: number, key: string, n: number) =>
    Array.from({ length: n }, () => instances[instance]!.count({ key, count: 1, bytes: 0, maxCount: 1e9, maxBytes: 1e9, windowMs: 0 }));
  // A statement holds the rows it counted until it ends: one instance's batch counts x then y,
  // the other's y then x, at the same moment, so unordered they would wait for each other
  // (PostgreSQL then fails one of them after deadlock_timeout, 1 s).
  for (let round = 0; round < 5; round++) {
    const started = Date.now();
    const answers = await Promise.all([...count(0, 'x', 150), ...count(0, 'y', 150), ...count(1, 'y', 150), ...count(1, 'x', 150)]);
    expect(answers.every((a) => a.taken)).toBe(true);
    expect(Date.now() - started).toBeLessThan(900);
  }
});

it("one count PostgreSQL would refuse fails nobody else's: a NUL in a client's key counts on its own, and a refused count is its own error", async () => {
  const [a] = await twoInstances();
  const take = (key: string, count = 1) => a!.count({ key, count, bytes: 0, maxCount: 2, maxBytes: 1e9, windowMs: 0 });
  // The login throttle counts per email as sent: text with a NUL, beside other clients' counts in one statement.
  const answers = await Promise.all([
    take('q:ingest:1|10.0.0.1'),
    take('q:login-account:a\u0000b'),
    take('q:login-account:ab'),
    take('q:login-account:a\u0000b'),
  ]);
  expect(answers.map((x) => x.taken)).toEqual([true, true, true, true]);
  // Each key its own counter: the NUL key's third take is over its limit of 2, the other's is not.
  expect((await take('q:login-account:a\u0000b')).taken).toBe(false);
  expect((await take('q:login-account:ab')).taken).toBe(true);
  // A count the database cannot take (not a number) is refused alone; its neighbours are counted.
  const mixed = await Promise.allSettled([take('q:ingest:1|10.0.0.2'), take('q:ingest:1|10.0.0.3', Number.NaN), take('q:ingest:1|10.0.0.4')]);
  expect(mixed.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
});
