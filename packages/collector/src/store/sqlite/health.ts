import type Database from 'better-sqlite3';
import type { HealthRecord, HealthStore } from '../store.js';
import { alertEnqueuer } from './alerts.js';

type HealthScores = Pick<HealthStore, 'saveHealth' | 'latestHealth' | 'healthHistory' | 'accountHealth'>;

/** Accounts' health scores in SQLite, one row per account and day (history kept for trends), each with the tier it was computed with. */
export function sqliteHealth(db: Database.Database): HealthScores {
  const enqueue = alertEnqueuer(db);
  const withReasons = (rows: Array<Omit<HealthRecord, 'reasons'> & { reasons: string }>): HealthRecord[] =>
    rows.map((r) => ({ ...r, reasons: JSON.parse(r.reasons) as string[] }));
  return {
    async saveHealth(projectId, records, raise, at = Date.now()) {
      const last = db.prepare('SELECT score FROM health_scores WHERE project_id = ? AND account_id = ? AND day < ? ORDER BY day DESC LIMIT 1').pluck();
      const sameDay = db.prepare('SELECT score FROM health_scores WHERE project_id = ? AND account_id = ? AND day = ?').pluck();
      const save = db.prepare(
        `INSERT INTO health_scores (project_id, account_id, day, tier, score, previous_score, reasons) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (project_id, account_id, day) DO UPDATE SET tier = excluded.tier, score = excluded.score, previous_score = excluded.previous_score, reasons = excluded.reasons`,
      );
      return db.transaction(() => {
        const before = new Map<string, number>();
        for (const r of records) {
          // The last score known before this computation: today's earlier one, else the last day's.
          const known = (sameDay.get(projectId, r.accountId, r.day) ?? last.get(projectId, r.accountId, r.day)) as number | undefined;
          if (known !== undefined) before.set(r.accountId, known);
          save.run(projectId, r.accountId, r.day, r.tier, r.score, r.previousScore, JSON.stringify(r.reasons));
        }
        for (const alert of raise?.(before) ?? []) enqueue(alert, at);
        return before;
      })();
    },

    async latestHealth(projectId) {
      return withReasons(
        db
          .prepare(
            `SELECT h.account_id AS accountId, h.tier AS tier, h.day AS day, h.score AS score, h.previous_score AS previousScore, h.reasons AS reasons
             FROM health_scores h
             WHERE h.project_id = ? AND h.day = (SELECT MAX(day) FROM health_scores x WHERE x.project_id = h.project_id AND x.account_id = h.account_id)
             ORDER BY h.score, h.account_id`,
          )
          .all(projectId) as Array<Omit<HealthRecord, 'reasons'> & { reasons: string }>,
      );
    },

    async healthHistory(projectId, sinceDay) {
      return db
        .prepare('SELECT account_id AS accountId, day, score FROM health_scores WHERE project_id = ? AND day >= ? ORDER BY day')
        .all(projectId, sinceDay) as Array<{ accountId: string; day: number; score: number }>;
    },

    async accountHealth(projectId, accountId, sinceDay) {
      return withReasons(
        db
          .prepare(
            `SELECT h.account_id AS accountId, h.tier AS tier, h.day AS day, h.score AS score, h.previous_score AS previousScore, h.reasons AS reasons
             FROM health_scores h
             WHERE h.project_id = ? AND h.account_id = ? AND h.day >= ? ORDER BY h.day`,
          )
          .all(projectId, accountId, sinceDay) as Array<Omit<HealthRecord, 'reasons'> & { reasons: string }>,
      );
    },
  };
}
