import type { EventStore, JourneyRunState, PeoplePage, PersonStore, StoredPerson } from '../store/store.js';
import type { AudienceFacts } from './audience-facts.js';

const DAY = 86_400_000;

/** How many people a page of a run holds: one batch of reads and one transaction each. */
export const PAGE_SIZE = 500;

/** Which people a run evaluates, and why. */
export interface CandidatePlan {
  /** Everyone: the journey's first run, an edited audience, or the daily pass of a time-based audience. */
  full: boolean;
  /** The cursor the run reads changes up to (and saves). */
  upTo: number;
}

/**
 * Decides how a journey's run finds its candidates. A run is incremental: the people whose
 * facts changed since the last run, plus those whose last seen crossed one of the audience's
 * `lastSeen` thresholds since then (`days` ago, an indexed range on last seen). Other ways an
 * audience changes with time alone (a `withinDays` window sliding, a date relative to now, a
 * health score recomputed) are caught by a pass over everyone at most once a day: a window
 * counts whole UTC days, so it moves once a day anyway. The journey's first run, and the
 * first after its audience changed, evaluate everyone.
 */
export function planCandidates(state: JourneyRunState | undefined, uses: AudienceFacts, audience: string, upTo: number, now: number): CandidatePlan {
  const full = !state || state.audience !== audience || (uses.timeBased && now - state.fullAt >= DAY);
  return { full, upTo };
}

/**
 * The candidates of a run, a page at a time, each person once: everyone for a full pass;
 * otherwise the changed people, then those whose last seen crossed a threshold.
 */
export async function* candidatePages(
  store: PersonStore,
  projectId: number,
  state: JourneyRunState | undefined,
  plan: CandidatePlan,
  uses: AudienceFacts,
  now: number,
  pageSize = PAGE_SIZE,
): AsyncGenerator<StoredPerson[]> {
  const read = async function* (next: (after: string | undefined) => Promise<PeoplePage>) {
    let after: string | undefined;
    do {
      const page = await next(after);
      if (page.people.length) yield page.people;
      after = page.next;
    } while (after !== undefined);
  };
  if (plan.full || !state) {
    yield* read((after) => store.allPeople(projectId, after, pageSize));
    return;
  }
  const seen = new Set<string>();
  const fresh = (people: StoredPerson[]) => people.filter((p) => !seen.has(p.key) && seen.add(p.key));
  for await (const people of read((after) => store.peopleChanged(projectId, state.cursor, plan.upTo, after, pageSize))) {
    const page = fresh(people);
    if (page.length) yield page;
  }
  // "Days since last seen ≥ D" turned true (or "< D" false) for those last seen D days before
  // a moment between the last run and now: last seen in [ranAt − D, now − D], both ends taken.
  for (const days of uses.lastSeenDays) {
    const from = state.ranAt - days * DAY;
    const to = now - days * DAY + 1;
    for await (const people of read((after) => store.peopleLastSeen(projectId, from, to, after, pageSize))) {
      const page = fresh(people);
      if (page.length) yield page;
    }
  }
}

/**
 * `people` without the anonymous records of users who identified: a person's key is the user
 * id, else the anonymous id, so the browsing before a user's first identify stays a person of
 * its own whose last seen never moves. It is the same human as the user, who is evaluated
 * under the user id: the anonymous record is never a candidate (it would enter "not seen for
 * 7 days" a week after signup).
 */
export async function withoutIdentified(
  store: Pick<EventStore, 'identifiedAnonymousIds'>,
  projectId: number,
  people: readonly StoredPerson[],
): Promise<StoredPerson[]> {
  const anonymous = people.filter((p) => p.userId === undefined).map((p) => p.key);
  if (!anonymous.length) return [...people];
  const identified = await store.identifiedAnonymousIds(projectId, anonymous);
  return people.filter((p) => p.userId !== undefined || !identified.has(p.key));
}
