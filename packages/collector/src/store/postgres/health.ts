import type { HealthRecord, HealthStore, NewAlert } from '../store.js';
import { insertAlerts } from './alerts.js';
import { transaction, type Pool } from './pool.js';

type HealthScores = Pick<HealthStore, 'saveHealth' | 'latestHealth' | 'healthHistory' | 'accountHealth'>;
type HealthRow = Omit<HealthRecord, 'reasons'> & { reasons: string };

const COLUMNS = 'account_id AS "accountId", tier, day, score, previous_score AS "previousScore", reasons';
const withReasons = (rows: HealthRow[]): HealthRecord[] => rows.map((r) => ({ ...r, reasons: JSON.parse(r.reasons) as string[] }));

/**
 * Accounts' health scores in PostgreSQL, one row per account and day. Ids sort byte-wise
 * (COLLATE "C"), as SQLite sorts them, whatever the database's collation.
 *
 * The tier is the one the scores were computed with, kept with them (the accounts, from group
 * calls, live with the events), as in SQLite.
 */
export function postgresHealth(pool: Pool): HealthScores {
  return {
    async saveHealth(projectId, records, raise, at = Date.now()) {
      return transaction(pool, async (client) => {
        // The last score known before this computation: that day's earlier one, else the last day's.
        const { rows } = await client.query<{ account: string; score: number | null }>(
          `SELECT r.account, (SELECT h.score FROM health_scores h WHERE h.project_id = $1 AND h.account_id = r.account AND h.day <= r.day ORDER BY h.day DESC LIMIT 1) AS score
           FROM unnest($2::text[], $3::integer[]) AS r(account, day)`,
          [projectId, records.map((r) => r.accountId), records.map((r) => r.day)],
        );
        const before = new Map<string, number>();
        for (const r of rows) if (r.score !== null) before.set(r.account, r.score);
        // One row per account and day: the last record of each wins, as it would row by row.
        const latest = [...new Map(records.map((r) => [`${r.accountId}\u0000${r.day}`, r])).values()];
        await client.query(
          `INSERT INTO health_scores (project_id, account_id, day, tier, score, previous_score, reasons)
           SELECT $1, * FROM unnest($2::text[], $3::integer[], $4::text[], $5::integer[], $6::integer[], $7::text[])
           ON CONFLICT (project_id, account_id, day) DO UPDATE
             SET tier = excluded.tier, score = excluded.score, previous_score = excluded.previous_score, reasons = excluded.reasons`,
          [
            projectId,
            latest.map((r) => r.accountId),
            latest.map((r) => r.day),
            latest.map((r) => r.tier),
            latest.map((r) => r.score),
            latest.map((r) => r.previousScore),
            latest.map((r) => JSON.stringify(r.reasons)),
          ],
        );
        const alerts: readonly NewAlert[] = raise?.(before) ?? [];
        if (alerts.length) await insertAlerts(client, alerts, at);
        return before;
      });
    },

    async latestHealth(projectId) {
      const { rows } = await pool.query<HealthRow>(
        `SELECT * FROM (SELECT DISTINCT ON (account_id) ${COLUMNS} FROM health_scores WHERE project_id = $1 ORDER BY account_id, day DESC) latest
         ORDER BY score, "accountId" COLLATE "C"`,
        [projectId],
      );
      return withReasons(rows);
    },

    async healthHistory(projectId, sinceDay) {
      const { rows } = await pool.query<{ accountId: string; day: number; score: number }>(
        'SELECT account_id AS "accountId", day, score FROM health_scores WHERE project_id = $1 AND day >= $2 ORDER BY day, account_id COLLATE "C"',
        [projectId, sinceDay],
      );
      return rows;
    },

    async accountHealth(projectId, accountId, sinceDay) {
      const { rows } = await pool.query<HealthRow>(
        `SELECT ${COLUMNS} FROM health_scores WHERE project_id = $1 AND account_id = $2 AND day >= $3 ORDER BY day`,
        [projectId, accountId, sinceDay],
      );
      return withReasons(rows);
    },
  };
}
