import type { HealthStore, NewAlert, OutboxAlert } from '../store.js';
import type { Pool, Queryable } from './pool.js';

type Outbox = Pick<HealthStore, 'enqueueAlert' | 'claimAlert' | 'settleAlert' | 'listAlerts' | 'emailsQueuedTo' | 'emailAddressesOf'>;

/** Queues alerts (one already queued under its id is kept once): for the outbox, and for health's scores in their transaction. */
export async function insertAlerts(db: Queryable, alerts: readonly NewAlert[], at: number): Promise<void> {
  await db.query(
    `INSERT INTO alert_outbox (id, project_id, url, body, next_at, created_at)
     SELECT id, project_id, url, body, $5, $5 FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[]) AS a(id, project_id, url, body)
     ON CONFLICT (id) DO NOTHING`,
    [alerts.map((a) => a.id), alerts.map((a) => a.projectId), alerts.map((a) => a.url), alerts.map((a) => a.body), at],
  );
}

/**
 * The claim of the job due soonest (`$1`, leased until `$2`). A claim without email (a
 * collector without SMTP) names the condition of the webhooks' partial index (0009) as written
 * there, so it walks due webhooks only, never the emails queued for a collector with SMTP.
 */
export function claimSql(webhooksOnly: boolean): string {
  // (A skipped destination is a prefix of the URL that ends its authority: "http://h:1" is not "http://h:10/".)
  return `UPDATE alert_outbox SET next_at = $2
    WHERE id = (SELECT id FROM alert_outbox WHERE sent_at IS NULL AND next_at <= $1${webhooksOnly ? " AND url NOT LIKE 'mailto:%'" : ''}
      AND NOT EXISTS (SELECT 1 FROM unnest($3::text[]) AS d(v) WHERE left(url, length(d.v)) = d.v
        AND (d.v = 'mailto:' OR length(url) = length(d.v) OR substr(url, length(d.v) + 1, 1) IN ('/', '?', '#')))
      ORDER BY next_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, project_id AS "projectId", url, body, attempts`;
}

/**
 * The alert outbox in PostgreSQL, in the same database as the scores that raise alerts. A
 * claim locks the alert due soonest that no other claim holds (FOR UPDATE SKIP LOCKED) and
 * writes its lease into `next_at` in one statement: concurrent instances claim different
 * alerts and never wait on each other.
 */
export function postgresAlerts(pool: Pool): Outbox {
  return {
    async enqueueAlert(alert, at) {
      await insertAlerts(pool, [alert], at);
    },

    async claimAlert(now, leaseUntil, options) {
      const { rows } = await pool.query<OutboxAlert>(claimSql(options?.email === false), [now, leaseUntil, [...(options?.skip ?? [])]]);
      return rows[0] && { ...rows[0], lease: leaseUntil };
    },

    async settleAlert(id, lease, result) {
      if ('sentAt' in result) {
        await pool.query(
          'UPDATE alert_outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2 AND next_at = $3 AND sent_at IS NULL',
          [result.sentAt, id, lease],
        );
      } else if ('droppedAt' in result) {
        await pool.query('UPDATE alert_outbox SET sent_at = $1, attempts = attempts + 1, last_error = $2 WHERE id = $3 AND next_at = $4 AND sent_at IS NULL', [
          result.droppedAt,
          `not sent: ${result.reason}`,
          id,
          lease,
        ]);
      } else {
        await pool.query('UPDATE alert_outbox SET next_at = $1, attempts = attempts + 1, last_error = $2 WHERE id = $3 AND next_at = $4 AND sent_at IS NULL', [
          result.nextAt,
          result.error,
          id,
          lease,
        ]);
      }
    },

    async emailAddressesOf(projectId, userKey) {
      // Only email jobs' bodies are read as JSON (CASE: whatever another job's body holds).
      const { rows } = await pool.query<{ address: string }>(
        `SELECT address FROM (SELECT DISTINCT substr(url, 8) AS address FROM alert_outbox
           WHERE project_id = $1 AND url LIKE 'mailto:%' AND CASE WHEN url LIKE 'mailto:%' THEN body::jsonb ->> 'userKey' END = $2) AS a
         ORDER BY address COLLATE "C"`,
        [projectId, userKey],
      );
      return rows.map((r) => r.address);
    },

    async emailsQueuedTo(projectId, address, since) {
      // As the emails' partial index (0009) is written: the address without regard to case.
      const { rows } = await pool.query<{ id: string }>(
        "SELECT id FROM alert_outbox WHERE project_id = $1 AND url LIKE 'mailto:%' AND lower(url) = lower($2) AND created_at >= $3",
        [projectId, `mailto:${address}`, since],
      );
      return rows.map((r) => r.id);
    },

    async listAlerts(projectId, options) {
      const { rows } = await pool.query<{ id: string; url: string; body: string; attempts: number; sentAt: number | null; lastError: string | null }>(
        `SELECT id, url, body, attempts, sent_at AS "sentAt", last_error AS "lastError" FROM alert_outbox
         WHERE project_id = $1${options?.alerts ? " AND url NOT LIKE 'mailto:%'" : ''} ORDER BY created_at DESC, id COLLATE "C" LIMIT $2`,
        [projectId, options?.limit ?? null],
      );
      return rows;
    },
  };
}
