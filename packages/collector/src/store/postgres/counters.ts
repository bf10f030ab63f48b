import { createHash } from 'node:crypto';
import type { Pool } from './pool.js';

/** One count asked of the shared counters (`rate_counters`). */
export interface CountRequest {
  key: string;
  /** Messages (a quota) to add; the rate limiter adds 1. */
  count: number;
  bytes: number;
  /** A quota's limits (the largest counts there may be in a window); ignored by the rate limiter. */
  maxCount: number;
  maxBytes: number;
  /** > 0: the rate limiter's window (ms), starting at the key's first request; 0: a quota's fixed one-minute windows. */
  windowMs: number;
}

/** What the database answered, on its own clock (`at`, ms). */
export interface CountAnswer {
  /** A quota's count was taken (within both limits); always true for the rate limiter. */
  taken: boolean;
  /** The rate limiter's count in its window, and the ms left of it (null for a quota). */
  current: number | null;
  ttl: number | null;
  at: number;
}

// A statement's arrays stay small enough to plan and send cheaply.
const MAX_BATCH = 500;

/**
 * The key as stored: PostgreSQL's text cannot hold a NUL character, and some keys carry what a
 * client sent (the login throttle counts per email): such a key is stored as its SHA-256, in a
 * namespace (`#`) no key of ours starts with, so it still counts on its own.
 */
export const storedKey = (key: string): string => (key.includes('\0') ? `#${createHash('sha256').update(key).digest('hex')}` : key);

const COUNT = 'SELECT * FROM touchpoint_count($1, $2, $3, $4, $5, $6)';
const params = (batch: Waiting[]) => [
  batch.map((w) => w.key),
  batch.map((w) => w.request.count),
  batch.map((w) => w.request.bytes),
  batch.map((w) => w.request.maxCount),
  batch.map((w) => w.request.maxBytes),
  batch.map((w) => w.request.windowMs),
];

interface Waiting {
  request: CountRequest;
  /** The request's key as stored (see storedKey), worked out once. */
  key: string;
  resolve(answer: CountAnswer): void;
  reject(error: unknown): void;
}

/**
 * The shared counters of the rate limit, the per-address limit and the ingest quota, counted
 * for all the requests of the moment in one statement: every request counts up to three times,
 * and one round trip each was most of what an ingest request cost PostgreSQL. Counts asked in
 * one event-loop turn go together; while a statement is under way, the next counts wait for
 * it and then go in one. Each count is made in PostgreSQL, in the order asked
 * (`touchpoint_count`, migration 0006), so the limits hold across instances exactly as with a
 * statement per count: nothing is counted ahead in memory.
 */
export function counterBatches(pool: Pool): (request: CountRequest) => Promise<CountAnswer> {
  let waiting: Waiting[] = [];
  let busy = false;

  const send = async () => {
    busy = true;
    while (waiting.length) {
      // In the order of their keys (stable: one key's counts stay in the order asked). A statement
      // holds the rows it counted until it ends; statements of other instances that took the
      // same keys in another order would wait for each other (a deadlock, one of them failed).
      const batch = waiting.slice(0, MAX_BATCH).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      waiting = waiting.slice(MAX_BATCH);
      try {
        const { rows } = await pool.query<CountAnswer>(COUNT, params(batch));
        batch.forEach((w, i) => w.resolve(rows[i]!));
      } catch (e) {
        // One count the database refuses must not fail the others of its statement (they are
        // other clients' requests): alone, each gets its own answer or its own error.
        if (batch.length === 1) batch[0]!.reject(e);
        else await Promise.all(batch.map((w) => pool.query<CountAnswer>(COUNT, params([w])).then(({ rows }) => w.resolve(rows[0]!), w.reject)));
      }
    }
    busy = false;
  };

  return (request) =>
    new Promise((resolve, reject) => {
      waiting.push({ request, key: storedKey(request.key), resolve, reject });
      if (!busy) {
        busy = true;
        setImmediate(() => void send());
      }
    });
}
