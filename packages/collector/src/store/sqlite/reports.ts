import type Database from 'better-sqlite3';
import { dayOf } from '../../facts/event-facts.js';
import type { ReportStore, StepDay, TargetMissPage, VariantCounts } from '../store.js';
import type { FactWriter } from './fact-writer.js';
import { activityByDay } from '../daily-activity.js';
import { countInRangeSql } from './day-columns.js';

/**
 * The reports' reads in SQLite: distinct users from the day bitmaps, events per day and per
 * user, experiment totals, survey answers, target health.
 */
export function sqliteReports(db: Database.Database, facts: FactWriter): ReportStore {
  const counts = db.prepare('SELECT variant, users, conversions FROM experiment_counts WHERE project_id = ? AND experiment_id = ?');
  return {
    async distinctUsers(projectId, kind, keys, range, tier) {
      if (!keys.length || range.from > range.to) return new Map();
      const rows = db
        .prepare(
          `SELECT key, COUNT(DISTINCT user_key) AS users FROM user_days
           WHERE project_id = @project AND kind = @kind AND key IN (${keys.map((_, i) => `@k${i}`).join(', ')}) AND ${inRangeSql(tier)}
           GROUP BY key`,
        )
        .all({
          project: projectId,
          kind,
          from: range.from,
          to: range.to,
          ...Object.fromEntries(keys.map((k, i) => [`k${i}`, k])),
          ...(tier !== undefined && { tier }),
        }) as Array<{ key: string; users: number }>;
      return new Map(rows.map((r) => [r.key, r.users]));
    },

    async distinctUsersOfAny(projectId, keys, range, tier) {
      if (!keys.length || range.from > range.to) return 0;
      return db
        .prepare(
          `SELECT COUNT(DISTINCT user_key) FROM user_days
           WHERE project_id = @project AND (${keys.map((_, i) => `(kind = @kind${i} AND key = @k${i})`).join(' OR ')}) AND ${inRangeSql(tier)}`,
        )
        .pluck()
        .get({
          project: projectId,
          from: range.from,
          to: range.to,
          ...Object.fromEntries(
            keys.flatMap((k, i) => [
              [`kind${i}`, k.kind],
              [`k${i}`, k.key],
            ]),
          ),
          ...(tier !== undefined && { tier }),
        }) as number;
    },

    async addFeatureUses(projectId, uses) {
      db.transaction(() => {
        for (const { featureId, click } of uses) {
          if (click.userKey) facts.userDays(projectId, click.userKey, click.groupId, dayOf(click.timestamp), [{ kind: 'feature', key: featureId }]);
        }
      })();
    },

    async experimentCounts(projectId, experimentId) {
      return counts.all(projectId, experimentId) as VariantCounts[];
    },

    async dailyActivity(projectId, range) {
      if (range.from > range.to) return [];
      const active = db
        .prepare(
          `WITH RECURSIVE d(day) AS (SELECT @from UNION ALL SELECT day + 1 FROM d WHERE day < @to)
           SELECT d.day AS day, COUNT(DISTINCT u.user_key) AS users FROM d
           JOIN user_days u ON u.project_id = @project AND u.kind = 'active' AND u.key = '' AND u.block = d.day >> 5 AND (u.bits >> (d.day & 31)) & 1
           GROUP BY d.day`,
        )
        .all({ project: projectId, from: range.from, to: range.to }) as Array<{ day: number; users: number }>;
      const events = db
        .prepare('SELECT day, events FROM daily_events WHERE project_id = ? AND day BETWEEN ? AND ?')
        .all(projectId, range.from, range.to) as Array<{ day: number; events: number }>;
      return activityByDay(range, active, events);
    },

    async eventsPerUser(projectId, event, range) {
      if (range.from > range.to) return [];
      // The users active in the range (their day bitmaps) and their counts of the event, joined
      // here: SQLite would probe a grouped subquery once per user, without an index.
      const active = db
        .prepare(`SELECT DISTINCT user_key FROM user_days WHERE project_id = @project AND kind = 'active' AND key = '' AND ${inRangeSql(undefined)}`)
        .pluck()
        .all({ project: projectId, from: range.from, to: range.to }) as string[];
      const counts = db
        .prepare(
          `SELECT user_key, SUM(${countInRangeSql(range)}) AS count FROM user_events
           WHERE project_id = ? AND event = ? AND block BETWEEN ? AND ? GROUP BY user_key`,
        )
        .all(projectId, event, range.from >> 5, range.to >> 5) as Array<{ user_key: string; count: number }>;
      const byUser = new Map(counts.map((r) => [r.user_key, r.count]));
      return active.map((key) => ({ key, count: byUser.get(key) ?? 0 }));
    },

    async surveyScores(projectId, surveyId, from, to) {
      return db
        .prepare('SELECT score, COUNT(*) AS count FROM survey_answers WHERE project_id = ? AND survey_id = ? AND at >= ? AND at < ? GROUP BY score')
        .all(projectId, surveyId, from, to) as Array<{ score: unknown; count: number }>;
    },

    async stepHealth(projectId, range, flowId) {
      const params = { project: projectId, from: range.from, to: range.to, flow: flowId ?? null };
      const where = 'project_id = @project AND day BETWEEN @from AND @to AND (@flow IS NULL OR flow_id = @flow)';
      return {
        days: db
          .prepare(`SELECT flow_id AS flowId, step_id AS stepId, day, viewed, missing FROM step_days WHERE ${where} ORDER BY day`)
          .all(params) as StepDay[],
        pages: db
          .prepare(
            `SELECT flow_id AS flowId, step_id AS stepId, day, url, count, first_at AS firstAt, last_at AS lastAt FROM target_misses WHERE ${where} ORDER BY day`,
          )
          .all(params) as TargetMissPage[],
      };
    },

    async surveyComments(projectId, surveyId, from, to, limit) {
      return db
        .prepare(
          `SELECT text, score, at FROM survey_answers WHERE project_id = ? AND survey_id = ? AND at >= ? AND at < ? AND text IS NOT NULL
           ORDER BY at DESC, rowid DESC LIMIT ?`,
        )
        .all(projectId, surveyId, from, to, limit) as Array<{ text: string; score: unknown; at: number }>;
    },
  };
}

/**
 * The user_days rows with a day in [@from, @to] (and of tier @tier when given): the blocks in
 * range, with a bit set among the days of each block that fall in it. The mask of those days:
 * a shift by 32 gives 1 << 32, still exact in 64 bits.
 */
function inRangeSql(tier: string | undefined): string {
  const mask = '((1 << (MIN(@to, block * 32 + 31) - block * 32 + 1)) - (1 << (MAX(@from, block * 32) - block * 32)))';
  return `block BETWEEN @from >> 5 AND @to >> 5 AND (bits & ${mask}) != 0${tier !== undefined ? ' AND tier = @tier' : ''}`;
}
