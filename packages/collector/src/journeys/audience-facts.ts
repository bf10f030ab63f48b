import type { Audience, Condition, Segment } from '@touchpoint/content';

/**
 * What a journey's audience reads of a person, found by walking it (through the segments it
 * names): the events and features whose counts the run must load, the `lastSeen` thresholds
 * (days) whose crossing makes a person a candidate, and whether the audience can change with
 * time alone in another way (a `withinDays` window, a date compared with now, a health score, an account's traits),
 * which calls for a full pass at most once a day.
 */
export interface AudienceFacts {
  events: string[];
  features: string[];
  lastSeenDays: number[];
  timeBased: boolean;
}

/** The facts `audience` reads (segments by id from the document's `segments`). */
export function audienceFacts(audience: Audience, segments: readonly Segment[] | undefined): AudienceFacts {
  const byId = new Map((segments ?? []).map((s) => [s.id, s]));
  const events = new Set<string>();
  const features = new Set<string>();
  const lastSeen = new Set<number>();
  let timeBased = false;
  const visited = new Set<string>();
  const walk = (c: Condition | undefined): void => {
    if (!c || typeof c !== 'object') return;
    if ('all' in c && Array.isArray(c.all)) c.all.forEach(walk);
    else if ('any' in c && Array.isArray(c.any)) c.any.forEach(walk);
    else if ('not' in c && c.not) walk(c.not);
    else if ('segment' in c) segment(c.segment);
    else if ('event' in c) {
      events.add(c.event);
      timeBased ||= c.withinDays !== undefined;
    } else if ('feature' in c) {
      features.add(c.feature);
      timeBased ||= c.withinDays !== undefined;
    } else if ('lastSeen' in c) {
      // Counted in whole days (targeting.ts): the condition can only change when the days since
      // last seen reach ceil(D) (gte, lt, eq, neq) or floor(D) + 1 (gt, lte, eq, neq).
      const { op, days } = c.lastSeen;
      if (op !== 'gt' && op !== 'lte') lastSeen.add(Math.ceil(days));
      if (op !== 'gte' && op !== 'lt') lastSeen.add(Math.floor(days) + 1);
    } else if ('health' in c) timeBased = true;
    else if ('account' in c) {
      // A `group` call changes the account's traits for the calling person only: the account's
      // other users' facts do not change, so only the daily full pass sees them match.
      timeBased = true;
    } else if ('trait' in c) {
      // A date compared with now changes with time, relative ("+30d") or not ("2027-01-01" passes).
      timeBased ||= c.op === 'before' || c.op === 'after';
    }
  };
  const segment = (id: string) => {
    if (visited.has(id)) return;
    visited.add(id);
    walk(byId.get(id));
  };
  if (typeof audience === 'string') segment(audience);
  else walk(audience);
  return { events: [...events], features: [...features], lastSeenDays: [...lastSeen].sort((a, b) => a - b), timeBased };
}
