import type { StoredJourneyEntry } from './store.js';

/** A journey entry as both SQL stores keep it (SQLite gives the holdout as 0/1, PostgreSQL as a boolean). */
export interface JourneyEntryRow {
  id: string;
  journey_id: string;
  user_key: string;
  entered_at: number;
  holdout: number | boolean;
  action: StoredJourneyEntry['action'];
  outcome: StoredJourneyEntry['outcome'];
  reason: string | null;
  converted_at: number | null;
}

/** The columns a `JourneyEntryRow` is read from. */
export const JOURNEY_ENTRY_COLUMNS = 'id, journey_id, user_key, entered_at, holdout, action, outcome, reason, converted_at';

/** The entry a stored row holds. */
export const journeyEntryOf = (r: JourneyEntryRow): StoredJourneyEntry => ({
  id: r.id,
  journeyId: r.journey_id,
  userKey: r.user_key,
  enteredAt: Number(r.entered_at),
  holdout: r.holdout === true || r.holdout === 1,
  action: r.action,
  outcome: r.outcome,
  ...(r.reason !== null && { reason: r.reason }),
  ...(r.converted_at !== null && { convertedAt: Number(r.converted_at) }),
});
