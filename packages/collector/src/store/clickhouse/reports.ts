import { dayOf } from '../../facts/event-facts.js';
import type { ReportStore, StepDay, TargetMissPage, VariantCounts } from '../store.js';
import type { ClickHouseSql } from './connection.js';
import { coalescedDistinctUsersOfAny } from './distinct-any.js';
import { experimentCounts } from './experiments.js';
import { onceByDay } from './once-by-day.js';
import { userDayRows } from './fact-rows.js';
import { list, raw, sql } from './sql.js';
import { accountTiers } from './tiers.js';
import { activityByDay } from '../daily-activity.js';

/** `d0` … `d31`: per block, the users whose bitmap has each day's bit. */
const DAY_BITS = Array.from({ length: 32 }, (_, d) => `sum(bitAnd(b, ${2 ** d}) != 0) AS d${d}`).join(', ');

/**
 * The reports' reads in ClickHouse: distinct users from the user-day rollup, counts (per day,
 * per user and event, per account) from the idempotent rollups, conversions computed as read.
 */
export function clickhouseReports(db: ClickHouseSql): ReportStore {
  const inRange = (projectId: number, range: { from: number; to: number }) =>
    raw(sql`project_id = ${projectId} AND day >= ${range.from} AND day <= ${range.to}`);
  /**
   * The user_days rows with a day in the range: the blocks in range, with a bit set among the
   * days of each block that fall in it. No FINAL: a user's states of one block in parts not
   * merged yet are tested one by one, and a bit in range in any of them is a bit in range of
   * their union (the distinct count then takes the user once). The shifts are kept within
   * 0…32: the mask is computed for every row read, blocks out of range too (whose shifts would
   * be negative or past the word), and current releases refuse a negative shift where 18.16
   * answered anything; in range, the clamp changes nothing.
   */
  const daysIn = (projectId: number, range: { from: number; to: number }) => {
    const lo = sql`greatest(0, least(32, greatest(${range.from}, block * 32) - block * 32))`;
    const hi = sql`greatest(-1, least(31, least(${range.to}, block * 32 + 31) - block * 32))`;
    return raw(
      sql`project_id = ${projectId} AND block >= ${range.from >> 5} AND block <= ${range.to >> 5}
          AND bitAnd(finalizeAggregation(bits), bitShiftLeft(toUInt64(1), ${raw(hi)} + 1) - bitShiftLeft(toUInt64(1), ${raw(lo)})) != 0`,
    );
  };
  const tierSql = (tier: string | undefined) => raw(tier === undefined ? '' : sql` AND tier = ${tier}`);
  return {
    async distinctUsers(projectId, kind, keys, range, tier) {
      if (!keys.length || range.from > range.to) return new Map();
      const rows = await db.query<{ key: string; users: number }>(
        sql`SELECT key, uniqExact(user_hash) AS users FROM user_days
            WHERE ${daysIn(projectId, range)} AND kind = ${kind} AND key IN ${raw(list(keys))}${tierSql(tier)} GROUP BY key`,
      );
      return new Map(rows.map((r) => [r.key, r.users]));
    },

    distinctUsersOfAny: coalescedDistinctUsersOfAny(async (projectId, range, tier, sets) => {
      const any = (keys: (typeof sets)[number]) => keys.map((k) => sql`(kind = ${k.kind} AND key = ${k.key})`).join(' OR ');
      const counts = sets.map((keys, i) => `uniqExactIf(user_hash, ${any(keys)}) AS c${i}`).join(', ');
      const [row] = await db.query<Record<string, number>>(
        sql`SELECT ${raw(counts)} FROM user_days WHERE ${daysIn(projectId, range)} AND (${raw(sets.map(any).join(' OR '))})${tierSql(tier)}`,
      );
      return sets.map((_, i) => row?.[`c${i}`] ?? 0);
    }),

    async addFeatureUses(projectId, uses) {
      const clicks = uses.filter((u) => u.click.userKey);
      const tiers = await accountTiers(
        db,
        clicks.map((u) => ({ projectId, row: { groupId: u.click.groupId } as never })),
      );
      await db.insert(
        'user_days_in',
        clicks.flatMap(({ featureId, click }) =>
          userDayRows(projectId, click.userKey, (click.groupId && tiers.get(`${projectId}\u0000${click.groupId}`)) || '', dayOf(click.timestamp), [
            { kind: 'feature', key: featureId },
          ]),
        ),
      );
    },

    experimentCounts: (projectId, experimentId): Promise<VariantCounts[]> => experimentCounts(db, projectId, experimentId),

    async dailyActivity(projectId, range) {
      if (range.from > range.to) return [];
      const [active, events] = await Promise.all([
        // Each user's blocks (their tiers' bits together), then per block the users with each
        // day's bit: 32 sums over a row a user, not a row a user and day.
        db
          .query<Record<string, number>>(
            sql`SELECT block, ${raw(DAY_BITS)} FROM (
                SELECT block, groupBitOr(finalizeAggregation(bits)) AS b FROM user_days
                WHERE ${daysIn(projectId, range)} AND kind = 'active' AND key = '' GROUP BY user_hash, block
              ) GROUP BY block`,
          )
          .then((blocks) => blocks.flatMap((r) => Array.from({ length: 32 }, (_, d) => ({ day: r.block! * 32 + d, users: r[`d${d}`]! })))),
        onceByDay<{ day: number; events: number }>(db, {
          table: 'daily_events',
          projectId,
          range,
          group: 'day',
          select: 'day, sum(c) AS events',
          by: 'day',
        }),
      ]);
      return activityByDay(range, active, events);
    },

    async eventsPerUser(projectId, event, range) {
      if (range.from > range.to) return [];
      // The users active in the range (their day bitmaps) and their counts of the event, joined here.
      const [active, counts] = await Promise.all([
        db.query<{ user_key: string }>(sql`SELECT DISTINCT user_key FROM user_days WHERE ${daysIn(projectId, range)} AND kind = 'active' AND key = ''`),
        db.query<{ user_key: string; count: number }>(
          sql`SELECT user_key, uniqExactMerge(messages) AS count FROM user_events WHERE ${inRange(projectId, range)} AND event = ${event} GROUP BY user_key`,
        ),
      ]);
      const byUser = new Map(counts.map((r) => [r.user_key, r.count]));
      return active.map((r) => ({ key: r.user_key, count: byUser.get(r.user_key) ?? 0 }));
    },

    async surveyScores(projectId, surveyId, from, to) {
      const rows = await db.query<{ score: string; count: number }>(
        sql`SELECT score, uniqExact(message_id) AS count FROM survey_answers
            WHERE project_id = ${projectId} AND survey_id = ${surveyId} AND at >= ${from} AND at < ${to}
            GROUP BY score`,
      );
      return rows.map((r) => ({ score: JSON.parse(r.score) as unknown, count: r.count }));
    },

    async stepHealth(projectId, range, flowId) {
      const flow = raw(flowId === undefined ? '' : sql` AND flow_id = ${flowId}`);
      const [counts, pages] = await Promise.all([
        db.query<{ flowId: string; stepId: string; day: number; missing: number; count: number }>(
          sql`SELECT flow_id AS flowId, step_id AS stepId, day, missing, uniqExactMerge(messages) AS count FROM step_days
              WHERE ${inRange(projectId, range)}${flow} GROUP BY flow_id, step_id, day, missing ORDER BY day, flow_id, step_id`,
        ),
        db.query<TargetMissPage>(
          sql`SELECT flow_id AS flowId, step_id AS stepId, day, url, uniqExactMerge(messages) AS count, minMerge(first_at) AS firstAt, maxMerge(last_at) AS lastAt
              FROM target_misses WHERE ${inRange(projectId, range)}${flow} GROUP BY flow_id, step_id, day, url ORDER BY day, flow_id, step_id, url`,
        ),
      ]);
      const days = new Map<string, StepDay>();
      for (const r of counts) {
        const key = `${r.day}\u0000${r.flowId}\u0000${r.stepId}`;
        const d = days.get(key) ?? { flowId: r.flowId, stepId: r.stepId, day: r.day, viewed: 0, missing: 0 };
        if (r.missing) d.missing = r.count;
        else d.viewed = r.count;
        days.set(key, d);
      }
      return { days: [...days.values()], pages };
    },

    async surveyComments(projectId, surveyId, from, to, limit) {
      const rows = await db.query<{ comment: string; score: string; at: number }>(
        sql`SELECT assumeNotNull(text) AS comment, score, at FROM survey_answers
            WHERE project_id = ${projectId} AND survey_id = ${surveyId} AND at >= ${from} AND at < ${to} AND isNotNull(text)
            ORDER BY at DESC, message_id DESC LIMIT 1 BY message_id LIMIT ${limit}`,
      );
      return rows.map((r) => ({ text: r.comment, score: JSON.parse(r.score) as unknown, at: r.at }));
    },
  };
}
