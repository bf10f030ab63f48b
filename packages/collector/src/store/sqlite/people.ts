import type Database from 'better-sqlite3';
import type { EventFacts } from '../../facts/event-facts.js';
import { capTraits, mergeTimedTraits, mergeTraits, type TimedTrait, traitValues } from '../../facts/person-traits.js';
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

/** One person's facts from the events of one batch, folded before they are written. */
interface PendingPerson {
  projectId: number;
  key: string;
  userId: string | null;
  account: string | null;
  accountAt: number | null;
  first: number;
  last: number;
  traits?: Map<string, TimedTrait>;
}

/** What records people at ingest: `add` each event's facts, `flush` once per batch (both inside its transaction), `discard` when the batch fails. */
export interface PersonWriter {
  add(projectId: number, facts: EventFacts): void;
  flush(): void;
  discard(): void;
}

/**
 * Records events' facts in the people they are about: first and last seen, the account of the
 * latest event carrying one, identify calls' traits merged key by key (`mergeTraits`, capped by
 * `capTraits`), and a new `changed` number, one more than the project's highest, so the people
 * changed since a run are those above its cursor (SQLite has one writer: numbers are handed
 * out in commit order). A batch's events are folded in memory first, then each person is
 * written once (ingest's hot path: one upsert per person and request, not per event); the
 * stored result is the one writing event by event would give.
 */
export function sqlitePersonWriter(db: Database.Database): PersonWriter {
  const traitsOf = db.prepare('SELECT traits, trait_times AS times FROM people WHERE project_id = ? AND user_key = ?');
  const upsert = db.prepare(
    `INSERT INTO people (project_id, user_key, user_id, traits, trait_times, traits_at, account_id, account_at, first_seen, last_seen, changed)
     VALUES (@project, @key, @userId, COALESCE(@traits, '{}'), COALESCE(@times, '{}'), @traitsAt, @account, @accountAt, @first, @last, @changed)
     ON CONFLICT (project_id, user_key) DO UPDATE SET
       user_id = COALESCE(excluded.user_id, user_id),
       traits = COALESCE(@traits, traits),
       trait_times = COALESCE(@times, trait_times),
       traits_at = COALESCE(@traitsAt, traits_at),
       account_id = CASE WHEN excluded.account_id IS NOT NULL AND (account_at IS NULL OR excluded.account_at >= account_at) THEN excluded.account_id ELSE account_id END,
       account_at = CASE WHEN excluded.account_id IS NOT NULL AND (account_at IS NULL OR excluded.account_at >= account_at) THEN excluded.account_at ELSE account_at END,
       first_seen = MIN(first_seen, excluded.first_seen),
       last_seen = MAX(last_seen, excluded.last_seen),
       changed = excluded.changed`,
  );
  const highest = db.prepare('SELECT COALESCE(MAX(changed), 0) FROM people WHERE project_id = ?').pluck();
  const pending = new Map<string, PendingPerson>();
  /** The person's stored traits with their times, merged with the batch's (the batch's calls are later in arrival order). */
  const withStored = (p: PendingPerson, batch: Map<string, TimedTrait>) => {
    const known = traitsOf.get(p.projectId, p.key) as { traits: string; times: string } | undefined;
    const merged = new Map<string, TimedTrait>();
    if (known) {
      const times = JSON.parse(known.times) as Record<string, number>;
      for (const [key, value] of Object.entries(JSON.parse(known.traits) as Record<string, unknown>)) merged.set(key, { value, at: times[key] ?? 0 });
    }
    return capTraits(mergeTimedTraits(merged, batch));
  };
  const write = (p: PendingPerson, changed: number) => {
    let traits: string | null = null;
    let times: string | null = null;
    let traitsAt: number | null = null;
    if (p.traits) {
      const merged = withStored(p, p.traits);
      traits = JSON.stringify(traitValues(merged));
      times = JSON.stringify(Object.fromEntries([...merged].map(([key, t]) => [key, t.at])));
      traitsAt = Math.max(...[...merged.values()].map((t) => t.at));
    }
    upsert.run({
      project: p.projectId,
      key: p.key,
      userId: p.userId,
      traits,
      times,
      traitsAt: Number.isFinite(traitsAt) ? traitsAt : null,
      account: p.account,
      accountAt: p.accountAt,
      first: p.first,
      last: p.last,
      changed,
    });
  };
  return {
    add(projectId, f) {
      const id = `${projectId}\0${f.userKey}`;
      let p = pending.get(id);
      if (!p) {
        p = { projectId, key: f.userKey, userId: null, account: null, accountAt: null, first: f.at, last: f.at };
        pending.set(id, p);
      }
      // As the upsert would take them one by one: the latest user id, the account of the latest event carrying one.
      if (f.ids[0] !== null) p.userId = f.ids[0];
      if (f.accountId && (p.accountAt === null || f.at >= p.accountAt)) {
        p.account = f.accountId;
        p.accountAt = f.at;
      }
      p.first = Math.min(p.first, f.at);
      p.last = Math.max(p.last, f.at);
      if (f.traits) mergeTraits((p.traits ??= new Map()), f.traits, f.at);
    },
    flush() {
      // The project's highest change number, read once a batch: its people get the next ones.
      const next = new Map<number, number>();
      for (const p of pending.values()) {
        const changed = (next.get(p.projectId) ?? (highest.get(p.projectId) as number)) + 1;
        next.set(p.projectId, changed);
        write(p, changed);
      }
      pending.clear();
    },
    discard() {
      pending.clear();
    },
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
