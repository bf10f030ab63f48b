import type { DropReason, Drops } from '@touchpoint/content';
import type Database from 'better-sqlite3';
import { factsOf } from '../../facts/event-facts.js';
import type { EventQuery, EventRow, EventStore, InsertResult, StoredClick } from '../store.js';
import { eventPage, positionOf } from '../event-cursor.js';
import type { FactWriter } from './fact-writer.js';
import { storedEvent } from './stored-event.js';

/** Events in SQLite: stored once with their facts, read back raw, and the clicks retroactive features read. */
export function sqliteEvents(db: Database.Database, facts: FactWriter): Pick<EventStore, 'insertEvents' | 'queryEvents' | 'clientDropped' | 'clicksAfter'> {
  const insertEvent = db.prepare(
    `INSERT OR IGNORE INTO events (project_id, message_id, type, event, user_id, anonymous_id, group_id, timestamp, received_at, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const addDropped = db.prepare(
    'INSERT INTO client_drops (project_id, reason, count) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET count = count + excluded.count',
  );
  const dropped = db.prepare('SELECT reason, count FROM client_drops WHERE project_id = ?');
  // A preview tab's clicks count in no feature (see `factsOf`).
  const clicks = db.prepare(
    `SELECT timestamp, id, COALESCE(user_id, anonymous_id) AS userKey, group_id AS groupId, json_extract(payload, '$.properties.path') AS path
     FROM events WHERE project_id = ? AND event = 'Element Clicked' AND (timestamp, id) > (?, ?)
       AND json_type(payload, '$.context.preview') IS NOT 'true' ORDER BY timestamp, id LIMIT ?`,
  );

  /** One transaction per request: all rows of a batch land together, with their facts, or not at all. */
  const insertTx = db.transaction((projectId: number, rows: readonly EventRow[], drops: Drops): InsertResult => {
    let inserted = 0;
    try {
      for (const r of rows) {
        const added = insertEvent.run(
          projectId,
          r.messageId,
          r.type,
          r.event,
          r.userId,
          r.anonymousId,
          r.groupId,
          r.timestamp,
          r.receivedAt,
          r.payload,
        ).changes;
        inserted += added;
        // A duplicate (a retry) was counted the first time.
        if (!added) continue;
        const f = factsOf(r);
        if (f) facts.record(projectId, f);
      }
      facts.flush();
    } finally {
      facts.discard();
    }
    for (const [reason, n] of Object.entries(drops)) if (n > 0) addDropped.run(projectId, reason, n);
    return { inserted, duplicates: rows.length - inserted };
  });

  return {
    async insertEvents(projectId, rows, clientDropped = {}) {
      return insertTx(projectId, rows, clientDropped);
    },

    async queryEvents(projectId: number, q: EventQuery) {
      const where = ['project_id = ?'];
      const params: unknown[] = [projectId];
      const filters: [keyof EventQuery, string][] = [
        ['userId', 'user_id'],
        ['anonymousId', 'anonymous_id'],
        ['event', 'event'],
        ['type', 'type'],
      ];
      for (const [key, column] of filters) {
        if (q[key] !== undefined) {
          where.push(`${column} = ?`);
          params.push(q[key]);
        }
      }
      if (q.after) {
        const [timestamp, id] = positionOf(q.after, ['number', 'number']);
        where.push('(timestamp, id) < (?, ?)');
        params.push(timestamp, id);
      }
      // One more than a page: whether another page follows.
      params.push(q.limit + 1);
      // Only fixed column names are interpolated; every value is a bound parameter.
      const rows = db
        .prepare(`SELECT payload, timestamp, received_at, id FROM events WHERE ${where.join(' AND ')} ORDER BY timestamp DESC, id DESC LIMIT ?`)
        .all(...params) as { payload: string; timestamp: number; received_at: number; id: number }[];
      return eventPage(rows, q.limit, storedEvent, (r) => [r.timestamp, r.id]);
    },

    async clientDropped(projectId) {
      const rows = dropped.all(projectId) as Array<{ reason: DropReason; count: number }>;
      return Object.fromEntries(rows.map((r) => [r.reason, r.count]));
    },

    async clicksAfter(projectId, after, limit) {
      // The cursor is "time:rowid" of the last click read: opaque to callers.
      const [timestamp, id] = after ? after.split(':').map(Number) : [Number.MIN_SAFE_INTEGER, 0];
      const rows = clicks.all(projectId, timestamp, id, limit) as Array<StoredClick & { id: number }>;
      const last = rows[rows.length - 1];
      return {
        clicks: rows.map(({ id: _rowid, ...click }) => click),
        ...(rows.length === limit && last && { next: `${last.timestamp}:${last.id}` }),
      };
    },
  };
}
