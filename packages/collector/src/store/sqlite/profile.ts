import { HISTORY } from '@touchpoint/content';
import type Database from 'better-sqlite3';
import type { ContentFact, DailyCount, EventStore, ProfileKey } from '../store.js';
import { contentIdSql, eventInSql, lifecycleRows } from './lifecycle-sql.js';

/** The lifecycle events of a content's history (shown, completed, dismissed), as the profile keeps them. */
const HISTORY_ROWS = lifecycleRows(HISTORY);

type ProfileReads = Pick<EventStore, 'dailyCounts' | 'eventTotals' | 'featuresUsed' | 'contentFacts' | 'userOfAnonymousId' | 'identifiedAnonymousIds'>;

/** One user's facts for targeting (`GET /v1/profile`), read from their stored events. */
export function sqliteProfiles(db: Database.Database): ProfileReads {
  const who = (key: ProfileKey): [string, string] =>
    // Only fixed column names are interpolated; the id is a bound parameter.
    'userId' in key ? ['user_id', key.userId] : ['anonymous_id', key.anonymousId];

  return {
    async dailyCounts(projectId, key, since, events) {
      const [column, value] = who(key);
      if (events && !events.length) return [];
      const named = events ? ` AND event IN (${events.map(() => '?').join(', ')})` : '';
      return db
        .prepare(
          `SELECT event, strftime('%Y-%m-%d', timestamp / 1000, 'unixepoch') AS day, COUNT(*) AS count FROM events
           WHERE project_id = ? AND ${column} = ? AND type = 'track' AND timestamp >= ?${named} GROUP BY event, day`,
        )
        .all(projectId, value, since, ...(events ?? [])) as DailyCount[];
    },

    async eventTotals(projectId, key) {
      const [column, value] = who(key);
      return db
        .prepare(`SELECT event, COUNT(*) AS count FROM events WHERE project_id = ? AND ${column} = ? AND type = 'track' GROUP BY event`)
        .all(projectId, value) as Array<{ event: string; count: number }>;
    },

    async featuresUsed(projectId, key) {
      const [column, value] = who(key);
      const rows = db
        .prepare(
          // Named so that no column of events shadows it: GROUP BY takes a column before an alias.
          `SELECT json_extract(payload, '$.properties.feature_id') AS feature, MAX(timestamp) AS last FROM events
           WHERE project_id = ? AND ${column} = ? AND event = 'Feature Used' GROUP BY feature`,
        )
        .all(projectId, value) as Array<{ feature: unknown; last: number }>;
      return Object.fromEntries(rows.filter((r) => typeof r.feature === 'string').map((r) => [r.feature, r.last]));
    },

    async contentFacts(projectId, key) {
      const [column, value] = who(key);
      return db
        .prepare(
          `SELECT event, ${contentIdSql(HISTORY_ROWS)} AS contentId, MAX(timestamp) AS last, COUNT(*) AS count
           FROM events WHERE project_id = ? AND ${column} = ? AND ${eventInSql(HISTORY_ROWS)}
           GROUP BY event, contentId HAVING contentId IS NOT NULL`,
        )
        .all(projectId, value) as ContentFact[];
    },

    async userOfAnonymousId(projectId, anonymousId) {
      return db
        .prepare('SELECT user_id FROM events WHERE project_id = ? AND anonymous_id = ? AND user_id IS NOT NULL ORDER BY id LIMIT 1')
        .pluck()
        .get(projectId, anonymousId) as string | undefined;
    },

    async identifiedAnonymousIds(projectId, anonymousIds) {
      if (!anonymousIds.length) return new Set();
      const rows = db
        .prepare(
          `SELECT DISTINCT anonymous_id FROM events WHERE project_id = ? AND user_id IS NOT NULL
           AND anonymous_id IN (SELECT value FROM json_each(?))`,
        )
        .pluck()
        .all(projectId, JSON.stringify(anonymousIds)) as string[];
      return new Set(rows);
    },
  };
}
