import { type TargetingContext, windowStart } from '@touchpoint/content';
import type { AccountStore, PersonStore, StoredPerson } from '../store/store.js';
import type { AudienceFacts } from './audience-facts.js';

const DAY = 86_400_000;

/** What a page of people needs beside their own facts: read in a few batched reads a page, not one a person. */
export interface PageFacts {
  events: Map<string, Map<string, Array<[day: number, count: number]>>>;
  features: Map<string, Map<string, number>>;
  accounts: Map<string, Record<string, unknown>>;
}

/** Reads, for a page of people, the counts of the events and the use of the features the audience reads, and their accounts' traits. */
export async function loadPageFacts(
  store: PersonStore & Pick<AccountStore, 'accountTraits'>,
  projectId: number,
  people: readonly StoredPerson[],
  uses: AudienceFacts,
): Promise<PageFacts> {
  const keys = people.map((p) => p.key);
  const accountIds = [...new Set(people.flatMap((p) => p.accountId ?? []))];
  const [events, features, accounts] = await Promise.all([
    store.personEventDays(projectId, keys, uses.events),
    store.personFeatureDays(projectId, keys, uses.features),
    store.accountTraits(projectId, accountIds),
  ]);
  return { events, features, accounts };
}

/**
 * The targeting context of a person on the server: their traits, their account's traits and
 * health, their event counts and feature use (by whole UTC days, as `windowStart` defines the
 * windows everywhere), their last seen. There is no page: `url` conditions never hold.
 */
export function personContext(person: StoredPerson, facts: PageFacts, health: ReadonlyMap<string, number>, now: number): TargetingContext {
  const events = facts.events.get(person.key);
  const features = facts.features.get(person.key);
  return {
    traits: person.traits,
    account: (person.accountId && facts.accounts.get(person.accountId)) || {},
    url: '',
    now,
    eventCount(event, withinDays) {
      const from = withinDays === undefined ? Number.NEGATIVE_INFINITY : windowStart(now, withinDays) / DAY;
      let count = 0;
      for (const [day, n] of events?.get(event) ?? []) if (day >= from) count += n;
      return count;
    },
    featureUsed(id, withinDays) {
      const last = features?.get(id);
      return last !== undefined && (withinDays === undefined || last >= windowStart(now, withinDays) / DAY);
    },
    ...(person.accountId !== undefined && health.has(person.accountId) && { health: health.get(person.accountId) }),
    lastSeen: person.lastSeen,
  };
}
