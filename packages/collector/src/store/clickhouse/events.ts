import type { DropReason, Drops } from '@touchpoint/content';
import type { EventQuery, EventStore, StoredClick } from '../store.js';
import { eventPage, positionOf } from '../event-cursor.js';
import { storedEvent } from '../sqlite/stored-event.js';
import type { ClickHouseSql } from './connection.js';
import { raw, sql } from './sql.js';
import type { BatchingWriter } from './writer.js';

/** The columns a stored event is read back from (see `storedEvent`). */
export const STORED_COLUMNS = 'payload, timestamp, received_at';

/** Events in ClickHouse: stored once through the batching writer, read back raw (each message once), and the clicks retroactive features read. */
export function clickhouseEvents(
  db: ClickHouseSql,
  writer: BatchingWriter,
): Pick<EventStore, 'insertEvents' | 'queryEvents' | 'clientDropped' | 'clicksAfter'> {
  return {
    insertEvents(projectId, rows, clientDropped = {}) {
      return writer.write(projectId, rows, clientDropped);
    },

    async queryEvents(projectId: number, q: EventQuery) {
      const where = [sql`project_id = ${projectId}`];
      // A user's events are read through the sort key.
      if (q.userId !== undefined) where.push(sql`user_key = ${q.userId} AND user_id = ${q.userId}`);
      if (q.anonymousId !== undefined) where.push(sql`anonymous_id = ${q.anonymousId}`);
      if (q.event !== undefined) where.push(sql`event = ${q.event}`);
      if (q.type !== undefined) where.push(sql`type = ${q.type}`);
      if (q.after) {
        const [t, r, n, id] = positionOf(q.after, ['number', 'number', 'number', 'string']);
        where.push(
          sql`(timestamp < ${t} OR (timestamp = ${t} AND (received_at < ${r} OR (received_at = ${r} AND (seq < ${n} OR (seq = ${n} AND message_id < ${id}))))))`,
        );
      }
      // One more than a page: whether another page follows.
      const rows = await db.query<{ payload: string; timestamp: number; received_at: number; seq: number; message_id: string }>(
        sql`SELECT ${raw(STORED_COLUMNS)}, seq, message_id FROM events WHERE ${raw(where.join(' AND '))}
            ORDER BY timestamp DESC, received_at DESC, seq DESC, message_id DESC LIMIT 1 BY message_id LIMIT ${q.limit + 1}`,
      );
      return eventPage(rows, q.limit, storedEvent, (r) => [r.timestamp, r.received_at, r.seq, r.message_id]);
    },

    async clientDropped(projectId) {
      const rows = await db.query<{ reason: DropReason; count: number }>(
        sql`SELECT reason, sum(count) AS count FROM client_drops WHERE project_id = ${projectId} GROUP BY reason HAVING count > 0`,
      );
      return Object.fromEntries(rows.map((r) => [r.reason, r.count])) as Drops;
    },

    async clicksAfter(projectId, after, limit) {
      // The cursor is "time:messageId" of the last click read: opaque to callers. A preview tab's
      // clicks count in no feature (see `factsOf`; its payload says so, as the migrations read it).
      const colon = after?.indexOf(':') ?? -1;
      const [timestamp, id] = after && colon > 0 ? [Number(after.slice(0, colon)), after.slice(colon + 1)] : [Number.MIN_SAFE_INTEGER, ''];
      const rows = await db.query<StoredClick & { id: string }>(
        sql`SELECT timestamp, message_id AS id, user_key AS userKey, group_id AS groupId, click_path AS path FROM events
            WHERE project_id = ${projectId} AND event = 'Element Clicked' AND (timestamp > ${timestamp} OR (timestamp = ${timestamp} AND message_id > ${id}))
              AND position(payload, '"preview":true') = 0
            ORDER BY timestamp, message_id LIMIT 1 BY message_id LIMIT ${limit}`,
      );
      const last = rows[rows.length - 1];
      return {
        clicks: rows.map(({ id: _id, ...click }) => click),
        ...(rows.length === limit && last && { next: `${last.timestamp}:${last.id}` }),
      };
    },
  };
}
