/**
 * The facts targeting reads (the server's profile + this page's events) against a simple
 * reference over the raw events: an event counts in a `withinDays` window when its UTC day
 * is not before the UTC day of `now − withinDays` days (whole UTC days, as the server counts
 * them), and in every window without one; a feature is used when `Feature Used` names it, or its
 * own tracked event happened.
 */
import { HISTORY, LIFECYCLE, lifecycleOf, type LifecycleMeaning } from '@touchpoint/content';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFacts } from './facts.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 10);
/** How many days of daily counts the collector's profile keeps (PROFILE_DAYS), and for events that longer windows count, as far as the longest. */
const PROFILE_DAYS = 400;
const LONGEST = 1000.25;

interface Raw {
  event: string;
  at: number;
  properties: Record<string, unknown>;
  /** Tracked on this page (else only the server knows it). */
  local: boolean;
}

const utcDay = (t: number) => Math.floor(t / DAY);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const inWindow = (at: number, now: number, withinDays: number | undefined) => withinDays === undefined || utcDay(at) >= utcDay(now - withinDays * DAY);
/** `export` is a feature defined by its tracked event. */
const featureEvent = (id: string) => (id === 'export' ? 'Report Exported' : undefined);

function refCount(events: Raw[], name: string, now: number, withinDays?: number) {
  return events.filter((e) => e.event === name && inWindow(e.at, now, withinDays)).length;
}
function refUsed(events: Raw[], id: string, now: number, withinDays?: number) {
  return events.some(
    (e) => inWindow(e.at, now, withinDays) && ((e.event === 'Feature Used' && e.properties.feature_id === id) || e.event === featureEvent(id)),
  );
}

/** The profile as the collector builds it from what it stored by `asOf`, for content whose windows go back `horizon` days. */
function profileOf(events: Raw[], asOf: number, horizon = PROFILE_DAYS) {
  const stored = events.filter((e) => e.at <= asOf);
  const profile = {
    asOf,
    events: {} as Record<string, { total: number; days: Record<string, number> }>,
    features: {} as Record<string, number>,
    content: {} as Record<string, Record<string, { last: number; count: number }>>,
  };
  for (const e of stored) {
    const entry = (profile.events[e.event] ??= { total: 0, days: {} });
    entry.total++;
    if (utcDay(e.at) >= utcDay(asOf - horizon * DAY)) entry.days[iso(e.at)] = (entry.days[iso(e.at)] ?? 0) + 1;
    if (e.event === 'Feature Used')
      profile.features[e.properties.feature_id as string] = Math.max(profile.features[e.properties.feature_id as string] ?? 0, e.at);
    const life = lifecycleOf(e.event, e.properties);
    if (life && HISTORY.includes(life.means)) {
      const was = (profile.content[life.contentId] ??= {})[e.event];
      profile.content[life.contentId]![e.event] = { last: Math.max(was?.last ?? 0, e.at), count: (was?.count ?? 0) + 1 };
    }
  }
  return profile;
}

async function factsFor(events: Raw[], asOf: number, now: number, horizon?: number) {
  const facts = createFacts(
    async () => profileOf(events, asOf, horizon),
    () => now,
    () => [{ id: 'export', event: 'Report Exported' }],
  );
  // What this page tracked, in order; the profile then takes over those it already counts.
  for (const e of [...events].filter((e) => e.local).sort((a, b) => a.at - b.at)) facts.record(e.event, e.properties, e.at);
  await facts.refresh('/v1/profile?userId=u1');
  return facts;
}

/** The last time content `id` (any, without one) had an event meaning `means`, by the lifecycle table. */
function refLast(events: Raw[], means: LifecycleMeaning, id?: string) {
  const times = events.filter((e) => {
    const life = lifecycleOf(e.event, e.properties);
    return life?.means === means && (id === undefined || life.contentId === id);
  });
  return times.length ? Math.max(...times.map((e) => e.at)) : undefined;
}

describe('facts', () => {
  it('a feature without a window is used only when it was used: a brand-new user has used nothing', async () => {
    const facts = await factsFor([], NOW, NOW);
    expect(facts.featureUsed('add-todo', undefined)).toBe(false);
    expect(facts.featureUsed('export', undefined)).toBe(false);
    facts.record('Feature Used', { feature_id: 'add-todo' }, NOW);
    expect(facts.featureUsed('add-todo', undefined)).toBe(true);
  });

  it('counts a window in whole UTC days, for the server’s counts and this page’s events alike', async () => {
    // Yesterday at 06:00 (known to the server) and 06:01 (tracked on this page, open since), seen today at noon.
    const now = NOW + 12 * 3_600_000;
    const events: Raw[] = [
      { event: 'Todo Added', at: NOW - 18 * 3_600_000, properties: {}, local: false },
      { event: 'Todo Added', at: NOW - 18 * 3_600_000 + 60_000, properties: {}, local: true },
    ];
    const facts = await factsFor(events, NOW - 18 * 3_600_000 + 30_000, now);
    expect(facts.eventCount('Todo Added', 0)).toBe(0);
    expect(facts.eventCount('Todo Added', 1)).toBe(2);
    expect(facts.eventCount('Todo Added', undefined)).toBe(2);
  });

  it('agree with the reference over generated histories, windows (fractions and longer than 400 days too) and clocks', async () => {
    const raw = fc.record({
      event: fc.constantFrom('Todo Added', 'Feature Used', 'Report Exported'),
      ago: fc.oneof(fc.integer({ min: 0, max: 3 * DAY }), fc.integer({ min: 0, max: 450 * DAY }), fc.integer({ min: 0, max: 1100 * DAY })),
      feature: fc.constantFrom('add-todo', 'export', 'other'),
      local: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(raw, { maxLength: 30 }),
        fc.integer({ min: 0, max: DAY - 1 }),
        fc.integer({ min: 0, max: 2 * DAY }),
        async (list, timeOfDay, sinceProfile) => {
          const now = NOW + timeOfDay;
          const asOf = now - sinceProfile;
          // The page knows what it tracked; the server knows what reached it by asOf.
          const events: Raw[] = list
            .map((r) => ({ event: r.event, at: now - r.ago, properties: r.event === 'Feature Used' ? { feature_id: r.feature } : {}, local: r.local }))
            .filter((e) => e.at <= asOf || e.local);
          const facts = await factsFor(events, asOf, now, LONGEST);
          for (const days of [undefined, 0, 0.5, 1, 1.5, 2, 7, 30, 399, 400, 730, LONGEST]) {
            for (const name of ['Todo Added', 'Report Exported', 'Never'])
              expect(facts.eventCount(name, days), `${name} in ${days}`).toBe(refCount(events, name, now, days));
            for (const id of ['add-todo', 'export', 'other', 'never'])
              expect(facts.featureUsed(id, days), `${id} in ${days}`).toBe(refUsed(events, id, now, days));
          }
        },
      ),
      { numRuns: 500 },
    );
  }, 60_000);

  it('know when each content was last shown, completed or dismissed, on this page or any device, as the lifecycle table says', async () => {
    const raw = fc.record({
      event: fc.constantFrom(...new Set(LIFECYCLE.map((r) => r.event))),
      id: fc.constantFrom('a', 'b'),
      item: fc.constantFrom('i', 'j'),
      reason: fc.constantFrom(undefined, 'target_missing'),
      ago: fc.integer({ min: 0, max: 30 * DAY }),
      local: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(raw, { maxLength: 20 }), fc.integer({ min: 0, max: 2 * DAY }), async (list, sinceProfile) => {
        const asOf = NOW - sinceProfile;
        const events: Raw[] = list
          .map((r) => ({
            event: r.event,
            at: NOW - r.ago,
            // Every id property a row may read: the table picks its own.
            properties: {
              flow_id: r.id,
              message_id: r.id,
              survey_id: r.id,
              checklist_id: r.id,
              ...(r.event === 'Checklist Item Completed' && { item_id: r.item }),
              ...(r.reason && { reason: r.reason }),
            },
            local: r.local,
          }))
          .filter((e) => e.at <= asOf || e.local);
        const facts = await factsFor(events, asOf, NOW);
        for (const means of HISTORY) {
          for (const id of ['a', 'b', 'a/i', 'b/j', 'c']) expect(facts.contentLast(id, means), `${id} ${means}`).toBe(refLast(events, means, id));
        }
        expect(facts.lastShown()).toBe(refLast(events, 'shown'));
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});
