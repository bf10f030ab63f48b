import { type ContentDocument, journeyGoal } from '@touchpoint/content';
import type { StoredJourneyEntry } from '../store/store.js';

/** Content a journey's `show` action wants shown on this visit. */
export interface ShowRequest {
  id: string;
  journey: string;
  /** When the user entered (ms). */
  at: number;
}

/**
 * The `show` requests of a user's profile: for each published journey whose action is `show`,
 * the user's latest entry when it was acted on (not in a holdout: the SDK still applies
 * consent), entered within the journey's goal window (7 days by default: after it, the moment
 * has passed), and the content not shown since (any lifecycle event of it after the entry:
 * shown, completed, dismissed).
 */
export function showRequests(
  doc: Pick<ContentDocument, 'journeys'> | undefined,
  entries: readonly StoredJourneyEntry[],
  history: Readonly<Record<string, Readonly<Record<string, { last: number }>>>>,
  now: number,
): ShowRequest[] {
  const latest = new Map(entries.map((e) => [e.journeyId, e]));
  return (doc?.journeys ?? []).flatMap((journey) => {
    if (!('show' in journey.action)) return [];
    const contentId = journey.action.show;
    const entry = latest.get(journey.id);
    if (!entry || entry.holdout || entry.outcome !== 'acted') return [];
    if (now > journeyGoal(journey, entry.enteredAt).until) return [];
    const shownSince = Object.values(history[contentId] ?? {}).some((e) => e.last > entry.enteredAt);
    return shownSince ? [] : [{ id: contentId, journey: journey.id, at: entry.enteredAt }];
  });
}
