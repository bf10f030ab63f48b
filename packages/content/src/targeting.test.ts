import { describe, expect, it } from 'vitest';
import type { Condition, Segment } from './document.js';
import { audienceFailure, matchesAudience, segmentsOf, windowStart, type TargetingContext } from './targeting.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const DAY = 86_400_000;

function ctx(extra: Partial<TargetingContext> = {}): TargetingContext {
  // Events: 'Todo Added' 5 times, 2 of them in the last 7 days.
  const events: Record<string, number[]> = { 'Todo Added': [NOW - DAY, NOW - 3 * DAY, NOW - 20 * DAY, NOW - 40 * DAY, NOW - 400 * DAY] };
  const features: Record<string, number> = { 'add-todo': NOW - 10 * DAY };
  return {
    traits: { role: 'admin', plan: 'Free', seats: 12, tags: ['beta', 'eu'], signedUp: '2026-01-15', company: { size: 250 }, empty: null },
    account: { tier: 'high', arr: 120000, renewal: '2026-06-30T00:00:00Z', signed: '2026-02-20T10:00:00+0000' },
    url: 'https://app.example.com/app/reports?tab=team#filters',
    now: NOW,
    eventCount: (e, days) => (events[e] ?? []).filter((t) => days === undefined || t >= NOW - days * DAY).length,
    featureUsed: (id, days) => id in features && (days === undefined || features[id]! >= NOW - days * DAY),
    health: 35,
    ...extra,
  };
}
const none = segmentsOf([]);
const holds = (c: Condition, context = ctx()) => matchesAudience(c, context, segmentsOf([]));

describe('trait and account operators', () => {
  it.each<[Condition, boolean]>([
    [{ trait: 'role', op: 'eq', value: 'admin' }, true],
    [{ trait: 'plan', op: 'eq', value: 'free' }, true], // strings ignore case
    [{ trait: 'seats', op: 'eq', value: '12' }, false], // no type coercion
    [{ trait: 'tags', op: 'eq', value: 'beta' }, true], // an array trait equals any of its values
    [{ trait: 'role', op: 'neq', value: 'viewer' }, true],
    [{ trait: 'missing', op: 'neq', value: 'x' }, false], // missing is never a match
    [{ trait: 'role', op: 'in', value: ['admin', 'owner'] }, true],
    [{ trait: 'tags', op: 'in', value: ['eu'] }, true],
    [{ trait: 'role', op: 'in', value: 'admin' }, false], // `in` needs a list
    [{ trait: 'role', op: 'nin', value: ['viewer'] }, true],
    [{ trait: 'tags', op: 'nin', value: ['beta'] }, false],
    [{ trait: 'seats', op: 'gt', value: 10 }, true],
    [{ trait: 'seats', op: 'gte', value: 12 }, true],
    [{ trait: 'seats', op: 'lt', value: 12 }, false],
    [{ trait: 'seats', op: 'lte', value: 12 }, true],
    [{ trait: 'role', op: 'gt', value: 1 }, false], // type mismatch
    [{ trait: 'signedUp', op: 'gt', value: '2026-01-02' }, true], // dates compare as dates
    [{ trait: 'signedUp', op: 'lt', value: '2026-01-02T00:00:00Z' }, false],
    [{ trait: 'role', op: 'contains', value: 'ADM' }, true],
    [{ trait: 'tags', op: 'contains', value: 'eu' }, true],
    [{ trait: 'seats', op: 'contains', value: 1 }, false],
    [{ trait: 'role', op: 'exists' }, true],
    [{ trait: 'empty', op: 'exists' }, false], // null is absent
    [{ trait: 'missing', op: 'not_exists' }, true],
    [{ trait: 'role', op: 'not_exists' }, false],
    [{ trait: 'signedUp', op: 'before', value: '2026-02-01' }, true],
    [{ trait: 'signedUp', op: 'after', value: '2026-02-01' }, false],
    [{ trait: 'signedUp', op: 'before', value: 'now' }, true],
    [{ trait: 'role', op: 'before', value: '2026-02-01' }, false], // not a date
    [{ trait: 'company.size', op: 'gte', value: 100 }, true], // dotted paths
    [{ trait: 'toString', op: 'exists' }, false], // only the traits' own keys
    [{ trait: 'tags', op: 'eq', value: 'BETA' }, true], // list values compare as single ones do
    [{ trait: 'signedUp', op: 'eq', value: '2026-01-15 00:00' }, true], // no offset: UTC, in every zone
    [{ trait: 'signedUp', op: 'before', value: '-30d' }, true], // relative to now
    [{ trait: 'signedUp', op: 'after', value: '-60d' }, true],
    [{ account: 'renewal', op: 'before', value: '+30d' }, false],
    [{ account: 'renewal', op: 'lt', value: '+180d' }, true],
    [{ account: 'tier', op: 'in', value: ['high', 'mid'] }, true],
    [{ account: 'arr', op: 'gte', value: 100000 }, true],
    [{ account: 'renewal', op: 'after', value: '2026-03-01' }, true],
    [{ account: 'signed', op: 'before', value: '2026-03-01' }, true], // ±HHMM (Python's %z, Java) as well as ±HH:MM
    [{ account: 'signed', op: 'after', value: '2026-02-20T09:59:59Z' }, true],
    [{ account: 'signed', op: 'gt', value: '2026-02-20T18:59:59+0900' }, true],
    [{ account: 'signed', op: 'eq', value: '2026-02-20T05:00:00-05:00' }, true],
    [{ account: 'missing', op: 'eq', value: 1 }, false],
  ])('%j → %s', (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });
});

describe('events, features, URL, health', () => {
  it.each<[Condition, boolean]>([
    [{ event: 'Todo Added' }, true], // at least once, ever
    [{ event: 'Never' }, false],
    [{ event: 'Todo Added', count: { op: 'eq', value: 5 } }, true],
    [{ event: 'Todo Added', count: { op: 'gte', value: 2 }, withinDays: 7 }, true],
    [{ event: 'Todo Added', count: { op: 'gt', value: 2 }, withinDays: 7 }, false],
    [{ event: 'Todo Added', count: { op: 'lt', value: 3 }, withinDays: 30 }, false], // 3 in 30 days
    [{ event: 'Never', count: { op: 'eq', value: 0 } }, true],
    [{ feature: 'add-todo' }, true],
    [{ feature: 'add-todo', withinDays: 7 }, false],
    [{ feature: 'add-todo', used: false, withinDays: 7 }, true],
    [{ feature: 'unknown', used: false }, true],
    [{ url: '/app/*' }, true],
    [{ url: '/app/reports?tab=team' }, true],
    [{ url: '/settings' }, false],
    [{ health: { op: 'lt', value: 40 } }, true],
    [{ health: { op: 'gte', value: 40 } }, false],
  ])('%j → %s', (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });

  it('fails health conditions when the account has no score', () => {
    expect(holds({ health: { op: 'lt', value: 100 } }, ctx({ health: undefined }))).toBe(false);
  });
});

describe("lastSeen: days since the user's last event", () => {
  it.each<[number | undefined, Condition, boolean]>([
    [NOW - 10 * DAY, { lastSeen: { op: 'gte', days: 7 } }, true],
    [NOW - 7 * DAY, { lastSeen: { op: 'gte', days: 7 } }, true], // a week to the millisecond
    [NOW - 7 * DAY + 1, { lastSeen: { op: 'gte', days: 7 } }, false],
    [NOW - 2 * DAY, { lastSeen: { op: 'lt', days: 3 } }, true],
    [NOW - 0.5 * DAY, { lastSeen: { op: 'lte', days: 0.5 } }, true], // half a day is 0 whole days
    [NOW - 7.5 * DAY, { lastSeen: { op: 'eq', days: 7 } }, true], // "7 days ago": 7 up to 8 days
    [NOW - 8 * DAY, { lastSeen: { op: 'eq', days: 7 } }, false],
    [NOW - 7.5 * DAY, { lastSeen: { op: 'gt', days: 7 } }, false], // more than 7 whole days: 8 or more
    [NOW - 8 * DAY, { lastSeen: { op: 'gt', days: 7 } }, true],
    [NOW + DAY, { lastSeen: { op: 'eq', days: 0 } }, true], // a skewed clock's "tomorrow" is now
    [undefined, { lastSeen: { op: 'gte', days: 7 } }, false], // never seen: no answer to "how long ago"
    [undefined, { not: { lastSeen: { op: 'lt', days: 7 } } }, true],
  ])('last seen at %s: %j is %s', (lastSeen, c, expected) => {
    expect(holds(c, ctx({ lastSeen }))).toBe(expected);
  });

  it('says how long ago the user was seen when it fails', () => {
    expect(audienceFailure({ lastSeen: { op: 'gte', days: 7 } }, ctx({ lastSeen: NOW - 3.5 * DAY }), none)).toBe('last seen 3 day(s) ago, not gte 7');
    expect(audienceFailure({ lastSeen: { op: 'gte', days: 7 } }, ctx(), none)).toBe('last seen never, not gte 7');
  });
});

describe('combinators and segments', () => {
  const segments: Segment[] = [
    { id: 'admins', trait: 'role', op: 'eq', value: 'admin' },
    { id: 'free-admins', all: [{ segment: 'admins' }, { trait: 'plan', op: 'eq', value: 'free' }] },
    { id: 'loop-a', any: [{ segment: 'loop-b' }] },
    { id: 'loop-b', all: [{ segment: 'loop-a' }] },
  ];
  it('combines with all, any and not, and resolves segments by id', () => {
    const s = segmentsOf(segments);
    expect(matchesAudience('free-admins', ctx(), s)).toBe(true);
    expect(matchesAudience({ all: [{ segment: 'admins' }, { not: { account: 'tier', op: 'eq', value: 'high' } }] }, ctx(), segmentsOf(segments))).toBe(false);
    expect(matchesAudience({ any: [{ trait: 'role', op: 'eq', value: 'viewer' }, { url: '/app/*' }] }, ctx(), none)).toBe(true);
    expect(matchesAudience(undefined, ctx(), none)).toBe(true);
  });

  it('treats unknown segments and cycles (from a hand-edited document) as failures, never loops', () => {
    expect(audienceFailure('ghost', ctx(), segmentsOf(segments))).toBe('unknown segment "ghost"');
    expect(audienceFailure('loop-a', ctx(), segmentsOf(segments))).toMatch(/refers to itself/);
  });

  it('evaluates each segment once per context, however many paths reach it (a deep diamond)', () => {
    // d0 → d1 twice → d2 twice … → d24, an event condition: 2^24 paths to the bottom. Without
    // a cache of nested results this runs for minutes; with one, the event is counted once.
    const DEPTH = 24;
    const diamond: Segment[] = Array.from({ length: DEPTH }, (_, i) => ({
      id: `d${i}`,
      all: [{ segment: `d${i + 1}` }, { not: { not: { segment: `d${i + 1}` } } }],
    }));
    diamond.push({ id: `d${DEPTH}`, event: 'Todo Added' });
    let evaluations = 0;
    const counting = ctx({ eventCount: () => ++evaluations });
    const s = segmentsOf(diamond);
    expect(matchesAudience('d0', counting, s)).toBe(true);
    expect(matchesAudience({ any: [{ segment: 'd12' }, { segment: 'd3' }] }, counting, s)).toBe(true);
    expect(evaluations).toBe(1);
  });

  it('explains the exact failing leaf', () => {
    expect(audienceFailure({ trait: 'plan', op: 'eq', value: 'pro' }, ctx(), none)).toBe('trait "plan" is "Free", not eq "pro"');
    expect(audienceFailure({ trait: 'missing', op: 'eq', value: 1 }, ctx(), none)).toBe('trait "missing" is missing, not eq 1');
    expect(audienceFailure('free-admins', ctx({ traits: { role: 'admin', plan: 'pro' } }), segmentsOf(segments))).toBe(
      'segment "free-admins": trait "plan" is "pro", not eq "free"',
    );
    expect(audienceFailure({ event: 'Todo Added', count: { op: 'lt', value: 3 }, withinDays: 30 }, ctx(), none)).toBe(
      'event "Todo Added" happened 3 time(s) in 30 days, not lt 3',
    );
    expect(audienceFailure({ any: [{ url: '/x' }, { feature: 'add-todo', withinDays: 1 }] }, ctx(), none)).toBe(
      'none of: the URL does not match "/x"; feature "add-todo" was not used in 1 days',
    );
    expect(audienceFailure({ not: { url: '/app/*' } }, ctx(), none)).toBe('not ({"url":"/app/*"}) is false');
  });

  it('never throws on malformed conditions', () => {
    for (const bad of [{}, { all: 'x' }, { trait: 'role', op: 'weird', value: 1 }, { health: null }, { event: 'X', count: 'many' }] as unknown as Condition[]) {
      expect(() => matchesAudience(bad, ctx(), none)).not.toThrow();
      expect(matchesAudience(bad, ctx(), none)).toBe(false);
    }
  });
});

describe('windowStart', () => {
  it('starts a window at the start of the UTC day that holds now − withinDays days', () => {
    const at = (iso: string) => Date.parse(iso);
    // Whole days: that many UTC days before today's, whatever the time of day.
    expect(windowStart(at('2026-03-01T12:00:00Z'), 0)).toBe(at('2026-03-01T00:00:00Z'));
    expect(windowStart(at('2026-03-01T00:00:00Z'), 1)).toBe(at('2026-02-28T00:00:00Z'));
    expect(windowStart(at('2026-03-01T23:59:59Z'), 730)).toBe(at('2024-03-01T00:00:00Z'));
    // Fractions: half a day back from 06:00 is yesterday 18:00, so yesterday is in; from 18:00, only today.
    expect(windowStart(at('2026-03-01T06:00:00Z'), 0.5)).toBe(at('2026-02-28T00:00:00Z'));
    expect(windowStart(at('2026-03-01T18:00:00Z'), 0.5)).toBe(at('2026-03-01T00:00:00Z'));
    expect(windowStart(at('2026-03-01T12:00:00Z'), 1.5)).toBe(at('2026-02-28T00:00:00Z'));
  });
});
