import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { createIngestQuota } from './ingest-quota.js';

/** Messages and bytes per client and minute, counted across every instance that shares the counter. */
export interface SharedQuota {
  readonly messagesPerMinute: number;
  readonly bytesPerMinute: number;
  /**
   * Counts a request against its client's quota. Resolves with the seconds until the window
   * ends when the request would go over (it is then not counted), else undefined.
   */
  take(client: string, messages: number, bytes: number): Promise<number | undefined>;
}

/** A task run on a schedule; `period` is the number of the period it runs for (time / period length). It logs its own failures: a rejection is ignored. */
export type ScheduledTask = (period: number) => Promise<void>;

/** A background job as its handler gets it. */
export interface Job {
  projectId: number;
  /** What `enqueue` was given (JSON-safe). */
  payload: unknown;
  /** Aborted when this instance stops: end at the next safe point (the job is then run again elsewhere or later). */
  signal: AbortSignal;
}

/** Background jobs: queued by any instance, each run to its end on one (again on another when its instance dies). */
export interface JobQueue {
  /** Queues a job of `kind` (a handler registered with `work` runs it). */
  enqueue(kind: string, projectId: number, payload: unknown): Promise<void>;
  /** Runs jobs of `kind` on this instance, one at a time. Returns the stop (which waits for the job under way to end). */
  work(kind: string, handler: (job: Job) => Promise<void>): () => Promise<void>;
}

/** A lease taken with `Coordination.lease`. */
export interface Lease {
  /** True once the lease was lost (its connection ended): another instance may hold it now. */
  readonly lost: boolean;
  release(): Promise<void>;
}

/**
 * What collector instances that share one installation agree on (CONTRACT §9): which content
 * is current, who runs a scheduled task, how many requests a client made. One process on SQLite
 * needs none of it (`createLocalCoordination`); several on PostgreSQL use
 * `createPostgresCoordination` (store/postgres/coordination.ts). The server closes it with the store.
 */
export interface Coordination {
  /**
   * Calls `listener` when content of a project was published (or rolled back) through any
   * instance: with the project's id, or undefined when any project's may have changed (the
   * instance was cut off from the others for a while). Returns the unsubscribe.
   */
  onContentChanged(listener: (projectId: number | undefined) => void): () => void;
  /** How long a cached content document may be used without hearing of a change (ms). */
  readonly contentCacheTtlMs: number;
  /**
   * Runs `task` every `periodMs`, at most once a period across all instances; a period whose
   * run was cut short (its instance died) is run again by another. Returns the stop (which
   * waits for a run under way).
   */
  every(name: string, periodMs: number, task: ScheduledTask): () => Promise<void>;
  /**
   * Takes the lease `name` (a journey's run) unless an instance holds it: resolves with its
   * release, or undefined when it is held. A holder that dies loses it (on PostgreSQL its
   * connection ends, and with it the lock), so a crashed run never keeps others out.
   */
  lease(name: string): Promise<Lease | undefined>;
  /** The request rate limiter's store (`@fastify/rate-limit`'s `store` option); undefined: its own, in this process's memory. */
  readonly rateLimitStore?: FastifyRateLimitStoreCtor;
  /** A quota counter named `name` (its counts are apart from other names'). */
  quota(name: string, limits: { messagesPerMinute: number; bytesPerMinute: number }): SharedQuota;
  /** Background jobs (retroactive features). */
  readonly jobs: JobQueue;
  close(): Promise<void>;
}

/**
 * Calls `run` every `intervalMs`, never while its last call is still running; the timer keeps
 * no process alive. Returns the stop (which waits for a call under way), also kept in `stops`
 * so the coordination's close ends every schedule.
 */
export function repeat(stops: Set<() => Promise<void>>, intervalMs: number, run: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= run().finally(() => (running = undefined));
  }, intervalMs);
  timer.unref();
  const stop = async () => {
    clearInterval(timer);
    stops.delete(stop);
    await running;
  };
  stops.add(stop);
  return stop;
}

/**
 * One process alone: content caches expire after 10 s (a publish through this process drops
 * its entry at once; the expiry covers a CLI publishing into the same SQLite file), the
 * schedule is a timer, and limits are counted in memory.
 */
export function createLocalCoordination(now: () => number = Date.now): Coordination {
  const stops = new Set<() => Promise<void>>();
  const leases = new Set<string>();
  return {
    onContentChanged: () => () => {},
    contentCacheTtlMs: 10_000,
    every(_name, periodMs, task) {
      return repeat(stops, periodMs, () => task(Math.floor(now() / periodMs)).catch(() => {}));
    },
    async lease(name) {
      if (leases.has(name)) return undefined;
      leases.add(name);
      return { lost: false, release: async () => void leases.delete(name) };
    },
    quota(_name, limits) {
      const counter = createIngestQuota(limits, now);
      return { ...limits, take: async (client, messages, bytes) => counter.take(client, messages, bytes) };
    },
    jobs: localJobs(),
    async close() {
      await Promise.all([...stops].map((stop) => stop()));
    },
  };
}

/** Jobs in this process's memory, one after another (lost if it ends: the next publish of the same change queues them again). */
function localJobs(): JobQueue {
  const handlers = new Map<string, (job: Job) => Promise<void>>();
  const abort = new AbortController();
  let queue: Promise<void> = Promise.resolve();
  return {
    async enqueue(kind, projectId, payload) {
      queue = queue.then(async () => {
        const handler = handlers.get(kind);
        if (!handler || abort.signal.aborted) return;
        await handler({ projectId, payload, signal: abort.signal }).catch(() => {});
      });
    },
    work(kind, handler) {
      handlers.set(kind, handler);
      return async () => {
        handlers.delete(kind);
        abort.abort();
        await queue;
      };
    },
  };
}
