import type { VariantCounts } from '../store.js';
import type { ClickHouseSql } from './connection.js';
import { sql } from './sql.js';

/**
 * Users exposed and converted per variant, computed as the report is read, so the order in
 * which events arrived does not matter. The rule is the SQLite store's (`converts` in
 * facts/event-facts.ts), in SQL: each user key's first exposure (`exposures`: the earliest,
 * whatever arrived first); a goal event belongs to the earliest exposure among its user's ids
 * (user id and anonymous id) and converts it when it happened at or after that exposure and
 * no later than the goal's window after it; an exposure converts once. Variants whose users
 * were all erased stay listed with zero users, as SQLite's totals do.
 */
export async function experimentCounts(db: ClickHouseSql, projectId: number, experimentId: string): Promise<VariantCounts[]> {
  const mine = sql`project_id = ${projectId} AND experiment_id = ${experimentId}`;
  const [variants, counts] = await Promise.all([
    db.query<{ variant: string }>(`SELECT DISTINCT variant FROM experiment_variants WHERE ${mine} ORDER BY variant`),
    db.query<VariantCounts>(
      `SELECT v AS variant, count() AS users, sum(converted) AS conversions FROM (
         SELECT user_key, argMinMerge(variant) AS v FROM exposures WHERE ${mine} GROUP BY user_key
       ) AS exposed ANY LEFT JOIN (
         SELECT DISTINCT chosen AS user_key, toUInt8(1) AS converted FROM (
           SELECT message_id, argMin(user_key, tuple(exposed, user_key)) AS chosen, min(exposed) AS first_exposed, min(at) AS goal_at, any(window_ms) AS goal_window
           FROM (SELECT message_id, user_key, at, window_ms FROM goals WHERE ${mine}) AS goal
           ALL INNER JOIN (SELECT user_key, minMerge(exposed_at) AS exposed FROM exposures WHERE ${mine} GROUP BY user_key) AS firsts USING user_key
           GROUP BY message_id
         ) AS chosen_exposure WHERE goal_at >= first_exposed AND goal_at <= first_exposed + goal_window
       ) AS conversion USING user_key
       GROUP BY variant`,
    ),
  ]);
  const byVariant = new Map(counts.map((c) => [c.variant, c]));
  return variants.map(({ variant }) => byVariant.get(variant) ?? { variant, users: 0, conversions: 0 });
}
