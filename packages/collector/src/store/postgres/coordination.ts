import { type Coordination, repeat } from '../../coordination.js';
import { CONTENT_CHANNEL } from './channels.js';
import { counterBatches } from './counters.js';
import { postgresJobs, type PostgresJobOptions } from './jobs.js';
import { listenTo } from './listener.js';
import type { Pool } from './pool.js';
import { postgresQuota } from './quota.js';
import { postgresRateLimitStore, sweepCounters } from './rate-limit-store.js';
import { lockKey, runOncePerPeriod, tryAdvisoryLock } from './schedule.js';

export interface PostgresCoordinationOptions {
  /** Where to LISTEN (its own connection). */
  url: string;
  /** The store's pool (store/postgres-store.ts), for counters and schedules. */
  pool: Pool;
  log?: (message: string) => void;
  /** How often the listening connection is checked (ms). @default 10000 */
  heartbeatMs?: number;
  /** Background jobs' lease and polling. */
  jobs?: Omit<PostgresJobOptions, 'log'>;
}

/**
 * Coordination of any number of instances over the PostgreSQL database they share: content
 * publishes heard through LISTEN/NOTIFY (published by the store in the publish's transaction),
 * schedules under an advisory lock with the last period recorded, and rate limits and quotas
 * counted in one UNLOGGED table (the counts of concurrent requests in one statement), jobs claimed FOR UPDATE SKIP LOCKED under a lease. Resolves
 * once it listens.
 */
export async function createPostgresCoordination(o: PostgresCoordinationOptions): Promise<Coordination> {
  const listener = listenTo(o.url, CONTENT_CHANNEL, { heartbeatMs: o.heartbeatMs, log: o.log });
  await listener.ready;
  const stops = new Set<() => Promise<void>>();
  const every: Coordination['every'] = (name, periodMs, task) => {
    // Checked four times a period (at most once a minute): a period is run soon after it starts
    // even when timers drift or the instance that would have run it died.
    const checkMs = Math.max(10, Math.min(periodMs / 4, 60_000));
    return repeat(stops, checkMs, () =>
      runOncePerPeriod(o.pool, name, periodMs, task).catch((e: unknown) => o.log?.(`schedule ${name}: ${e instanceof Error ? e.message : String(e)}`)),
    );
  };
  every('rate-counter-sweep', 60_000, () => sweepCounters(o.pool));
  const count = counterBatches(o.pool);
  return {
    onContentChanged(listener_) {
      return listener.subscribe((payload) => listener_(payload === undefined ? undefined : Number(payload)));
    },
    // A backstop only: every publish is heard, and a lost connection clears everything.
    contentCacheTtlMs: 60_000,
    every,
    // The schedules' advisory lock, held for the whole run on a connection of its own.
    lease: (name) => tryAdvisoryLock(o.pool, lockKey(name, 'lease')),
    rateLimitStore: postgresRateLimitStore(count),
    quota: (name, limits) => postgresQuota(count, name, limits),
    jobs: postgresJobs(o.pool, { ...o.jobs, log: o.log }),
    async close() {
      await Promise.all([...stops].map((stop) => stop()));
      await listener.close();
    },
  };
}
