import type Database from 'better-sqlite3';
import type { HealthStore, NewAlert, OutboxAlert } from '../store.js';

type Outbox = Pick<HealthStore, 'enqueueAlert' | 'claimAlert' | 'settleAlert' | 'listAlerts' | 'emailsQueuedTo' | 'emailAddressesOf'>;

/** The alert outbox in SQLite, in the same database as the scores that raise alerts. */
export function sqliteAlerts(db: Database.Database): Outbox {
  const enqueue = alertEnqueuer(db);
  const claimAny = db.prepare(claimSql(false));
  const claimWebhook = db.prepare(claimSql(true));
  // As the emails' partial index (0023) is written: the address without regard to case.
  const emailsTo = db
    .prepare("SELECT id FROM alert_outbox WHERE project_id = ? AND url LIKE 'mailto:%' AND url = ? COLLATE NOCASE AND created_at >= ?")
    .pluck();
  return {
    async enqueueAlert(alert, at) {
      enqueue(alert, at);
    },

    async claimAlert(now, leaseUntil, options) {
      // One statement: SQLite runs it under its write lock, so two processes cannot claim one alert.
      const claimed = (options?.email === false ? claimWebhook : claimAny).get({ now, lease: leaseUntil, skip: JSON.stringify(options?.skip ?? []) }) as
        | OutboxAlert
        | undefined;
      return claimed && { ...claimed, lease: leaseUntil };
    },

    async settleAlert(id, lease, result) {
      if ('sentAt' in result) {
        db.prepare('UPDATE alert_outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ? AND next_at = ? AND sent_at IS NULL').run(
          result.sentAt,
          id,
          lease,
        );
      } else if ('droppedAt' in result) {
        db.prepare('UPDATE alert_outbox SET sent_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ? AND next_at = ? AND sent_at IS NULL').run(
          result.droppedAt,
          `not sent: ${result.reason}`,
          id,
          lease,
        );
      } else {
        db.prepare('UPDATE alert_outbox SET next_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ? AND next_at = ? AND sent_at IS NULL').run(
          result.nextAt,
          result.error,
          id,
          lease,
        );
      }
    },

    async emailAddressesOf(projectId, userKey) {
      // Only email jobs' bodies are read as JSON (CASE: whatever another job's body holds).
      return db
        .prepare(
          `SELECT DISTINCT substr(url, 8) FROM alert_outbox
           WHERE project_id = ? AND url LIKE 'mailto:%' AND CASE WHEN url LIKE 'mailto:%' THEN json_extract(body, '$.userKey') END = ? ORDER BY 1`,
        )
        .pluck()
        .all(projectId, userKey) as string[];
    },

    async emailsQueuedTo(projectId, address, since) {
      return emailsTo.all(projectId, `mailto:${address}`, since) as string[];
    },

    async listAlerts(projectId, options) {
      // Webhooks only names the condition of their partial index (0023) as written there.
      return db
        .prepare(
          `SELECT id, url, body, attempts, sent_at AS sentAt, last_error AS lastError FROM alert_outbox
           WHERE project_id = ?${options?.alerts ? " AND url NOT LIKE 'mailto:%'" : ''} ORDER BY created_at DESC, id LIMIT ?`,
        )
        .all(projectId, options?.limit ?? -1) as Array<{
        id: string;
        url: string;
        body: string;
        attempts: number;
        sentAt: number | null;
        lastError: string | null;
      }>;
    },
  };
}

/**
 * The claim of the job due soonest (`@now`, leased until `@lease`). A claim without email (a
 * collector without SMTP) names the condition of the webhooks' partial index (0023) as written
 * there, so it walks due webhooks only, never the emails queued for a collector with SMTP.
 */
export function claimSql(webhooksOnly: boolean): string {
  // (A skipped destination is a prefix of the URL that ends its authority: "http://h:1" is not "http://h:10/".)
  return `UPDATE alert_outbox SET next_at = @lease
    WHERE id = (SELECT id FROM alert_outbox WHERE sent_at IS NULL AND next_at <= @now${webhooksOnly ? " AND url NOT LIKE 'mailto:%'" : ''}
      AND NOT EXISTS (SELECT 1 FROM json_each(@skip) AS d WHERE substr(url, 1, length(d.value)) = d.value
        AND (d.value = 'mailto:' OR length(url) = length(d.value) OR substr(url, length(d.value) + 1, 1) IN ('/', '?', '#')))
      ORDER BY next_at LIMIT 1)
    RETURNING id, project_id AS projectId, url, body, attempts`;
}

/** Queues an alert (one already queued under its id is kept once): for the outbox, and for health's scores in their transaction. */
export function alertEnqueuer(db: Database.Database): (alert: NewAlert, at: number) => void {
  const insert = db.prepare('INSERT OR IGNORE INTO alert_outbox (id, project_id, url, body, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  return (alert, at) => void insert.run(alert.id, alert.projectId, alert.url, alert.body, at, at);
}
