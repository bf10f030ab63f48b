import type { ClickHouseSql } from './connection.js';
import { list, lists, sql } from './sql.js';

/** A count over a per-message table, grouped by `group` (its columns, `day` first), then by the caller's outer query. */
export interface OnceByDayQuery {
  /** `daily_events` or `account_daily`: a ReplacingMergeTree of a row per message, partitioned by day. */
  table: 'daily_events' | 'account_daily';
  projectId: number;
  range: { from: number; to: number };
  /** More conditions on the rows to count, in columns `day_counts` has too (` AND account_id = …`). */
  and?: string;
  /** The inner grouping, day first: `day` or `day, account_id, key`; its rows carry `c`, the messages of the group. */
  group: string;
  /** The outer SELECT list over the inner rows (`day`, the group's other columns, `c`). */
  select: string;
  /** The outer GROUP BY. */
  by: string;
  /** The outer ORDER BY, if any. */
  order?: string;
}

/**
 * Counts each message once, reading per message only what ClickHouse has not merged yet. The
 * table keeps a row per message (a message written twice is two rows until their parts merge),
 * partitioned by day; ClickHouse merges a day's parts into one once the day stops receiving
 * rows, and one part never holds a message twice. A part never changes (a merge or a deletion
 * writes a new one, under a new name), so the counts of a day that is one part are computed once
 * and kept in `day_counts` under that part's name; the days of several parts (today, a day a
 * late event reached) are read with FINAL, which merges their sorted parts as it reads.
 *
 * Reads: which days are one part (`system.parts`), which of those parts are counted (a marker
 * row, written after the counts), the counts of the others (once, by whichever read comes
 * first: two reads counting one part at once write the same rows, read with `any`), then the
 * answer. A part merged away meanwhile gets no marker, and its day is read with FINAL.
 */
export async function onceByDay<T>(db: ClickHouseSql, q: OnceByDayQuery): Promise<T[]> {
  const where = sql`project_id = ${q.projectId} AND day >= ${q.range.from} AND day <= ${q.range.to}`.concat(q.and ?? '');
  const days = (
    await db.query<{ day: string; names: string[] }>(
      sql`SELECT partition_id AS day, groupArray(name) AS names FROM system.parts
        WHERE database = currentDatabase() AND table = ${q.table} AND active GROUP BY partition_id`,
    )
  )
    .map((p) => ({ day: Number(p.day), names: p.names }))
    .filter((p) => p.day >= q.range.from && p.day <= q.range.to);
  const single = new Map(days.filter((p) => p.names.length === 1).map((p) => [p.day, p.names[0]!]));
  const mine = sql`project_id = ${q.projectId} AND source = ${q.table}`;
  const counted = async () => {
    const found = await Promise.all(
      lists([...single.values()]).map((names) =>
        db.query<{ part: string }>(`SELECT DISTINCT part FROM day_counts WHERE ${mine} AND marker = 1 AND ${where} AND part IN ${names}`),
      ),
    );
    return new Set(found.flat().map((r) => r.part));
  };
  let done = single.size ? await counted() : new Set<string>();
  const missing = [...single.values()].filter((name) => !done.has(name));
  if (missing.length) {
    const groups = q.table === 'account_daily' ? 'account_id, key' : "'', ''";
    for (const names of lists(missing)) {
      await db.command(
        `INSERT INTO day_counts (project_id, source, day, part, marker, account_id, key, count)
         SELECT project_id, '${q.table}', day, _part, 0, ${groups}, count() FROM ${q.table}
         WHERE project_id = ${sql`${q.projectId}`} AND _part IN ${names} GROUP BY project_id, day, _part${q.table === 'account_daily' ? ', account_id, key' : ''}`,
      );
      // The marker after the counts, and only for parts that had rows: a part merged away
      // before it was read has none, and is not taken as counted.
      await db.command(
        `INSERT INTO day_counts (project_id, source, day, part, marker, account_id, key, count)
         SELECT project_id, source, day, part, 1, '', '', 0 FROM day_counts
         WHERE ${mine} AND marker = 0 AND part IN ${names} GROUP BY project_id, source, day, part`,
      );
    }
    done = await counted();
  }
  const cached = [...single].filter(([, name]) => done.has(name));
  const merging = days.map((p) => p.day).filter((day) => !cached.some(([d]) => d === day));
  const branches = [
    ...lists(cached.map(([, name]) => name)).map(
      (names) => `SELECT ${q.group}, any(count) AS c FROM day_counts WHERE ${mine} AND marker = 0 AND ${where} AND part IN ${names} GROUP BY part, ${q.group}`,
    ),
    ...(merging.length ? [`SELECT ${q.group}, count() AS c FROM ${q.table} FINAL WHERE ${where} AND day IN ${list(merging)} GROUP BY ${q.group}`] : []),
  ];
  if (!branches.length) return [];
  return db.query<T>(`SELECT ${q.select} FROM (${branches.join(' UNION ALL ')}) GROUP BY ${q.by}${q.order ? ` ORDER BY ${q.order}` : ''}`);
}
