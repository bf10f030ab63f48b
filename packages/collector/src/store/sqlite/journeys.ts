import type Database from 'better-sqlite3';
import type { JourneyRunState, JourneyStore, StoredJourneyMemory } from '../store.js';
import { alertEnqueuer } from './alerts.js';
import { chunks, marks } from './chunks.js';
import { JOURNEY_ENTRY_COLUMNS as ENTRY, type JourneyEntryRow as EntryRow, journeyEntryOf as entryOf } from '../journey-entry-row.js';

/**
 * Journeys' state in SQLite, in the database of the outbox: a page of a run's decisions
 * (memories, entries, conversions, jobs) commits in one transaction, so a run killed between
 * pages leaves whole pages behind and the next run carries on from what they remember.
 */
export function sqliteJourneys(db: Database.Database): JourneyStore {
  const enqueue = alertEnqueuer(db);
  const s = {
    run: db.prepare('SELECT ran_at AS ranAt, cursor, full_at AS fullAt, audience FROM journey_runs WHERE project_id = ? AND journey_id = ?'),
    saveRun: db.prepare(
      `INSERT INTO journey_runs (project_id, journey_id, ran_at, cursor, full_at, audience) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET ran_at = excluded.ran_at, cursor = excluded.cursor, full_at = excluded.full_at, audience = excluded.audience`,
    ),
    remember: db.prepare(
      `INSERT INTO journey_memory (project_id, journey_id, user_key, matching, entries, last_entry, converted) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET matching = excluded.matching, entries = excluded.entries, last_entry = excluded.last_entry, converted = excluded.converted`,
    ),
    forget: db.prepare('DELETE FROM journey_memory WHERE project_id = ? AND journey_id = ? AND user_key = ?'),
    enter: db.prepare(
      `INSERT OR IGNORE INTO journey_entries (project_id, id, journey_id, user_key, entered_at, holdout, action, outcome, reason, converted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    convert: db.prepare('UPDATE journey_entries SET converted_at = ? WHERE project_id = ? AND id = ? AND converted_at IS NULL'),
    counts: db.prepare(
      `SELECT COUNT(*) AS entered, COALESCE(SUM(outcome = 'acted'), 0) AS acted,
              COALESCE(SUM(NOT holdout AND converted_at IS NOT NULL), 0) AS converted,
              COALESCE(SUM(holdout), 0) AS holdoutEntered, COALESCE(SUM(holdout AND converted_at IS NOT NULL), 0) AS holdoutConverted
       FROM journey_entries WHERE project_id = ? AND journey_id = ?`,
    ),
    // A user's group is their first entry's (by time, then id, as on PostgreSQL); converted by any entry.
    users: db.prepare(
      `SELECT COUNT(*) AS entered, COALESCE(SUM(NOT holdout AND converted), 0) AS converted,
              COALESCE(SUM(holdout), 0) AS holdoutEntered, COALESCE(SUM(holdout AND converted), 0) AS holdoutConverted
       FROM (SELECT holdout, ROW_NUMBER() OVER (PARTITION BY user_key ORDER BY entered_at, id) AS n,
                    MAX(converted_at IS NOT NULL) OVER (PARTITION BY user_key) AS converted
             FROM journey_entries WHERE project_id = ? AND journey_id = ?)
       WHERE n = 1`,
    ),
    // An acted entry's job is queued under the entry's id; one settled unsent says "not sent: …".
    undelivered: db.prepare(
      `SELECT COUNT(*) FROM journey_entries e JOIN alert_outbox a ON a.id = e.id
       WHERE e.project_id = ? AND e.journey_id = ? AND e.outcome = 'acted' AND a.sent_at IS NOT NULL AND a.last_error LIKE 'not sent:%'`,
    ),
    skipped: db.prepare(
      `SELECT reason, COUNT(*) AS n FROM journey_entries WHERE project_id = ? AND journey_id = ? AND outcome = 'skipped' GROUP BY reason ORDER BY reason`,
    ),
    recent: db.prepare(`SELECT ${ENTRY} FROM journey_entries WHERE project_id = ? AND journey_id = ? ORDER BY entered_at DESC, id DESC LIMIT ?`),
    latest: db.prepare(
      `SELECT ${ENTRY} FROM journey_entries e WHERE project_id = ? AND user_key = ?
       AND entered_at = (SELECT MAX(entered_at) FROM journey_entries x WHERE x.project_id = e.project_id AND x.user_key = e.user_key AND x.journey_id = e.journey_id)`,
    ),
  };

  const savePage = db.transaction((projectId: number, journeyId: string, page: Parameters<JourneyStore['saveJourneyPage']>[2], at: number) => {
    for (const { userKey, memory } of page.memories) {
      if (memory) s.remember.run(projectId, journeyId, userKey, memory.matching ? 1 : 0, memory.entries, memory.lastEntry ?? null, memory.converted ? 1 : 0);
      else s.forget.run(projectId, journeyId, userKey);
    }
    for (const e of page.entries) {
      s.enter.run(projectId, e.id, journeyId, e.userKey, e.enteredAt, e.holdout ? 1 : 0, e.action, e.outcome, e.reason ?? null, e.convertedAt ?? null);
    }
    for (const c of page.conversions) s.convert.run(c.at, projectId, c.id);
    for (const job of page.jobs) enqueue(job, at);
  });

  return {
    async journeyRun(projectId, journeyId) {
      return s.run.get(projectId, journeyId) as JourneyRunState | undefined;
    },
    async saveJourneyRun(projectId, journeyId, state) {
      s.saveRun.run(projectId, journeyId, state.ranAt, state.cursor, state.fullAt, state.audience);
    },
    async journeyMemories(projectId, journeyId, keys) {
      const out = new Map<string, StoredJourneyMemory>();
      for (const part of chunks(keys)) {
        const rows = db
          .prepare(
            `SELECT user_key AS key, matching, entries, last_entry AS lastEntry, converted FROM journey_memory
             WHERE project_id = ? AND journey_id = ? AND user_key IN (${marks(part.length)})`,
          )
          .all(projectId, journeyId, ...part) as Array<{ key: string; matching: number; entries: number; lastEntry: number | null; converted: number }>;
        for (const r of rows) {
          out.set(r.key, {
            matching: r.matching === 1,
            entries: r.entries,
            ...(r.lastEntry !== null && { lastEntry: r.lastEntry }),
            converted: r.converted === 1,
          });
        }
      }
      return out;
    },
    async openJourneyEntries(projectId, journeyId, keys, since) {
      return chunks(keys).flatMap((part) =>
        (
          db
            .prepare(
              `SELECT ${ENTRY} FROM journey_entries WHERE project_id = ? AND journey_id = ? AND user_key IN (${marks(part.length)})
               AND converted_at IS NULL AND entered_at >= ? ORDER BY entered_at`,
            )
            .all(projectId, journeyId, ...part, since) as EntryRow[]
        ).map(entryOf),
      );
    },
    async journeyEmailsSince(projectId, keys, since) {
      const out = new Map<string, number>();
      for (const part of chunks(keys)) {
        const rows = db
          .prepare(
            `SELECT user_key AS key, COUNT(*) AS n FROM journey_entries WHERE project_id = ? AND user_key IN (${marks(part.length)})
             AND action = 'email' AND outcome = 'acted' AND entered_at > ? GROUP BY user_key`,
          )
          .all(projectId, ...part, since) as Array<{ key: string; n: number }>;
        for (const r of rows) out.set(r.key, r.n);
      }
      return out;
    },
    async saveJourneyPage(projectId, journeyId, page, at) {
      savePage(projectId, journeyId, page, at);
    },
    async journeyReport(projectId, journeyId, recent) {
      type Counts = { entered: number; acted: number; converted: number; holdoutEntered: number; holdoutConverted: number };
      const c = s.counts.get(projectId, journeyId) as Counts;
      const u = s.users.get(projectId, journeyId) as Omit<Counts, 'acted'>;
      const skipped = Object.fromEntries(
        (s.skipped.all(projectId, journeyId) as Array<{ reason: string | null; n: number }>).map((r) => [r.reason ?? '', r.n]),
      );
      return {
        entered: c.entered,
        acted: c.acted,
        undelivered: s.undelivered.pluck().get(projectId, journeyId) as number,
        converted: c.converted,
        holdout: { entered: c.holdoutEntered, converted: c.holdoutConverted },
        skipped,
        users: { entered: u.entered, converted: u.converted, holdout: { entered: u.holdoutEntered, converted: u.holdoutConverted } },
        recent: (s.recent.all(projectId, journeyId, recent) as EntryRow[]).map(entryOf),
      };
    },
    async latestJourneyEntries(projectId, userKey) {
      return (s.latest.all(projectId, userKey) as EntryRow[]).map(entryOf);
    },
    async forgetJourneyUsers(projectId, keys) {
      db.transaction(() => {
        for (const part of chunks(keys)) {
          for (const table of ['journey_memory', 'journey_entries']) {
            db.prepare(`DELETE FROM ${table} WHERE project_id = ? AND user_key IN (${marks(part.length)})`).run(projectId, ...part);
          }
        }
      })();
    },
  };
}
