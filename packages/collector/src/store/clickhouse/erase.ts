import type { EventStore } from '../store.js';
import type { ClickHouseSql } from './connection.js';
import { USER_TABLES } from './schema.js';
import { list, raw, sql } from './sql.js';

/** How long a deletion waits for its mutations before it fails (ms). */
const MUTATION_TIMEOUT_MS = 120_000;

/**
 * Erasing a user in ClickHouse: their events (under the user id and every anonymous id those
 * events carried) and every rollup row under their ids, by mutations, waited for before the
 * call returns (18.16 has no `mutations_sync`, so `system.mutations` is polled). The per-user
 * rollups make this a deletion by key: nothing has to be recounted.
 */
export function clickhouseErase(db: ClickHouseSql): Pick<EventStore, 'deleteUser' | 'erasureKeys'> {
  const anonymousIds = async (projectId: number, userId: string) =>
    (
      await db.query<{ id: string }>(
        sql`SELECT DISTINCT assumeNotNull(anonymous_id) AS id FROM events
            WHERE project_id = ${projectId} AND user_key = ${userId} AND user_id = ${userId} AND isNotNull(anonymous_id)`,
      )
    ).map((r) => r.id);
  return {
    async erasureKeys(projectId, userId) {
      return [userId, ...(await anonymousIds(projectId, userId))];
    },
    async deleteUser(projectId, userId) {
      const anonymous = await anonymousIds(projectId, userId);
      const keys = [userId, ...anonymous];
      const theirs = raw(sql`project_id = ${projectId} AND (ifNull(user_id = ${userId}, 0) OR ifNull(anonymous_id IN `.concat(list(anonymous), ', 0))'));
      const [counted] = await db.query<{ events: number }>(sql`SELECT uniqExact(message_id) AS events FROM events WHERE ${theirs}`);
      const statements = [
        sql`ALTER TABLE events DELETE WHERE ${theirs}`,
        sql`ALTER TABLE event_ids DELETE WHERE ${theirs}`,
        sql`ALTER TABLE anonymous_users DELETE WHERE project_id = ${projectId} AND (user = ${userId} OR anonymous IN ${raw(list(anonymous))})`,
        sql`ALTER TABLE goals DELETE WHERE project_id = ${projectId} AND (user_id IN ${raw(list(keys))} OR anonymous_id IN ${raw(list(keys))})`,
        ...USER_TABLES.map((table) => `ALTER TABLE ${table} DELETE WHERE ${sql`project_id = ${projectId}`} AND user_key IN ${list(keys)}`),
      ];
      for (const statement of statements) await db.command(statement);
      await mutationsDone(db, ['events', 'event_ids', 'anonymous_users', 'goals', ...USER_TABLES]);
      return { events: counted?.events ?? 0, keys };
    },
  };
}

/** Waits until no mutation of `tables` is pending. */
async function mutationsDone(db: ClickHouseSql, tables: readonly string[]): Promise<void> {
  const deadline = Date.now() + MUTATION_TIMEOUT_MS;
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    const [row] = await db.query<{ pending: number }>(
      `SELECT count() AS pending FROM system.mutations WHERE database = currentDatabase() AND table IN ${list(tables)} AND is_done = 0`,
    );
    if (!row?.pending) return;
    if (Date.now() > deadline) throw new Error(`ClickHouse mutations on ${tables.join(', ')} still pending after ${MUTATION_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, wait));
  }
}
