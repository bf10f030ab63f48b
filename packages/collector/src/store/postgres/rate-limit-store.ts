import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { DB_NOW } from './schedule.js';
import type { Pool } from './pool.js';

/**
 * `@fastify/rate-limit`'s store over PostgreSQL, for instances that share one installation:
 * one UPSERT a request counts it in the key's window (which starts at the key's first request,
 * as the plugin's own store does) and answers the count and the time left, on the database's
 * clock. The counters are an UNLOGGED table; windows long over are deleted by `sweepCounters`.
 */
export function postgresRateLimitStore(pool: Pool, prefix = 'rl:'): FastifyRateLimitStoreCtor {
  class PostgresRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly keyPrefix = prefix,
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number) {
      pool
        .query<{ current: number; ttl: number }>(
          `WITH t AS (SELECT ${DB_NOW} AS now)
           INSERT INTO rate_counters AS c (key, count, reset_at) SELECT $1, 1, t.now + $2::bigint FROM t
           ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN c.reset_at <= (SELECT now FROM t) THEN 1 ELSE c.count + 1 END,
             reset_at = CASE WHEN c.reset_at <= (SELECT now FROM t) THEN excluded.reset_at ELSE c.reset_at END
           RETURNING c.count AS current, c.reset_at - (SELECT now FROM t) AS ttl`,
          [this.keyPrefix + key, timeWindow],
        )
        .then(
          ({ rows }) => callback(null, rows[0]),
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

/** Deletes counters whose window ended over a minute ago (any instance may; it is idempotent). */
export async function sweepCounters(pool: Pool): Promise<void> {
  await pool.query(`DELETE FROM rate_counters WHERE reset_at < ${DB_NOW} - 60000`);
}
