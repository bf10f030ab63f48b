import type Database from 'better-sqlite3';
import type { EventFacts } from '../../facts/event-facts.js';
import { mergeTraits } from '../../facts/person-traits.js';
import { firstEventGroups } from '../first-event-groups.js';
import { chunks, marks } from './chunks.js';
import type { PeoplePage, PersonStore, StoredPerson } from '../store.js';

interface PersonRow {
  user_key: string;
  user_id: string | null;
  traits: string;
  account_id: string | null;
  first_seen: number;
  last_seen: number;
  changed: number;
}

const COLUMNS = 'user_key, user_id, traits, account_id, first_seen, last_seen, changed';

const personOf = (r: PersonRow): StoredPerson => ({
  key: r.user_key,
  ...(r.user_id !== null && { userId: r.user_id }),
  traits: JSON.parse(r.traits) as Record<string, unknown>,
  ...(r.account_id !== null && { accountId: r.account_id }),
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
  changed: r.changed,
});

/**
 * Records one event's facts in the person they are about (inside ingest's transaction): first
 * and last seen, the account of the latest event carrying one, an identify call's traits
 * merged (`mergeTraits`), and a new `changed` number, one more than the project's highest, so
 * the people changed since a run are those above its cursor (SQLite has one writer: numbers
 * are handed out in commit order).
 */
export function sqlitePersonWriter(db: Database.Database): (projectId: number, facts: EventFacts) => void {
  const traitsOf = db.prepare('SELECT traits, traits_at AS at FROM people WHERE project_id = ? AND user_key = ?');
  const upsert = db.prepare(
    `INSERT INTO people (project_id, user_key, user_id, traits, traits_at, account_id, account_at, first_seen, last_seen, changed)
     VALUES (@project, @key, @userId, COALESCE(@traits, '{}'), @traitsAt, @account, @accountAt, @at, @at,
             (SELECT COALESCE(MAX(changed), 0) + 1 FROM people WHERE project_id = @project))
     ON CONFLICT (project_id, user_key) DO UPDATE SET
       user_id = COALESCE(excluded.user_id, user_id),
       traits = COALESCE(@traits, traits),
       traits_at = COALESCE(@traitsAt, traits_at),
       account_id = CASE WHEN excluded.account_id IS NOT NULL AND (account_at IS NULL OR excluded.account_at >= account_at) THEN excluded.account_id ELSE account_id END,
       account_at = CASE WHEN excluded.account_id IS NOT NULL AND (account_at IS NULL OR excluded.account_at >= account_at) THEN excluded.account_at ELSE account_at END,
       first_seen = MIN(first_seen, excluded.first_seen),
       last_seen = MAX(last_seen, excluded.last_seen),
       changed = excluded.changed`,
  );
  return (projectId, f) => {
    let traits: string | null = null;
    let traitsAt: number | null = null;
    if (f.traits) {
      const known = traitsOf.get(projectId, f.userKey) as { traits: string; at: number | null } | undefined;
      const merged = mergeTraits(known && (JSON.parse(known.traits) as Record<string, unknown>), known?.at ?? undefined, f.traits, f.at);
      traits = JSON.stringify(merged.traits);
      traitsAt = merged.at;
    }
    upsert.run({
      project: projectId,
      key: f.userKey,
      userId: f.ids[0],
      traits,
      traitsAt,
      account: f.accountId,
      accountAt: f.accountId ? f.at : null,
      at: f.at,
    });
  };
}

/** People in SQLite as journeys read them: those changed since a cursor, those last seen in a range, everyone; a page at a time. */
export function sqlitePeople(db: Database.Database): PersonStore {
  const changed = db.prepare(`SELECT ${COLUMNS} FROM people WHERE project_id = ? AND changed > ? AND changed <= ? ORDER BY changed LIMIT ?`);
  const lastSeen = db.prepare(
    `SELECT ${COLUMNS} FROM people WHERE project_id = ? AND last_seen >= ? AND last_seen < ? AND (last_seen, user_key) > (?, ?) ORDER BY last_seen, user_key LIMIT ?`,
  );
  const all = db.prepare(`SELECT ${COLUMNS} FROM people WHERE project_id = ? AND user_key > ? ORDER BY user_key LIMIT ?`);
  const cursor = db.prepare('SELECT COALESCE(MAX(changed), 0) FROM people WHERE project_id = ?').pluck();
  const page = (rows: PersonRow[], limit: number, next: (last: PersonRow) => string): PeoplePage => {
    const last = rows[rows.length - 1];
    return { people: rows.map(personOf), ...(rows.length === limit && last && { next: next(last) }) };
  };
  return {
    async peopleCursor(projectId) {
      return cursor.get(projectId) as number;
    },
    async peopleChanged(projectId, since, upTo, after, limit) {
      const rows = changed.all(projectId, after === undefined ? since : Number(after), upTo, limit) as PersonRow[];
      return page(rows, limit, (r) => String(r.changed));
    },
    async peopleLastSeen(projectId, from, to, after, limit) {
      const [at, key] = after === undefined ? [Number.MIN_SAFE_INTEGER, ''] : (JSON.parse(after) as [number, string]);
      const rows = lastSeen.all(projectId, from, to, at, key, limit) as PersonRow[];
      return page(rows, limit, (r) => JSON.stringify([r.last_seen, r.user_key]));
    },
    async allPeople(projectId, after, limit) {
      const rows = all.all(projectId, after ?? '', limit) as PersonRow[];
      return page(rows, limit, (r) => r.user_key);
    },
    async personEventDays(projectId, keys, events) {
      return personEventDays(db, projectId, keys, events);
    },
    async personFeatureDays(projectId, keys, features) {
      return personFeatureDays(db, projectId, keys, features);
    },
    async firstEventsBetween(projectId, queries) {
      const out: Array<number | undefined> = queries.map(() => undefined);
      for (const { event, items } of firstEventGroups(queries)) {
        // The bounds of each user's check come with the user in a table of values; each user once a
        // group. The indexes are named: with bounds from a correlated row, the planner would
        // otherwise take the time index and scan every event in the window for each user.
        for (const part of chunks(items)) {
          const named = event === undefined ? '' : 'AND event = @event';
          const own = `timestamp > q.a AND timestamp <= q.u ${named} AND json_type(payload, '$.context.preview') IS NOT 'true'`;
          const rows = db
            .prepare(
              `WITH q(i, k, a, u) AS (VALUES ${part.map((_, j) => `(@i${j}, @k${j}, @a${j}, @u${j})`).join(', ')})
               SELECT q.i AS i,
                 (SELECT MIN(timestamp) FROM events INDEXED BY events_by_user WHERE project_id = @p AND user_id IS NOT NULL AND user_id = q.k AND ${own}) AS byUser,
                 (SELECT MIN(timestamp) FROM events INDEXED BY events_by_anonymous WHERE project_id = @p AND user_id IS NULL AND anonymous_id = q.k AND ${own}) AS byAnonymous
               FROM q`,
            )
            .all({
              p: projectId,
              ...(event !== undefined && { event }),
              ...Object.fromEntries(
                part.flatMap((q, j) => [
                  [`i${j}`, q.index],
                  [`k${j}`, q.userKey],
                  [`a${j}`, q.after],
                  [`u${j}`, q.until],
                ]),
              ),
            }) as Array<{ i: number; byUser: number | null; byAnonymous: number | null }>;
          for (const r of rows) {
            const found = [r.byUser, r.byAnonymous].filter((t): t is number => t !== null);
            if (found.length) out[r.i] = Math.min(...found);
          }
        }
      }
      return out;
    },
  };
}

const DAYS = Array.from({ length: 32 }, (_, k) => `d${k}`).join(', ');

/** Per person and event name, the days (UTC) they did it and how often, from the per-user daily counts kept at ingest. */
function personEventDays(db: Database.Database, projectId: number, keys: readonly string[], events: readonly string[]) {
  const out = new Map<string, Map<string, Array<[day: number, count: number]>>>();
  if (!keys.length || !events.length) return out;
  for (const part of chunks(keys)) {
    const rows = db
      .prepare(
        `SELECT user_key, event, block, ${DAYS} FROM user_events WHERE project_id = ? AND event IN (${marks(events.length)}) AND user_key IN (${marks(part.length)})`,
      )
      .raw()
      .all(projectId, ...events, ...part) as Array<[string, string, number, ...number[]]>;
    for (const [key, event, block, ...days] of rows) {
      const byEvent = out.get(key) ?? out.set(key, new Map()).get(key)!;
      const list = byEvent.get(event) ?? byEvent.set(event, []).get(event)!;
      days.forEach((count, k) => count && list.push([block * 32 + k, count]));
    }
  }
  return out;
}

/** Per person and feature, the last day (UTC) they used it, from the feature rollup kept at ingest. */
function personFeatureDays(db: Database.Database, projectId: number, keys: readonly string[], features: readonly string[]) {
  const out = new Map<string, Map<string, number>>();
  if (!keys.length || !features.length) return out;
  for (const part of chunks(keys)) {
    const rows = db
      .prepare(
        `SELECT user_key AS key, key AS feature, block, bits FROM user_days WHERE project_id = ? AND kind = 'feature' AND key IN (${marks(features.length)}) AND user_key IN (${marks(part.length)})`,
      )
      .all(projectId, ...features, ...part) as Array<{ key: string; feature: string; block: number; bits: number }>;
    for (const r of rows) {
      const last = r.block * 32 + (31 - Math.clz32(r.bits));
      const byFeature = out.get(r.key) ?? out.set(r.key, new Map()).get(r.key)!;
      if (last > (byFeature.get(r.feature) ?? Number.NEGATIVE_INFINITY)) byFeature.set(r.feature, last);
    }
  }
  return out;
}
