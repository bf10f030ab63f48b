import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { CountAnswer, CountRequest } from './counters.js';
import { DB_NOW } from './schedule.js';
import type { Pool } from './pool.js';

/**
 * `@fastify/rate-limit`'s store over PostgreSQL, for instances that share one installation:
 * each request is counted in the key's window (which starts at the key's first request, as the
 * plugin's own store does), answering the count and the time left on the database's clock (one
 * step of `touchpoint_count`, sent with the other counts of the moment: counters.ts). The
 * counters are an UNLOGGED table; windows long over are deleted by `sweepCounters`.
 */
export function postgresRateLimitStore(count: (request: CountRequest) => Promise<CountAnswer>, prefix = 'rl:'): FastifyRateLimitStoreCtor {
  class PostgresRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly keyPrefix = prefix,
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number) {
      count({ key: this.keyPrefix + key, count: 1, bytes: 0, maxCount: 0, maxBytes: 0, windowMs: Math.max(1, timeWindow) }).then(
        ({ current, ttl }) => callback(null, { current: current!, ttl: ttl! }),
        (e: Error) => callback(e),
      );
    }

    // A route with limits of its own counts apart (the plugin passes the route as routeInfo).
    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      const { routeInfo } = routeOptions as unknown as { routeInfo: { method: string; url: string } };
      return new PostgresRateLimitStore(undefined, `${this.keyPrefix}${routeInfo.method}${routeInfo.url}:`);
    }
  }
  return PostgresRateLimitStore as FastifyRateLimitStoreCtor;
}

/**
 * Deletes counters whose window ended over a minute ago (any instance may; it is idempotent).
 * Rows a count holds now are left for the next sweep: waiting for them while holding others
 * could deadlock with a batch of counts (counters.ts).
 */
export async function sweepCounters(pool: Pool): Promise<void> {
  await pool.query(`DELETE FROM rate_counters WHERE key IN (SELECT key FROM rate_counters WHERE reset_at < ${DB_NOW} - 60000 FOR UPDATE SKIP LOCKED)`);
}
