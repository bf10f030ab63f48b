import { MAX_OBJECT_KEYS } from '@touchpoint/content';
import { capTraits, type TimedTrait, traitValues } from '../../facts/person-traits.js';
import type { PeoplePage, PersonStore, StoredPerson } from '../store.js';
import type { ClickHouseSql } from './connection.js';
import { firstEventGroups } from '../first-event-groups.js';
import { list, literal, raw, sql } from './sql.js';

/**
 * How far behind the writer's clock a run's cursor stays: a person's `changed` is the time
 * their facts were queued, and a flush becomes visible only once written (and collectors'
 * clocks differ a little). A run reads up to now minus this, so a change written late is read
 * by the next run instead of being passed over; reading a change twice is harmless (a user who
 * already entered no longer newly matches).
 */
export const CHANGE_LAG_MS = 120_000;

interface PersonRow {
  user_key: string;
  user_id: string;
  account_id: string;
  first_seen: number;
  last_seen: number;
  changed: number;
}

const MERGED = `SELECT user_key, maxMerge(user_id) AS user_id, argMaxMerge(account) AS account_id,
  minMerge(first_seen) AS first_seen, maxMerge(last_seen) AS last_seen, maxMerge(changed) AS changed FROM people`;

/** People in ClickHouse as journeys read them (see `PersonStore`): merged from the people rollup, with their traits. */
/** `lagMs`: see {@link CHANGE_LAG_MS} (tests that cannot wait give less). */
export function clickhousePeople(db: ClickHouseSql, clock: () => number = Date.now, lagMs = CHANGE_LAG_MS): PersonStore {
  /** A page of merged people, with their traits (the latest value of each key, capped as SQLite caps them at ingest). */
  const page = async (projectId: number, query: string, limit: number, next: (last: PersonRow) => string): Promise<PeoplePage> => {
    const rows = await db.query<PersonRow>(query);
    const traits = new Map<string, Map<string, TimedTrait>>();
    if (rows.length) {
      // Only the keys `capTraits` may keep leave ClickHouse (its candidates: the latest set, ties
      // by key), so a person sent ever new keys costs a page no more than the cap.
      const kv = await db.query<{ user_key: string; key: string; value: string; set_at: number }>(
        sql`SELECT user_key, key, argMax(value, at) AS value, max(at) AS set_at FROM person_traits WHERE project_id = ${projectId} AND user_key IN ${raw(
          list(rows.map((r) => r.user_key)),
        )} GROUP BY user_key, key ORDER BY user_key, set_at DESC, key LIMIT ${MAX_OBJECT_KEYS} BY user_key`,
      );
      for (const r of kv) {
        const known = traits.get(r.user_key) ?? traits.set(r.user_key, new Map()).get(r.user_key)!;
        known.set(r.key, { value: JSON.parse(r.value), at: Number(r.set_at) });
      }
    }
    const people = rows.map(
      (r): StoredPerson => ({
        key: r.user_key,
        ...(r.user_id !== '' && { userId: r.user_id }),
        traits: traitValues(capTraits(traits.get(r.user_key) ?? new Map())),
        ...(r.account_id !== '' && { accountId: r.account_id }),
        firstSeen: Number(r.first_seen),
        lastSeen: Number(r.last_seen),
        changed: Number(r.changed),
      }),
    );
    const last = rows[rows.length - 1];
    return { people, ...(rows.length === limit && last && { next: next(last) }) };
  };
  return {
    async peopleCursor() {
      return clock() - lagMs;
    },
    async peopleChanged(projectId, since, upTo, after, limit) {
      const [at, key] = after === undefined ? [since, ''] : (JSON.parse(after) as [number, string]);
      return page(
        projectId,
        sql`${raw(MERGED)} WHERE project_id = ${projectId} GROUP BY user_key
            HAVING changed > ${since} AND changed <= ${upTo} AND (changed > ${at} OR (changed = ${at} AND user_key > ${key}))
            ORDER BY changed, user_key LIMIT ${limit}`,
        limit,
        (r) => JSON.stringify([Number(r.changed), r.user_key]),
      );
    },
    async peopleLastSeen(projectId, from, to, after, limit) {
      const [at, key] = after === undefined ? [Number.MIN_SAFE_INTEGER, ''] : (JSON.parse(after) as [number, string]);
      return page(
        projectId,
        sql`${raw(MERGED)} WHERE project_id = ${projectId} GROUP BY user_key
            HAVING last_seen >= ${from} AND last_seen < ${to} AND (last_seen > ${at} OR (last_seen = ${at} AND user_key > ${key}))
            ORDER BY last_seen, user_key LIMIT ${limit}`,
        limit,
        (r) => JSON.stringify([Number(r.last_seen), r.user_key]),
      );
    },
    async allPeople(projectId, after, limit) {
      return page(
        projectId,
        sql`${raw(MERGED)} WHERE project_id = ${projectId} AND user_key > ${after ?? ''} GROUP BY user_key ORDER BY user_key LIMIT ${limit}`,
        limit,
        (r) => r.user_key,
      );
    },
    async personEventDays(projectId, keys, events) {
      const out = new Map<string, Map<string, Array<[number, number]>>>();
      if (!keys.length || !events.length) return out;
      const rows = await db.query<{ user_key: string; event: string; day: number; count: number }>(
        sql`SELECT user_key, event, day, uniqExactMerge(messages) AS count FROM user_events
            WHERE project_id = ${projectId} AND event IN ${raw(list(events))} AND user_key IN ${raw(list(keys))} GROUP BY user_key, event, day ORDER BY day`,
      );
      for (const r of rows) {
        const byEvent = out.get(r.user_key) ?? out.set(r.user_key, new Map()).get(r.user_key)!;
        (byEvent.get(r.event) ?? byEvent.set(r.event, []).get(r.event)!).push([Number(r.day), Number(r.count)]);
      }
      return out;
    },
    async personFeatureDays(projectId, keys, features) {
      const out = new Map<string, Map<string, number>>();
      if (!keys.length || !features.length) return out;
      const rows = await db.query<{ user_key: string; feature: string; block: number; bits: number }>(
        sql`SELECT user_key, key AS feature, block, groupBitOrMerge(bits) AS bits FROM user_days
            WHERE project_id = ${projectId} AND kind = 'feature' AND key IN ${raw(list(features))} AND user_key IN ${raw(list(keys))}
            GROUP BY user_key, feature, block`,
      );
      for (const r of rows) {
        const last = Number(r.block) * 32 + (31 - Math.clz32(Number(r.bits)));
        const byFeature = out.get(r.user_key) ?? out.set(r.user_key, new Map()).get(r.user_key)!;
        if (last > (byFeature.get(r.feature) ?? Number.NEGATIVE_INFINITY)) byFeature.set(r.feature, last);
      }
      return out;
    },
    async firstEventsBetween(projectId, queries) {
      const out: Array<number | undefined> = queries.map(() => undefined);
      for (const { event, items } of firstEventGroups(queries)) {
        // Each user once a group: their bounds are looked up by key (`transform`, in every release).
        const keys = list(items.map((q) => q.userKey));
        const bound = (side: 'after' | 'until') =>
          `transform(user_key, [${items.map((q) => literal(q.userKey)).join(', ')}], [${items.map((q) => literal(q[side])).join(', ')}], 0)`;
        const named = event === undefined ? '' : sql` AND event = ${event}`;
        const rows = await db.query<{ key: string; at: number }>(
          sql`SELECT user_key AS key, min(timestamp) AS at FROM events
              WHERE project_id = ${projectId} AND user_key IN ${raw(keys)}
                AND timestamp > ${Math.min(...items.map((q) => q.after))} AND timestamp <= ${Math.max(...items.map((q) => q.until))}
                AND timestamp > ${raw(bound('after'))} AND timestamp <= ${raw(bound('until'))}${raw(named)}
                AND position(payload, '"preview":true') = 0
              GROUP BY user_key`,
        );
        const index = new Map(items.map((q) => [q.userKey, q.index]));
        for (const r of rows) out[index.get(r.key)!] = Number(r.at);
      }
      return out;
    },
  };
}
