import type { Job, JobQueue } from '../../coordination.js';
import type { Pool } from './pool.js';
import { DB_NOW } from './schedule.js';

export interface ClaimedJob {
  id: number;
  projectId: number;
  payload: string;
  attempts: number;
  lease: number;
}

/**
 * Claims the job of `kind` due soonest that no one holds (FOR UPDATE SKIP LOCKED), leasing it
 * until `leaseMs` from now on the database's clock; undefined when none is due.
 */
export async function claimJob(pool: Pool, kind: string, leaseMs: number): Promise<ClaimedJob | undefined> {
  const { rows } = await pool.query<ClaimedJob>(
    `WITH t AS (SELECT ${DB_NOW} AS now)
     UPDATE jobs SET run_at = (SELECT now FROM t) + $2, attempts = attempts + 1
     WHERE id = (SELECT id FROM jobs WHERE kind = $1 AND done_at IS NULL AND run_at <= (SELECT now FROM t) ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id, project_id AS "projectId", payload, attempts, run_at AS lease`,
    [kind, leaseMs],
  );
  return rows[0];
}

/** Extends a held lease; answers the new one, or undefined when the lease is no longer this claim's. */
export async function renewJob(pool: Pool, id: number, lease: number, leaseMs: number): Promise<number | undefined> {
  const { rows } = await pool.query<{ lease: number }>(
    `UPDATE jobs SET run_at = ${DB_NOW} + $3 WHERE id = $1 AND run_at = $2 AND done_at IS NULL RETURNING run_at AS lease`,
    [id, lease, leaseMs],
  );
  return rows[0]?.lease;
}

/** Gives a claimed job back at once, the try not counted (its instance is stopping): another instance runs it next. */
export async function releaseJob(pool: Pool, id: number, lease: number): Promise<void> {
  await pool.query(`UPDATE jobs SET run_at = ${DB_NOW}, attempts = attempts - 1 WHERE id = $1 AND run_at = $2 AND done_at IS NULL`, [id, lease]);
}

/** Ends a claimed job: done, or to be tried again after `retryMs` (given up after 5 tries); only while `lease` holds it. */
export async function settleJob(pool: Pool, id: number, lease: number, error?: { message: string; retryMs: number }): Promise<void> {
  if (!error) {
    await pool.query(`UPDATE jobs SET done_at = ${DB_NOW}, last_error = NULL WHERE id = $1 AND run_at = $2`, [id, lease]);
    return;
  }
  await pool.query(
    `UPDATE jobs SET last_error = $3, run_at = ${DB_NOW} + $4, done_at = CASE WHEN attempts >= 5 THEN ${DB_NOW} END WHERE id = $1 AND run_at = $2`,
    [id, lease, error.message, error.retryMs],
  );
}

export interface PostgresJobOptions {
  /** How long a claim holds a job before another instance may take it (renewed at a third of it while it runs). @default 60000 */
  leaseMs?: number;
  /** How often an idle worker looks for due jobs. @default 1000 */
  pollMs?: number;
  log?: (message: string) => void;
}

/**
 * Jobs in PostgreSQL: any instance queues, every instance's worker claims one at a time
 * (FOR UPDATE SKIP LOCKED) and keeps its lease while it runs. An instance that dies stops
 * renewing: the job comes due again and another instance runs it from the start (jobs are
 * written to be run again: a backfill counts each click's day once).
 */
export function postgresJobs(pool: Pool, o: PostgresJobOptions = {}): JobQueue {
  const leaseMs = o.leaseMs ?? 60_000;
  const pollMs = o.pollMs ?? 1000;
  return {
    async enqueue(kind, projectId, payload) {
      await pool.query(`INSERT INTO jobs (kind, project_id, payload, run_at, created_at) VALUES ($1, $2, $3, ${DB_NOW}, ${DB_NOW})`, [
        kind,
        projectId,
        JSON.stringify(payload),
      ]);
    },
    work(kind, handler) {
      const abort = new AbortController();
      let running: Promise<void> | undefined;
      const runOne = async () => {
        const job = await claimJob(pool, kind, leaseMs);
        if (!job) return;
        let lease = job.lease;
        const renewal = setInterval(() => {
          void renewJob(pool, job.id, lease, leaseMs).then(
            (next) => next !== undefined && (lease = next),
            () => {},
          );
        }, leaseMs / 3);
        renewal.unref();
        try {
          const j: Job = { projectId: job.projectId, payload: JSON.parse(job.payload) as unknown, signal: abort.signal };
          await handler(j);
          clearInterval(renewal);
          // Stopped mid-job: given back for another instance (or this one's next start) to run.
          await (abort.signal.aborted ? releaseJob(pool, job.id, lease) : settleJob(pool, job.id, lease));
        } catch (e) {
          clearInterval(renewal);
          o.log?.(`job ${kind} ${job.id}: ${e instanceof Error ? e.message : String(e)}`);
          await settleJob(pool, job.id, lease, { message: e instanceof Error ? e.message : String(e), retryMs: leaseMs * job.attempts });
        }
        // More may be due: look again at once.
        if (!abort.signal.aborted) await runOne();
      };
      const timer = setInterval(() => {
        running ??= runOne()
          .catch((e: unknown) => o.log?.(`jobs ${kind}: ${e instanceof Error ? e.message : String(e)}`))
          .finally(() => (running = undefined));
      }, pollMs);
      timer.unref();
      return async () => {
        clearInterval(timer);
        abort.abort();
        await running;
      };
    },
  };
}
