import { describe, expect, it } from 'vitest';
import { bucket } from './bucket.js';
import type { Journey } from './document.js';
import { inJourneyHoldout, journeyEntry, journeyGoal, type JourneyMemory } from './journey-rules.js';

const NOW = Date.parse('2026-11-27T09:00:00Z');
const DAY = 86_400_000;
const journey = (extra: Partial<Journey> = {}) => ({ id: 'come-back', ...extra });
const enters = (j: Partial<Journey>, memory: JourneyMemory | undefined, matches = true, now = NOW) =>
  journeyEntry(journey(j), 'u1', memory, matches, now).enter;

describe('journeyEntry: who enters a journey', () => {
  it('is edge-triggered: entering is newly matching, not being in the audience', () => {
    // The first run takes in everyone who matches; then only who newly matches.
    expect(journeyEntry(journey(), 'u1', undefined, true, NOW)).toEqual({ matching: true, enter: true, holdout: false });
    expect(journeyEntry(journey(), 'u1', { matching: true, lastEntry: NOW - DAY }, true, NOW)).toEqual({ matching: true, enter: false });
    expect(journeyEntry(journey(), 'u1', { matching: true, lastEntry: NOW - DAY }, false, NOW)).toEqual({ matching: false, enter: false });
    expect(journeyEntry(journey(), 'u1', undefined, false, NOW)).toEqual({ matching: false, enter: false });
  });

  it('lets a user who left and matches again enter as repeat says', () => {
    const left = (extra: Partial<JourneyMemory> = {}): JourneyMemory => ({ matching: false, lastEntry: NOW - 10 * DAY, ...extra });
    expect(enters({}, left())).toBe(false); // once (the default): one entry ever
    expect(enters({ repeat: 'once' }, left())).toBe(false);
    expect(enters({ repeat: 'once' }, { matching: false })).toBe(true); // left before ever entering (it was created with the journey)
    expect(enters({ repeat: 'always' }, left())).toBe(true);
    expect(enters({ repeat: 'until-completed' }, left())).toBe(true);
    expect(enters({ repeat: 'until-completed' }, left({ converted: true }))).toBe(false);
    expect(enters({ repeat: { everyDays: 10 } }, left())).toBe(true); // ten days to the millisecond
    expect(enters({ repeat: { everyDays: 10 } }, left({ lastEntry: NOW - 10 * DAY + 1 }))).toBe(false);
    // Newly matching during the wait: kept pending, and entered once the wait is over if still matching.
    const early = journeyEntry(journey({ repeat: { everyDays: 30 } }), 'u1', left({ lastEntry: NOW - 20 * DAY }), true, NOW);
    expect(early).toEqual({ matching: false, enter: false });
    expect(enters({ repeat: { everyDays: 30 } }, { ...left({ lastEntry: NOW - 20 * DAY }), matching: early.matching }, true, NOW + 10 * DAY)).toBe(true);
    // Still matching: no repeat rule lets a user enter twice in a row.
    expect(enters({ repeat: 'always' }, left({ matching: true }))).toBe(false);
  });

  it('puts the journey holdout share of entering users aside, stably per user, and the global holdout too', () => {
    const users = Array.from({ length: 2000 }, (_, i) => `user-${i}`);
    const held = users.filter((u) => {
      const entry = journeyEntry(journey({ holdout: 20 }), u, undefined, true, NOW);
      return entry.enter && entry.holdout;
    });
    expect(held.length / users.length).toBeGreaterThan(0.17);
    expect(held.length / users.length).toBeLessThan(0.23);
    // The documented hash, seeded per journey: the same users on every run and every machine.
    expect(held).toEqual(users.filter((u) => bucket('journey:come-back', u) < 20));
    expect(held.every((u) => inJourneyHoldout(journey({ holdout: 20 }), u))).toBe(true);
    // Another journey holds out other users.
    expect(users.filter((u) => inJourneyHoldout({ id: 'other', holdout: 20 }, u))).not.toEqual(held);
    // No holdout: nobody is held out, unless the document's global holdout takes them.
    expect(users.some((u) => inJourneyHoldout(journey(), u))).toBe(false);
    const global = users.filter((u) => (journeyEntry(journey(), u, undefined, true, NOW, 5) as { holdout: boolean }).holdout);
    expect(global).toEqual(users.filter((u) => bucket('holdout', u) < 5));
  });
});

describe('journeyGoal', () => {
  it('is any event within 7 days after entering unless the journey says otherwise', () => {
    expect(journeyGoal(journey(), NOW)).toEqual({ after: NOW, until: NOW + 7 * DAY });
    expect(journeyGoal(journey({ goal: { event: 'Todo Added', withinDays: 2 } }), NOW)).toEqual({ event: 'Todo Added', after: NOW, until: NOW + 2 * DAY });
  });
});
