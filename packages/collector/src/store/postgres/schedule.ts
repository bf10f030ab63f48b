import { createHash } from 'node:crypto';
import type { ScheduledTask } from '../../coordination.js';
import type { Client, Pool } from './pool.js';

/**
 * A 64-bit advisory lock key for a name (the first 8 bytes of its SHA-256, as PostgreSQL's
 * signed bigint in decimal), beside the migration lock: `schedule` keys are those of schedules,
 * `lease` of leases. 64 bits so two journeys never share a lease (32 bits collide within a
 * hundred thousand names, and one would answer `busy` for the other).
 */
export function lockKey(name: string, kind: 'schedule' | 'lease' = 'schedule'): string {
  return createHash('sha256').update(`touchpoint:${kind}:${name}`).digest().readBigInt64BE(0).toString();
}

/**
 * Takes the session advisory lock `key` on a connection of its own, kept until the release:
 * resolves with the connection and the release, or undefined at once when another session
 * holds it. A process that dies loses its connection and with it the lock.
 */
export async function tryAdvisoryLock(pool: Pool, key: string): Promise<{ client: Client; lost: boolean; release: () => Promise<void> } | undefined> {
  const client = await pool.connect();
  let locked = false;
  try {
    locked = (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key])).rows[0]!.locked;
  } finally {
    if (!locked) client.release();
  }
  if (!locked) return undefined;
  let released = false;
  // A connection ended under a held lock (the server restarted, the connection was cut) ends
  // the lock with it: noted, not thrown into the process (a checked-out client's error has no
  // other listener).
  const lock = {
    client,
    lost: false,
    async release() {
      if (released) return;
      released = true;
      client.off('error', onError);
      if (!lock.lost) await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => (lock.lost = true));
      client.release(lock.lost);
    },
  };
  const onError = () => {
    lock.lost = true;
  };
  client.on('error', onError);
  return lock;
}

/** The database's clock in ms: every instance judges periods by the same clock. */
export const DB_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/**
 * Runs `task` for the current period unless some instance ran it already. The instance that
 * gets the session advisory lock of the schedule runs it (others skip at once) and records the
 * period in `scheduled_runs` when done; one killed mid-run loses its connection and with it the
 * lock, and since it recorded nothing, the next instance to check runs the period again.
 * Resolves with the period run, or undefined.
 */
export async function runOncePerPeriod(pool: Pool, name: string, periodMs: number, task: ScheduledTask): Promise<number | undefined> {
  const lock = await tryAdvisoryLock(pool, lockKey(name));
  if (!lock) return undefined;
  const { client } = lock;
  try {
    const { rows } = await client.query<{ now: number; done: number | null }>(
      `SELECT ${DB_NOW} AS now, (SELECT period FROM scheduled_runs WHERE name = $1) AS done`,
      [name],
    );
    const period = Math.floor(rows[0]!.now / periodMs);
    if (rows[0]!.done !== null && rows[0]!.done >= period) return undefined;
    await task(period);
    await client.query(
      `INSERT INTO scheduled_runs (name, period, finished_at) VALUES ($1, $2, ${DB_NOW})
       ON CONFLICT (name) DO UPDATE SET period = excluded.period, finished_at = excluded.finished_at`,
      [name, period],
    );
    return period;
  } finally {
    await lock.release();
  }
}
