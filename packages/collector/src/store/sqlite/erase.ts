import type Database from 'better-sqlite3';
import { factsOf } from '../../facts/event-facts.js';
import type { EventStore } from '../store.js';
import { rowOfRecord, type EventRecord } from './stored-event.js';

const DAY_MS = 86_400_000;

/**
 * Erasing a user in SQLite: their events, every fact kept under their ids, their experiment
 * exposures taken out of the per-variant counts, their events taken out of the events per day,
 * and the daily counts of the accounts they were active in, recounted from the events that
 * remain, with the same `factsOf` as ingest.
 */
export function sqliteErase(db: Database.Database): Pick<EventStore, 'deleteUser' | 'erasureKeys'> {
  const anonymousIds = db.prepare('SELECT DISTINCT anonymous_id FROM events WHERE project_id = ? AND user_id = ? AND anonymous_id IS NOT NULL').pluck();
  const uncount = db.prepare(
    'UPDATE experiment_counts SET users = users - 1, conversions = conversions - ? WHERE project_id = ? AND experiment_id = ? AND variant = ?',
  );
  const clear = db.prepare('DELETE FROM account_daily WHERE project_id = ? AND account_id = ? AND day = ?');
  const accountDayEvents = db.prepare(
    'SELECT type, event, user_id, anonymous_id, group_id, timestamp, received_at, payload FROM events WHERE project_id = ? AND group_id = ? AND timestamp >= ? AND timestamp < ?',
  );
  const count = db.prepare('INSERT INTO account_daily (project_id, account_id, day, key, count) VALUES (?, ?, ?, ?, ?)');
  const uncountDay = db.prepare('UPDATE daily_events SET events = events - ? WHERE project_id = ? AND day = ?');

  /** An account's day counted again from its remaining events. */
  const recount = (projectId: number, account: string, day: number) => {
    clear.run(projectId, account, day);
    const counts = new Map<string, number>();
    for (const record of accountDayEvents.iterate(projectId, account, day * DAY_MS, (day + 1) * DAY_MS) as IterableIterator<EventRecord>) {
      for (const key of factsOf(rowOfRecord(record))?.accountCounts ?? []) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, n] of counts) count.run(projectId, account, day, key, n);
  };

  return {
    async erasureKeys(projectId, userId) {
      return [userId, ...(anonymousIds.all(projectId, userId) as string[])];
    },
    async deleteUser(projectId, userId) {
      return db.transaction(() => {
        const anonymous = anonymousIds.all(projectId, userId) as string[];
        const keys = [userId, ...anonymous];
        const inKeys = keys.map(() => '?').join(', ');
        const exposures = db
          .prepare(
            `SELECT e.experiment_id AS experiment, e.variant, c.user_key IS NOT NULL AS converted FROM exposures e
             LEFT JOIN conversions c ON c.project_id = e.project_id AND c.experiment_id = e.experiment_id AND c.user_key = e.user_key
             WHERE e.project_id = ? AND e.user_key IN (${inKeys})`,
          )
          .all(projectId, ...keys) as Array<{ experiment: string; variant: string; converted: number }>;
        for (const x of exposures) uncount.run(x.converted ? 1 : 0, projectId, x.experiment, x.variant);
        for (const table of ['exposures', 'conversions', 'goal_hits', 'user_days', 'user_events', 'account_users', 'survey_answers', 'people']) {
          db.prepare(`DELETE FROM ${table} WHERE project_id = ? AND user_key IN (${inKeys})`).run(projectId, ...keys);
        }
        const mineWhere = `project_id = ? AND (user_id = ? OR anonymous_id IN (${anonymous.map(() => '?').join(', ') || 'NULL'}))`;
        // The account-days the user was part of: recounted below from what remains.
        const accountDays = db
          .prepare(`SELECT DISTINCT group_id AS account, timestamp / 86400000 AS day FROM events WHERE ${mineWhere} AND group_id IS NOT NULL`)
          .all(projectId, userId, ...anonymous) as Array<{ account: string; day: number }>;
        // The events per day the user counted in, as ingest counted them: those with facts under
        // one of their keys (as the per-user rows erased above; ClickHouse erases the same).
        const perDay = new Map<number, number>();
        const theirs = new Set(keys);
        for (const record of db
          .prepare(`SELECT type, event, user_id, anonymous_id, group_id, timestamp, received_at, payload FROM events WHERE ${mineWhere}`)
          .iterate(projectId, userId, ...anonymous) as IterableIterator<EventRecord>) {
          const f = factsOf(rowOfRecord(record));
          if (f && theirs.has(f.userKey)) perDay.set(f.day, (perDay.get(f.day) ?? 0) + 1);
        }
        for (const [day, n] of perDay) uncountDay.run(n, projectId, day);
        const events = db.prepare(`DELETE FROM events WHERE ${mineWhere}`).run(projectId, userId, ...anonymous).changes;
        for (const { account, day } of accountDays) recount(projectId, account, day);
        return { events, keys };
      })();
    },
  };
}
