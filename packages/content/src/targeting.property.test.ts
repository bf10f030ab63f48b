/**
 * The targeting engine against a deliberately simple reference evaluator, over generated
 * documents (segments that may refer to each other, cycles included) and profiles. The
 * reference spells out what each condition means, one rule a line, with no caching, no
 * reasons and no shared helpers with the engine (only the URL glob, tested on its own).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Condition, NumberComparison, Operator, Segment } from './document.js';
import { audienceFailure, segmentsOf, type TargetingContext } from './targeting.js';
import { matchUrlGlob } from './url-glob.js';

const NOW = Date.UTC(2026, 2, 1, 12);
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------
// The reference.

/** Dates as the contract reads them: ISO dates and date-times, the offset Z, ±HH:MM or ±HHMM (Python's %z, Java); no offset means UTC. */
function refTime(v: unknown, now?: number): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  if (now !== undefined && v === 'now') return now;
  const rel = now === undefined ? null : /^([+-])(\d+)d$/.exec(v);
  if (rel) return now! + (rel[1] === '-' ? -1 : 1) * Number(rel[2]) * DAY;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/.exec(v);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0', zone, sign, zh = '0', zm = '0'] = m;
  const offset = zone && zone !== 'Z' ? (sign === '-' ? -1 : 1) * (Number(zh) * 60 + Number(zm)) * 60_000 : 0;
  return Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, Number(ms.padEnd(3, '0'))) - offset;
}

/** Same value: strings ignore case or name the same instant; anything else strictly. */
function refEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    if (a.toLowerCase() === b.toLowerCase()) return true;
    const ta = refTime(a);
    return ta !== undefined && ta === refTime(b);
  }
  return a === b;
}

function refGet(record: Readonly<Record<string, unknown>>, key: string): unknown {
  if (Object.hasOwn(record, key)) return record[key];
  let v: unknown = record;
  for (const part of key.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function refCompare(actual: unknown, op: Operator, value: unknown, now: number): boolean {
  const missing = actual === undefined || actual === null;
  if (op === 'exists') return !missing;
  if (op === 'not_exists') return missing;
  if (missing) return false;
  const list = Array.isArray(actual) ? actual : [actual];
  const some = (values: unknown[]) => list.some((x) => values.some((y) => refEqual(x, y)));
  switch (op) {
    case 'eq':
      return some([value]);
    case 'neq':
      return !some([value]);
    case 'in':
      return Array.isArray(value) && some(value);
    case 'nin':
      return Array.isArray(value) && !some(value);
    case 'contains':
      if (typeof actual === 'string') return typeof value === 'string' && actual.toLowerCase().includes(value.toLowerCase());
      return Array.isArray(actual) && some([value]);
    case 'before':
    case 'after': {
      const a = refTime(actual);
      const b = refTime(value, now);
      if (a === undefined || b === undefined) return false;
      return op === 'before' ? a < b : a > b;
    }
    default: {
      // gt, gte, lt, lte: two numbers, or two dates.
      let a: number | undefined;
      let b: number | undefined;
      if (typeof actual === 'number' && typeof value === 'number') [a, b] = [actual, value];
      else if (typeof actual === 'string' && typeof value === 'string') [a, b] = [refTime(actual), refTime(value, now)];
      if (a === undefined || b === undefined) return false;
      return refNumber(a, { op: op as NumberComparison['op'], value: b });
    }
  }
}

function refNumber(n: number, c: NumberComparison): boolean {
  return { eq: n === c.value, neq: n !== c.value, gt: n > c.value, gte: n >= c.value, lt: n < c.value, lte: n <= c.value }[c.op];
}

/** A segment that refers back to one being evaluated is false there (never a loop). */
function ref(c: Condition | string, ctx: TargetingContext, segments: readonly Segment[], trail: string[] = []): boolean {
  if (typeof c === 'string' || 'segment' in c) {
    const id = typeof c === 'string' ? c : c.segment;
    const s = segments.find((x) => x.id === id);
    return !!s && !trail.includes(id) && ref(s, ctx, segments, [...trail, id]);
  }
  if ('all' in c) return c.all.every((x) => ref(x, ctx, segments, trail));
  if ('any' in c) return c.any.some((x) => ref(x, ctx, segments, trail));
  if ('not' in c) return !ref(c.not, ctx, segments, trail);
  if ('trait' in c) return refCompare(refGet(ctx.traits, c.trait), c.op, c.value, ctx.now);
  if ('account' in c) return refCompare(refGet(ctx.account, c.account), c.op, c.value, ctx.now);
  if ('event' in c) return refNumber(ctx.eventCount(c.event, c.withinDays), c.count ?? { op: 'gte', value: 1 });
  if ('feature' in c) return ctx.featureUsed(c.feature, c.withinDays) === (c.used ?? true);
  if ('url' in c) return matchUrlGlob(c.url, ctx.url);
  if ('lastSeen' in c)
    return (
      typeof ctx.lastSeen === 'number' && refNumber(Math.floor(Math.max(0, ctx.now - ctx.lastSeen) / 86_400_000), { op: c.lastSeen.op, value: c.lastSeen.days })
    );
  return typeof ctx.health === 'number' && refNumber(ctx.health, c.health);
}

// ---------------------------------------------------------------------------------------
// Generators: small pools, so that conditions and profiles often meet.

// Around one morning in several spellings (with and without an offset, with and without its
// colon: 09:30 UTC, 12:00 UTC, 00:30 UTC), and around now.
const DATES = [
  '2026-01-15',
  '2026-01-15T00:00:00Z',
  '2026-01-15T09:30',
  '2026-01-15 09:30:00',
  '2026-01-15T09:30:00Z',
  '2026-01-15T12:00:00Z',
  '2026-01-15T09:30:00+09:00',
  '2026-01-15T09:30:00.000+0900',
  '2026-01-15T18:30:00+0900',
  '2026-01-15T09:30:00+0000',
  '2026-01-15T04:30:00-0500',
  '2026-03-01T12:00:00.000Z',
  '2026-02-28',
  '2026-03-02',
  '2026-02-22T12:00Z',
  '2026-02-20T10:00:00+0000',
];
const scalar = fc.oneof(
  fc.constantFrom('admin', 'Admin', 'free', 'FREE', 'pro', 'eu', 'beta', '', 'adm', 'now', '+7d', '-7d', '+0d', '-30d', ...DATES),
  fc.constantFrom(0, 1, 12, -1, 1.5, 120_000, NOW, NOW - 3 * DAY),
  fc.boolean(),
);
const traitValue = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const KEYS = ['role', 'plan', 'seats', 'tags', 'signedUp', 'company', 'empty'];
const record = fc
  .dictionary(fc.constantFrom(...KEYS), traitValue, { maxKeys: 6 })
  .chain((r) => fc.record({ size: traitValue }).map((company) => ({ ...r, ...(r.company !== undefined && { company }) })));
const LOOKUPS = [...KEYS, 'company.size', 'missing', 'toString', 'constructor', 'tags.length', 'role.length'];
const OPS: Operator[] = ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists', 'not_exists', 'before', 'after'];
const comparison = fc.record({ op: fc.constantFrom<NumberComparison['op']>('eq', 'neq', 'gt', 'gte', 'lt', 'lte'), value: fc.integer({ min: -1, max: 5 }) });
const withinDays = fc.option(fc.constantFrom(0, 0.5, 1, 7, 30, 400, 730), { nil: undefined });
const SEGMENT_IDS = ['s0', 's1', 's2', 's3'];

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ trait: fc.constantFrom(...LOOKUPS), op: fc.constantFrom(...OPS), value: traitValue }, { requiredKeys: ['trait', 'op'] }),
  fc.record({ account: fc.constantFrom(...LOOKUPS), op: fc.constantFrom(...OPS), value: traitValue }, { requiredKeys: ['account', 'op'] }),
  fc.record({ event: fc.constantFrom('Todo Added', 'Report Exported'), count: comparison, withinDays }, { requiredKeys: ['event'] }),
  fc.record({ feature: fc.constantFrom('add-todo', 'export'), used: fc.boolean(), withinDays }, { requiredKeys: ['feature'] }),
  fc.record({ url: fc.constantFrom('/app/*', '/app/reports?tab=team', '/settings', '*#filters') }),
  fc.record({ segment: fc.constantFrom(...SEGMENT_IDS, 'ghost') }),
  fc.record({ health: comparison.map((c) => ({ ...c, value: c.value * 20 })) }),
  fc.record({ lastSeen: comparison.map(({ op, value }) => ({ op, days: Math.max(0, value) * 3.5 })) }),
);
const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('c') }),
  ),
})).c;

const segments = fc
  .uniqueArray(fc.constantFrom(...SEGMENT_IDS), { maxLength: 4 })
  .chain((ids) => fc.tuple(...ids.map((id) => condition.map((c) => ({ id, ...c }) as Segment))));

const context: fc.Arbitrary<TargetingContext> = fc.record({
  traits: record,
  account: record,
  url: fc.constantFrom('https://app.example.com/app/reports?tab=team#filters', 'https://app.example.com/settings', 'https://app.example.com/'),
  now: fc.constant(NOW),
  // Any function of (event, window) and (feature, window): the engine must ask for exactly what the condition says.
  eventCount: fc.func(fc.nat({ max: 4 })),
  featureUsed: fc.func(fc.boolean()),
  health: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  // Never seen, seen a moment ago, on whole days and between them, or "later" than now (a
  // skewed clock: seen now).
  lastSeen: fc.option(
    fc.constantFrom(-1, 0, 0.5, 3.5, 7, 7.25, 14).map((days) => NOW - days * 86_400_000),
    { nil: undefined },
  ),
});

const audiences = fc.array(fc.oneof(condition, fc.constantFrom<string>(...SEGMENT_IDS, 'ghost')), { minLength: 1, maxLength: 6 });

// Date-times without an offset are UTC whatever the machine's zone: run in one that is not.
const zone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('targeting against the reference evaluator', () => {
  it('runs in a time zone that is not UTC', () => {
    expect(new Date(NOW).getTimezoneOffset()).not.toBe(0);
  });

  it('decides every generated audience as the reference does, whatever order a decision evaluates them in', () => {
    fc.assert(
      fc.property(segments, audiences, context, (segs, list, ctx) => {
        // One Segments per decision, as the SDK uses it: its cache must not change any answer.
        const shared = segmentsOf(segs);
        for (const audience of list) {
          const expected = ref(audience, ctx, segs);
          const failure = audienceFailure(audience, ctx, shared);
          expect(failure === null, `${JSON.stringify(audience)} → ${failure}`).toBe(expected);
          if (failure !== null) expect(failure.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('matches a leaf exactly as the reference does, for every operator and trait value', () => {
    fc.assert(
      fc.property(leaf, context, (c, ctx) => {
        expect(audienceFailure(c, ctx, segmentsOf([])) === null, JSON.stringify(c)).toBe(ref(c, ctx, []));
      }),
      { numRuns: 3000 },
    );
  }, 60_000);

  it('compares every trait value with every operator and value as the reference does (missing, lists, dates, relative dates)', () => {
    // Small pools, so that values often meet: case variants, one instant spelled three ways, lists of them.
    const one = fc.constantFrom<unknown>(
      'admin',
      'ADMIN',
      'adm',
      12,
      1,
      true,
      '2026-01-15T09:30',
      '2026-01-15 09:30:00',
      '2026-01-15T09:30:00Z',
      '2026-01-15T12:00:00Z',
      '2026-01-15T18:30:00+0900',
      '2026-01-15T04:30:00-05:00',
      '2026-02-28',
      '+0d',
      '-30d',
      'now',
      null,
    );
    const value = fc.oneof(one, fc.array(one, { maxLength: 3 }));
    const present = fc.oneof({ weight: 8, arbitrary: value }, { weight: 1, arbitrary: fc.constant(undefined) });
    fc.assert(
      fc.property(present, fc.constantFrom(...OPS), value, fc.boolean(), (actual, op, value, nested) => {
        const ctx: TargetingContext = {
          traits: nested ? { company: { size: actual } } : { plan: actual },
          account: {},
          url: '/',
          now: NOW,
          eventCount: () => 0,
          featureUsed: () => false,
        };
        const c: Condition = { trait: nested ? 'company.size' : 'plan', op, value };
        expect(audienceFailure(c, ctx, segmentsOf([])) === null, `${JSON.stringify(actual)} ${op} ${JSON.stringify(value)}`).toBe(ref(c, ctx, []));
      }),
      { numRuns: 10_000 },
    );
  }, 60_000);

  it('gives segments that refer to each other (cycles included) the same answer wherever a decision reaches them from', () => {
    // Mostly references between four segments, so that cycles through any/all/not are common.
    const simple = fc.oneof(
      { weight: 3, arbitrary: fc.record({ segment: fc.constantFrom(...SEGMENT_IDS) }) },
      { weight: 1, arbitrary: fc.record({ trait: fc.constantFrom('role', 'plan'), op: fc.constantFrom<Operator>('exists', 'not_exists') }) },
    );
    const tangled: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
      c: fc.oneof(
        { depthSize: 'small' },
        simple,
        fc.record({ all: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
        fc.record({ any: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
        fc.record({ not: tie('c') }),
      ),
    })).c;
    const graph = fc.tuple(...SEGMENT_IDS.map((id) => tangled.map((c) => ({ id, ...c }) as Segment)));
    const order = fc.array(fc.oneof(fc.constantFrom<Condition | string>(...SEGMENT_IDS), tangled), { minLength: 2, maxLength: 6 });
    const traits = fc.record({ role: fc.constant('admin'), plan: fc.constant('free') }, { requiredKeys: [] });
    fc.assert(
      fc.property(graph, order, traits, (segs, list, t) => {
        const ctx: TargetingContext = { traits: t, account: {}, url: '/', now: NOW, eventCount: () => 0, featureUsed: () => false };
        const shared = segmentsOf(segs);
        for (const audience of list) expect(audienceFailure(audience, ctx, shared) === null, JSON.stringify(audience)).toBe(ref(audience, ctx, segs));
      }),
      { numRuns: 3000 },
    );
  }, 60_000);
});
