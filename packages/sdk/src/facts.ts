/**
 * What targeting and repeat rules know about the user: the collector's profile (`GET
 * /v1/profile`: daily event counts, features used, content history across devices) plus
 * what this page has tracked since the profile was fetched.
 */
import { windowStart } from '@touchpoint/content';

interface Profile {
  asOf: number;
  events: Record<string, { total: number; days: Record<string, number> }>;
  features: Record<string, number>;
  content: Record<string, Record<string, { last: number; count: number }>>;
}

export interface Facts {
  eventCount(event: string, withinDays: number | undefined): number;
  featureUsed(id: string, withinDays: number | undefined): boolean;
  /** The last time content `id` had lifecycle event `event` (Flow Started…), on any device. */
  contentLast(id: string, event: string): number | undefined;
  /** The last time any content was shown unsolicited-or-not, on any device. */
  lastShown(): number | undefined;
  /** Something was tracked on this page. */
  record(event: string, properties: Record<string, unknown>, at: number): void;
  /** Fetches the profile of this user (again, after identify). */
  refresh(query: string): Promise<void>;
}

const SHOWN = ['Flow Started', 'Message Shown', 'Survey Shown'];

/**
 * `featureEvent` names the tracked event of a feature defined by one (`features[].event`):
 * it counts as using the feature, as it does in the adoption report.
 */
export function createFacts(fetchJson: (path: string) => Promise<unknown>, now: () => number, featureEvent: (id: string) => string | undefined = () => undefined): Facts {
  let profile: Profile | undefined;
  let local: Array<{ event: string; properties: Record<string, unknown>; at: number }> = [];

  // Whole UTC days for the server's daily counts and this page's events alike (see windowStart).
  const since = (days: number | undefined) => (days === undefined ? -Infinity : windowStart(now(), days));

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
      const last = profile?.features[id];
      const event = featureEvent(id);
      return (
        (last !== undefined && last >= from) ||
        local.some((e) => e.event === 'Feature Used' && e.properties.feature_id === id && e.at >= from) ||
        (!!event && facts.eventCount(event, withinDays) > 0)
      );
    },
    contentLast(id, event) {
      let last = profile?.content[id]?.[event]?.last;
      for (const e of local) {
        if (e.event === event && contentIdOf(e.properties) === id) last = Math.max(last ?? 0, e.at);
      }
      return last;
    },
    lastShown() {
      let last: number | undefined;
      for (const events of Object.values(profile?.content ?? {})) for (const name of SHOWN) if (events[name]) last = Math.max(last ?? 0, events[name].last);
      for (const e of local) if (SHOWN.includes(e.event)) last = Math.max(last ?? 0, e.at);
      return last;
    },
    record(event, properties, at) {
      local.push({ event, properties, at });
      if (local.length > 1000) local = local.slice(-1000);
    },
    async refresh(query) {
      try {
        const next = (await fetchJson(`/v1/profile?${query}`)) as Profile | undefined;
        if (next && typeof next === 'object' && next.events && next.content) {
          profile = next;
          // Events the profile already counts must not count twice.
          local = local.filter((e) => e.at > next.asOf);
        }
      } catch {
        // Offline or refused: targeting works from what this page saw.
      }
    },
  };
  return facts;
}

/** The content an event is about, as the collector's profile keys it (a checklist item: "checklist/item"). */
function contentIdOf(p: Record<string, unknown>): unknown {
  return p.flow_id ?? p.message_id ?? p.survey_id ?? (p.item_id !== undefined ? `${String(p.checklist_id)}/${String(p.item_id)}` : p.checklist_id);
}
