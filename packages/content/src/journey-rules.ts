import { bucket, inHoldout } from './bucket.js';
import type { Journey } from './document.js';

const DAY = 86_400_000;

/** What the collector remembers of one user in one journey from one run to the next. */
export interface JourneyMemory {
  /** Whether the user matched the audience at the last run: entering is newly matching. */
  matching: boolean;
  /** When the user last entered (ms). */
  lastEntry?: number;
  /** Whether the user reached the goal after their last entry. */
  converted?: boolean;
}

/** What a run decides for one user: whether they match now, and whether they enter (and then whether in the holdout). */
export type JourneyEntry = { matching: boolean; enter: false } | { matching: true; enter: true; holdout: boolean };

/**
 * Whether a user enters `journey` now. Entering is edge-triggered: only a user who matches now
 * and did not at the last run (or was never evaluated: a journey's first run takes in everyone
 * who matches) enters, and then only as `repeat` allows: `once` (the default) one entry ever,
 * `always` each time they newly match, `until-completed` again until they reached the goal,
 * `{ everyDays }` again once that many days passed since their last entry (a user who newly
 * matched during the wait enters when it is over, if they still match). Whoever enters is in
 * the journey's holdout (counted, no action) by the journey's `holdout` percentage, or when they
 * are in the document's global holdout (`settings.holdout`: no unsolicited content at all).
 */
export function journeyEntry(
  journey: Pick<Journey, 'id' | 'repeat' | 'holdout'>,
  userKey: string,
  memory: JourneyMemory | undefined,
  matchesNow: boolean,
  now: number,
  globalHoldout?: number,
): JourneyEntry {
  if (!matchesNow) return { matching: false, enter: false };
  if (memory?.matching) return { matching: true, enter: false };
  const repeat = journey.repeat ?? 'once';
  if (!mayEnterAgain(repeat, memory, now))
    // Newly matching before `everyDays` passed: the match is kept pending (not remembered as
    // matching), so the user enters at the first run after the wait if they still match.
    return { matching: typeof repeat !== 'object', enter: false };
  return { matching: true, enter: true, holdout: inJourneyHoldout(journey, userKey) || inHoldout(globalHoldout, userKey) };
}

function mayEnterAgain(repeat: NonNullable<Journey['repeat']>, memory: JourneyMemory | undefined, now: number): boolean {
  if (memory?.lastEntry === undefined) return true;
  if (repeat === 'always') return true;
  if (repeat === 'until-completed') return !memory.converted;
  if (typeof repeat === 'object') return now - memory.lastEntry >= repeat.everyDays * DAY;
  return false;
}

/**
 * Whether the user is in the journey's own holdout: stable per journey and user (the
 * experiments' documented hash, seeded `journey:ID`), so a user who enters again stays on the
 * same side.
 */
export function inJourneyHoldout(journey: Pick<Journey, 'id' | 'holdout'>, userKey: string): boolean {
  return !!journey.holdout && bucket(`journey:${journey.id}`, userKey) < journey.holdout;
}

/**
 * What counts as converted for an entry at `enteredAt`: `event` (any event when absent) at a
 * time `after < t ≤ until` (ms): after the entry and at most `withinDays` (7 by default) later.
 */
export function journeyGoal(journey: Pick<Journey, 'goal'>, enteredAt: number): { event?: string; after: number; until: number } {
  const withinDays = journey.goal?.withinDays ?? 7;
  return { ...(journey.goal?.event !== undefined && { event: journey.goal.event }), after: enteredAt, until: enteredAt + withinDays * DAY };
}
