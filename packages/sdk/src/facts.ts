/**
 * What targeting and repeat rules know about the user: the collector's profile (`GET
 * /v1/profile`: daily event counts, features used, content history across devices) plus
 * what this page has tracked since the profile was fetched.
 */
import {
  featureUses,
  isFeatureUse,
  LIFECYCLE,
  lifecycleOf,
  windowStart,
  type Feature,
  type LifecycleMeaning,
  type TargetingContext,
} from '@touchpoint/content';
import type { WhoIsIt } from './controller.js';

export interface Profile {
  asOf: number;
  events: Record<string, { total: number; days: Record<string, number> }>;
  features: Record<string, number>;
  content: Record<string, Record<string, { last: number; count: number }>>;
  /** Content a journey's `show` action wants shown on this visit, in order: its id, the journey's, when the user entered. */
  show?: Array<{ id: string; journey: string; at: number }>;
}

export interface Facts {
  eventCount(event: string, withinDays: number | undefined): number;
  featureUsed(id: string, withinDays: number | undefined): boolean;
  /** The last time content `id` was shown, completed or dismissed (see LIFECYCLE), on any device. */
  contentLast(id: string, means: LifecycleMeaning): number | undefined;
  /** The last time any content was shown unsolicited-or-not, on any device. */
  lastShown(): number | undefined;
  /** Something was tracked on this page. */
  record(event: string, properties: Record<string, unknown>, at: number): void;
  /** Fetches the profile of this user (again, after identify) from its `profilePath`. */
  refresh(path: string): Promise<void>;
  /** What is known, as it is: the profile and this page's events (the debugger shows them). */
  dump(): { profile?: Profile; local: ReadonlyArray<{ event: string; properties: Record<string, unknown>; at: number }> };
}

/**
 * What audiences are evaluated against in this page, the same for the engine's guards, the
 * widgets and the debugger: the user's and the account's traits, the URL, the facts. The user
 * is here, so they were last seen now (`lastSeen` conditions are about absence: journeys).
 */
export function targetingOf(who: Pick<WhoIsIt, 'traits' | 'groupTraits'>, url: string, now: number, facts: Facts): TargetingContext {
  return { traits: who.traits, account: who.groupTraits, url, now, eventCount: facts.eventCount, featureUsed: facts.featureUsed, lastSeen: now };
}

/**
 * `features` gives the content's features: what counts as using one is `featureUses`, as
 * in the adoption report and health signals. `historySince`: the content history before this time
 * (ms) is forgotten (the debugger's reset of the user's content state, see content-since.ts).
 */
export function createFacts(
  fetchJson: (path: string) => Promise<unknown>,
  now: () => number,
  features: () => readonly Feature[] | undefined = () => undefined,
  historySince: () => number = () => 0,
): Facts {
  let profile: Profile | undefined;
  let local: Array<{ event: string; properties: Record<string, unknown>; at: number }> = [];

  // Whole UTC days for the server's daily counts and this page's events alike (see windowStart).
  const since = (days: number | undefined) => (days === undefined ? -Infinity : windowStart(now(), days));

  /** The last time content `id` (any, without one) had a lifecycle event that means `means`. */
  function last(id: string | undefined, means: LifecycleMeaning): number | undefined {
    let at: number | undefined;
    const from = historySince();
    for (const [contentId, events] of Object.entries(profile?.content ?? {})) {
      if (id !== undefined && contentId !== id) continue;
      for (const [event, fact] of Object.entries(events))
        if (fact.last >= from && LIFECYCLE.some((r) => r.event === event && r.means === means)) at = Math.max(at ?? 0, fact.last);
    }
    for (const e of local) {
      const life = lifecycleOf(e.event, e.properties);
      if (e.at >= from && life?.means === means && (id === undefined || life.contentId === id)) at = Math.max(at ?? 0, e.at);
    }
    return at;
  }

  const facts: Facts = {
    eventCount(event, withinDays) {
      const from = since(withinDays);
      let count = local.filter((e) => e.event === event && e.at >= from).length;
      const server = profile?.events[event];
      if (server) {
        if (withinDays === undefined) count += server.total;
        else for (const [day, n] of Object.entries(server.days)) if (Date.parse(day) >= from) count += n;
      }
      return count;
    },
    featureUsed(id, withinDays) {
      const from = since(withinDays);
      return featureUses(id, features()).some((use) =>
        use.featureId === undefined
          ? facts.eventCount(use.event, withinDays) > 0
          : // The profile knows when each Feature Used id was last sent. Never: NaN, which no
            // window takes in (-Infinity >= -Infinity would).
            (profile?.features[use.featureId] ?? NaN) >= from || local.some((e) => e.at >= from && isFeatureUse([use], e.event, e.properties)),
      );
    },
    contentLast: last,
    lastShown: () => last(undefined, 'shown'),
    record(event, properties, at) {
      local.push({ event, properties, at });
      if (local.length > 1000) local = local.slice(-1000);
    },
    async refresh(path) {
      try {
        const next = (await fetchJson(path)) as Profile | undefined;
        if (next && typeof next === 'object' && next.events && next.content) {
          profile = next;
          // Events the profile already counts must not count twice.
          local = local.filter((e) => e.at > next.asOf);
        }
      } catch {
        // Offline or refused: targeting works from what this page saw.
      }
    },
    dump: () => ({ profile, local }),
  };
  return facts;
}
