import type { JourneyRunState, JourneyStore, StoredJourneyMemory } from '../store.js';
import { insertAlerts } from './alerts.js';
import { JOURNEY_ENTRY_COLUMNS as ENTRY, type JourneyEntryRow as EntryRow, journeyEntryOf as entryOf } from '../journey-entry-row.js';
import { type Pool, transaction } from './pool.js';

/**
 * Journeys' state in PostgreSQL (the scaled installation's metadata), as SQLite's repository
 * keeps it: a page of a run (memories, entries, conversions, outbox jobs) in one transaction.
 * Keys go as arrays (`unnest`, `= ANY`): one statement a kind of row, whatever the page's size.
 */
export function postgresJourneys(pool: Pool): JourneyStore {
  return {
    async journeyRun(projectId, journeyId) {
      const { rows } = await pool.query<JourneyRunState>(
        'SELECT ran_at AS "ranAt", cursor, full_at AS "fullAt", audience FROM journey_runs WHERE project_id = $1 AND journey_id = $2',
        [projectId, journeyId],
      );
      return rows[0];
    },
    async saveJourneyRun(projectId, journeyId, s) {
      await pool.query(
        `INSERT INTO journey_runs (project_id, journey_id, ran_at, cursor, full_at, audience) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (project_id, journey_id) DO UPDATE SET ran_at = excluded.ran_at, cursor = excluded.cursor, full_at = excluded.full_at, audience = excluded.audience`,
        [projectId, journeyId, s.ranAt, s.cursor, s.fullAt, s.audience],
      );
    },
    async journeyMemories(projectId, journeyId, keys) {
      const { rows } = await pool.query<{ key: string; matching: boolean; entries: number; lastEntry: number | null; converted: boolean }>(
        `SELECT user_key AS key, matching, entries, last_entry AS "lastEntry", converted FROM journey_memory
         WHERE project_id = $1 AND journey_id = $2 AND user_key = ANY($3::text[])`,
        [projectId, journeyId, keys],
      );
      return new Map(
        rows.map((r): [string, StoredJourneyMemory] => [
          r.key,
          { matching: r.matching, entries: r.entries, ...(r.lastEntry !== null && { lastEntry: r.lastEntry }), converted: r.converted },
        ]),
      );
    },
    async openJourneyEntries(projectId, journeyId, keys, since) {
      const { rows } = await pool.query<EntryRow>(
        `SELECT ${ENTRY} FROM journey_entries WHERE project_id = $1 AND journey_id = $2 AND user_key = ANY($3::text[])
         AND converted_at IS NULL AND entered_at >= $4 ORDER BY entered_at, id COLLATE "C"`,
        [projectId, journeyId, keys, since],
      );
      return rows.map(entryOf);
    },
    async journeyEmailsSince(projectId, keys, since) {
      const { rows } = await pool.query<{ key: string; n: number }>(
        `SELECT user_key AS key, COUNT(*) AS n FROM journey_entries WHERE project_id = $1 AND user_key = ANY($2::text[])
         AND action = 'email' AND outcome = 'acted' AND entered_at > $3 GROUP BY user_key`,
        [projectId, keys, since],
      );
      return new Map(rows.map((r) => [r.key, r.n]));
    },
    async saveJourneyPage(projectId, journeyId, page, at) {
      await transaction(pool, async (client) => {
        const kept = page.memories.filter((m) => m.memory !== null) as Array<{ userKey: string; memory: StoredJourneyMemory }>;
        const forgotten = page.memories.filter((m) => m.memory === null).map((m) => m.userKey);
        if (kept.length) {
          await client.query(
            `INSERT INTO journey_memory (project_id, journey_id, user_key, matching, entries, last_entry, converted)
             SELECT $1, $2, * FROM unnest($3::text[], $4::boolean[], $5::integer[], $6::bigint[], $7::boolean[])
             ON CONFLICT (project_id, journey_id, user_key) DO UPDATE SET matching = excluded.matching, entries = excluded.entries,
               last_entry = excluded.last_entry, converted = excluded.converted`,
            [
              projectId,
              journeyId,
              kept.map((m) => m.userKey),
              kept.map((m) => m.memory.matching),
              kept.map((m) => m.memory.entries),
              kept.map((m) => m.memory.lastEntry ?? null),
              kept.map((m) => !!m.memory.converted),
            ],
          );
        }
        if (forgotten.length) {
          await client.query('DELETE FROM journey_memory WHERE project_id = $1 AND journey_id = $2 AND user_key = ANY($3::text[])', [
            projectId,
            journeyId,
            forgotten,
          ]);
        }
        const e = page.entries;
        if (e.length) {
          await client.query(
            `INSERT INTO journey_entries (project_id, journey_id, id, user_key, entered_at, holdout, action, outcome, reason, converted_at)
             SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::bigint[], $6::boolean[], $7::text[], $8::text[], $9::text[], $10::bigint[])
             ON CONFLICT (project_id, id) DO NOTHING`,
            [
              projectId,
              journeyId,
              e.map((x) => x.id),
              e.map((x) => x.userKey),
              e.map((x) => x.enteredAt),
              e.map((x) => x.holdout),
              e.map((x) => x.action),
              e.map((x) => x.outcome),
              e.map((x) => x.reason ?? null),
              e.map((x) => x.convertedAt ?? null),
            ],
          );
        }
        for (const c of page.conversions) {
          await client.query('UPDATE journey_entries SET converted_at = $1 WHERE project_id = $2 AND id = $3 AND converted_at IS NULL', [
            c.at,
            projectId,
            c.id,
          ]);
        }
        if (page.jobs.length) await insertAlerts(client, page.jobs, at);
      });
    },
    async journeyReport(projectId, journeyId, recent) {
      const [counts, users, skipped, latest, undelivered] = await Promise.all([
        pool.query<{ entered: number; acted: number; converted: number; he: number; hc: number }>(
          `SELECT COUNT(*) AS entered, COUNT(*) FILTER (WHERE outcome = 'acted') AS acted,
                  COUNT(*) FILTER (WHERE NOT holdout AND converted_at IS NOT NULL) AS converted,
                  COUNT(*) FILTER (WHERE holdout) AS he, COUNT(*) FILTER (WHERE holdout AND converted_at IS NOT NULL) AS hc
           FROM journey_entries WHERE project_id = $1 AND journey_id = $2`,
          [projectId, journeyId],
        ),
        // A user's group is their first entry's.
        pool.query<{ entered: number; converted: number; he: number; hc: number }>(
          `SELECT COUNT(*) AS entered, COUNT(*) FILTER (WHERE NOT holdout AND converted) AS converted,
                  COUNT(*) FILTER (WHERE holdout) AS he, COUNT(*) FILTER (WHERE holdout AND converted) AS hc
           FROM (SELECT (array_agg(holdout ORDER BY entered_at, id COLLATE "C"))[1] AS holdout, bool_or(converted_at IS NOT NULL) AS converted
                 FROM journey_entries WHERE project_id = $1 AND journey_id = $2 GROUP BY user_key) u`,
          [projectId, journeyId],
        ),
        pool.query<{ reason: string | null; n: number }>(
          `SELECT reason, COUNT(*) AS n FROM journey_entries WHERE project_id = $1 AND journey_id = $2 AND outcome = 'skipped' GROUP BY reason ORDER BY reason COLLATE "C"`,
          [projectId, journeyId],
        ),
        pool.query<EntryRow>(
          `SELECT ${ENTRY} FROM journey_entries WHERE project_id = $1 AND journey_id = $2 ORDER BY entered_at DESC, id COLLATE "C" DESC LIMIT $3`,
          [projectId, journeyId, recent],
        ),
        // An acted entry's job is queued under the entry's id; one settled unsent says "not sent: …".
        pool.query<{ n: number }>(
          `SELECT COUNT(*) AS n FROM journey_entries e JOIN alert_outbox a ON a.id = e.id
           WHERE e.project_id = $1 AND e.journey_id = $2 AND e.outcome = 'acted' AND a.sent_at IS NOT NULL AND a.last_error LIKE 'not sent:%'`,
          [projectId, journeyId],
        ),
      ]);
      const c = counts.rows[0]!;
      const u = users.rows[0]!;
      return {
        entered: c.entered,
        acted: c.acted,
        undelivered: Number(undelivered.rows[0]!.n),
        converted: c.converted,
        holdout: { entered: c.he, converted: c.hc },
        skipped: Object.fromEntries(skipped.rows.map((r) => [r.reason ?? '', r.n])),
        users: { entered: u.entered, converted: u.converted, holdout: { entered: u.he, converted: u.hc } },
        recent: latest.rows.map(entryOf),
      };
    },
    async latestJourneyEntries(projectId, userKey) {
      const { rows } = await pool.query<EntryRow>(
        `SELECT DISTINCT ON (journey_id) ${ENTRY} FROM journey_entries WHERE project_id = $1 AND user_key = $2 ORDER BY journey_id, entered_at DESC`,
        [projectId, userKey],
      );
      return rows.map(entryOf);
    },
    async forgetJourneyUsers(projectId, keys) {
      await transaction(pool, async (client) => {
        await client.query('DELETE FROM journey_memory WHERE project_id = $1 AND user_key = ANY($2::text[])', [projectId, keys]);
        await client.query('DELETE FROM journey_entries WHERE project_id = $1 AND user_key = ANY($2::text[])', [projectId, keys]);
      });
    },
  };
}
