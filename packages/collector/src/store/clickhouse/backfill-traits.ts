import type { ClickHouseSql } from './connection.js';
import { traitRows } from './fact-rows.js';
import { sql } from './sql.js';

/** Identify calls read a page at a time (a message is at most 32 KB: a page stays a few MB). */
const PAGE = 500;

/**
 * Migration 6: the traits of the identify calls stored before migration 5 kept them, as
 * ingest writes them (`traitRows`). ClickHouse 18.16 (Debian's) has no function that lists
 * a JSON object's keys (`JSONExtractKeysAndValuesRaw` came with 19.x), so the calls are read
 * in key order, a page at a time, and taken apart here. Run again (a migration cut short),
 * it writes the same rows again: `person_traits` keeps the latest by time per key, and reads
 * take `argMax`, so nothing counts twice. Preview tabs' calls are left out, as at ingest.
 */
export async function backfillTraits(db: ClickHouseSql): Promise<void> {
  let after = { project_id: 0, user_key: '', message_id: '' };
  for (;;) {
    const page = await db.query<{ project_id: number; user_key: string; message_id: string; timestamp: number; payload: string }>(
      sql`SELECT project_id, user_key, message_id, timestamp, payload FROM events
          WHERE type = 'identify' AND user_key != '' AND position(payload, '"preview":true') = 0
            AND (project_id > ${after.project_id} OR (project_id = ${after.project_id} AND (user_key > ${after.user_key}
                 OR (user_key = ${after.user_key} AND message_id > ${after.message_id}))))
          ORDER BY project_id, user_key, message_id LIMIT ${PAGE}`,
    );
    const rows = page.flatMap((e) => {
      const traits = (JSON.parse(e.payload) as { traits?: unknown }).traits;
      return traits && typeof traits === 'object' && !Array.isArray(traits)
        ? traitRows(Number(e.project_id), e.user_key, traits as Record<string, unknown>, Number(e.timestamp))
        : [];
    });
    if (rows.length) await db.insert('person_traits', rows);
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) return;
    after = { project_id: Number(last.project_id), user_key: last.user_key, message_id: last.message_id };
  }
}
