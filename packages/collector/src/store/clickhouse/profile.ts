import type { DailyCount, EventStore, ProfileKey } from '../store.js';
import type { ClickHouseSql } from './connection.js';
import { list, lists, raw, sql } from './sql.js';

type ProfileReads = Pick<EventStore, 'dailyCounts' | 'eventTotals' | 'featuresUsed' | 'contentFacts' | 'userOfAnonymousId' | 'identifiedAnonymousIds'>;

const DAY_MS = 86_400_000;

/**
 * The events of one user, as a condition on `events` that its sort key serves: a user id is
 * the `user_key` of their events; an anonymous id is the key of its anonymous events and of
 * the events of the users it turned out to be.
 */
export function whoSql(projectId: number, key: ProfileKey): string {
  if ('userId' in key) return sql`project_id = ${projectId} AND user_key = ${key.userId} AND user_id = ${key.userId}`;
  const a = key.anonymousId;
  return sql`project_id = ${projectId} AND anonymous_id = ${a}
    AND (user_key = ${a} OR user_key IN (SELECT user FROM anonymous_users WHERE project_id = ${projectId} AND anonymous = ${a}))`;
}

/** One user's facts for targeting (`GET /v1/profile`), read from their stored events (a message stored twice counts once). */
export function clickhouseProfiles(db: ClickHouseSql): ProfileReads {
  return {
    async dailyCounts(projectId, key, since, events) {
      if (events && !events.length) return [];
      const named = events ? ` AND event IN ${list(events)}` : '';
      const rows = await db.query<{ event: string; day: number; count: number }>(
        sql`SELECT assumeNotNull(event) AS event, intDiv(timestamp, ${DAY_MS}) AS day, uniqExact(message_id) AS count FROM events
            WHERE ${raw(whoSql(projectId, key))} AND type = 'track' AND timestamp >= ${since}${raw(named)} GROUP BY event, day`,
      );
      return rows.map((r): DailyCount => ({ event: r.event, day: new Date(r.day * DAY_MS).toISOString().slice(0, 10), count: r.count }));
    },

    async eventTotals(projectId, key) {
      return db.query(
        sql`SELECT assumeNotNull(event) AS event, uniqExact(message_id) AS count FROM events WHERE ${raw(whoSql(projectId, key))} AND type = 'track' GROUP BY event`,
      );
    },

    async featuresUsed(projectId, key) {
      const rows = await db.query<{ id: string; last: number }>(
        sql`SELECT assumeNotNull(feature_id) AS id, max(timestamp) AS last FROM events
            WHERE ${raw(whoSql(projectId, key))} AND isNotNull(feature_id) GROUP BY id`,
      );
      return Object.fromEntries(rows.map((r) => [r.id, r.last]));
    },

    async contentFacts(projectId, key) {
      return db.query(
        sql`SELECT assumeNotNull(event) AS event, assumeNotNull(content_id) AS contentId, max(timestamp) AS last, uniqExact(message_id) AS count
            FROM events WHERE ${raw(whoSql(projectId, key))} AND history = 1 AND isNotNull(content_id) GROUP BY event, contentId`,
      );
    },

    async userOfAnonymousId(projectId, anonymousId) {
      const [row] = await db.query<{ user: string }>(
        sql`SELECT user, minMerge(first) AS first_at FROM anonymous_users
            WHERE project_id = ${projectId} AND anonymous = ${anonymousId} GROUP BY user ORDER BY first_at, user LIMIT 1`,
      );
      return row?.user;
    },

    async identifiedAnonymousIds(projectId, anonymousIds) {
      if (!anonymousIds.length) return new Set();
      const out = new Set<string>();
      for (const inList of lists(anonymousIds)) {
        const rows = await db.query<{ anonymous: string }>(
          sql`SELECT DISTINCT anonymous FROM anonymous_users WHERE project_id = ${projectId} AND anonymous IN ${raw(inList)}`,
        );
        for (const r of rows) out.add(r.anonymous);
      }
      return out;
    },
  };
}
