import { PROFILE_DAYS, profileHorizons, windowStart } from '@touchpoint/content';
import { z } from 'zod';
import type { Api } from '../api.js';
import type { ContentCache } from '../content-cache.js';
import { verifiesUser } from '../identity-verification.js';
import { type ShowRequest, showRequests } from '../journeys/profile-show.js';
import type { EventStore, JourneyStore, ProfileKey } from '../store/store.js';

/**
 * The profile the SDK targets with, for one user:
 * - `events`: per event name, the total over all time and counts per UTC day over the last
 *   400 days and today (any `withinDays` window up to 400 is a sum of them); further back
 *   for the events whose conditions in the published content count over longer windows
 *   (`profileHorizons`), as far as their longest window;
 * - `features`: when each feature was last used (ms);
 * - `content`: per content id, lifecycle events with their last time and count (what was
 *   shown, completed or dismissed when), so repeat rules and the throttle hold across
 *   devices;
 * - `show`: content journeys want shown on this visit (see `showRequests`), by content id,
 *   journey and entry time;
 * - `asOf`: the server time of these facts; the SDK adds its own events since.
 */
export interface Profile {
  asOf: number;
  events: Record<string, { total: number; days: Record<string, number> }>;
  features: Record<string, number>;
  content: Record<string, Record<string, { last: number; count: number }>>;
  show: ShowRequest[];
}

export { userHash } from '../identity-verification.js';

/** An id as the SDK has always sent it, read leniently: cut to 256 characters; anything but a string is none. */
const id = z.unknown().transform((value) => (typeof value === 'string' && value ? value.slice(0, 256) : undefined));
const querystring = z
  .object({ userId: id.optional(), anonymousId: id.optional(), userHash: z.unknown().optional() })
  .refine((q) => q.userId !== undefined || q.anonymousId !== undefined, { path: ['userId'], message: 'is required (or anonymousId)' });

/** `GET /v1/profile?key=WRITE_KEY&userId=…` (or `anonymousId`), with `userHash` when identity verification is on. */
export function registerProfileRoutes(app: Api, store: EventStore & Pick<JourneyStore, 'latestJourneyEntries'>, now: () => number, content: ContentCache) {
  app.get('/v1/profile', { config: { auth: 'write' }, schema: { querystring } }, async (request, reply) => {
    const { project } = request;
    const { userId, anonymousId, userHash } = request.query;

    const doc = (await content.get(project.id)).doc;
    // With identity verification on, a user's profile needs proof that the vendor's server
    // vouched for the id; so does an anonymous id once it belongs to a user (its history
    // goes on under the user's id too).
    if (doc?.settings?.identityVerification === true) {
      if (userId) {
        if (!verifiesUser(userHash, userId, project, now())) return reply.code(403).send({ error: 'userHash does not verify this userId' });
      } else {
        const owner = await store.userOfAnonymousId(project.id, anonymousId!);
        if (owner !== undefined && !verifiesUser(userHash, owner, project, now())) {
          return reply.code(403).send({ error: "this anonymous id belongs to an identified user: give that user's userHash" });
        }
      }
    }
    const who: ProfileKey = userId ? { userId } : { anonymousId: anonymousId! };
    const asOf = now();
    // Daily counts over whole UTC days (the window's first day in full, as the SDK counts it),
    // for 400 days, and for longer windows only the events they count; the totals over all
    // time, for conditions without a window, as one count per event.
    const long = profileHorizons(doc);
    const longest = Math.max(0, ...long.values());
    const showing = doc?.journeys?.some((j) => 'show' in j.action);
    const [totals, daily, older, features, facts, entries] = await Promise.all([
      store.eventTotals(project.id, who),
      store.dailyCounts(project.id, who, windowStart(asOf, PROFILE_DAYS)),
      long.size ? store.dailyCounts(project.id, who, windowStart(asOf, longest), [...long.keys()]) : [],
      store.featuresUsed(project.id, who),
      store.contentFacts(project.id, who),
      showing ? store.latestJourneyEntries(project.id, userId ?? anonymousId!) : [],
    ]);
    // Keyed by names clients chose ("__proto__", "constructor"…): objects without a prototype.
    const profile: Profile = { asOf, events: Object.create(null), features, content: Object.create(null), show: [] };
    for (const { event, count } of totals) profile.events[event] = { total: count, days: {} };
    const first = (event: string) => new Date(windowStart(asOf, Math.max(PROFILE_DAYS, long.get(event) ?? 0))).toISOString().slice(0, 10);
    for (const { event, day, count } of [...daily, ...older]) if (profile.events[event] && day >= first(event)) profile.events[event].days[day] = count;
    for (const { event, contentId, last, count } of facts) (profile.content[contentId] ??= Object.create(null))[event] = { last, count };
    profile.show = showRequests(doc, entries, profile.content, asOf);
    reply.header('Cache-Control', 'private, no-store');
    return profile;
  });
}
