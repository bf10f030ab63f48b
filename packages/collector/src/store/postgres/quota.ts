import type { SharedQuota } from '../../coordination.js';
import type { Pool } from './pool.js';
import { DB_NOW } from './schedule.js';

// bigint columns take no Infinity: a limit of "none" is the largest count there can be.
const finite = (n: number) => (Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER);

/**
 * A quota (messages and bytes per client and minute) counted in PostgreSQL, shared by every
 * instance: fixed windows on the minutes of the database's clock, as the in-process quota's
 * fixed windows. One statement counts a request only while it stays within both limits.
 */
export function postgresQuota(pool: Pool, name: string, limits: { messagesPerMinute: number; bytesPerMinute: number }): SharedQuota {
  const messagesPerMinute = finite(limits.messagesPerMinute);
  const bytesPerMinute = finite(limits.bytesPerMinute);
  return {
    ...limits,
    async take(client, messages, bytes) {
      const { rows } = await pool.query<{ taken: boolean; now: number }>(
        `WITH t AS (SELECT ${DB_NOW} AS now),
         up AS (
           INSERT INTO rate_counters AS c (key, count, bytes, reset_at)
           SELECT $1, $2::integer, $3::bigint, (t.now / 60000 + 1) * 60000 FROM t WHERE $2::integer <= $4::bigint AND $3::bigint <= $5::bigint
           ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN c.reset_at <= (SELECT now FROM t) THEN excluded.count ELSE c.count + excluded.count END,
             bytes = CASE WHEN c.reset_at <= (SELECT now FROM t) THEN excluded.bytes ELSE c.bytes + excluded.bytes END,
             reset_at = excluded.reset_at
           WHERE c.reset_at <= (SELECT now FROM t) OR (c.count + excluded.count <= $4::bigint AND c.bytes + excluded.bytes <= $5::bigint)
           RETURNING 1
         )
         SELECT EXISTS (SELECT 1 FROM up) AS taken, (SELECT now FROM t) AS now`,
        [`q:${name}:${client}`, messages, bytes, messagesPerMinute, bytesPerMinute],
      );
      const { taken, now } = rows[0]!;
      return taken ? undefined : Math.max(1, Math.ceil(((Math.floor(now / 60000) + 1) * 60000 - now) / 1000));
    },
  };
}
