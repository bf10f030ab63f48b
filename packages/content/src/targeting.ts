import type { Audience, Condition, NumberComparison, Operator, Segment } from './document.js';
import { matchUrlGlob } from './url-glob.js';

const DAY = 86_400_000;

/** What conditions are evaluated against. The SDK builds it in the browser, the collector on the server. */
export interface TargetingContext {
  /** The user's traits (`identify`). */
  traits: Readonly<Record<string, unknown>>;
  /** The account's traits (`group`). */
  account: Readonly<Record<string, unknown>>;
  /** The page's URL, for `url` conditions. */
  url: string;
  /** Milliseconds since the epoch, for `before`/`after` and windows. */
  now: number;
  /** How often the user did `event` since `windowStart(now, withinDays)` (all time without a window). */
  eventCount(event: string, withinDays: number | undefined): number;
  /** Whether the user used feature `id` since `windowStart(now, withinDays)` (ever without a window). */
  featureUsed(id: string, withinDays: number | undefined): boolean;
  /** The account's health score (0–100), when known. */
  health?: number;
  /**
   * When the user's last event happened (milliseconds since the epoch), for `lastSeen`: known to
   * the collector from its facts; undefined when the user was never seen.
   */
  lastSeen?: number;
}

/**
 * The first moment a `withinDays` window takes in: the start of the UTC day that holds
 * `now − withinDays` days. Windows are whole UTC days, because the server's profile counts
 * events per UTC day; the browser counts its own events by the same rule, so an event
 * counts the same whether the profile has seen it yet or not. `withinDays: 1` is yesterday
 * and today; `0`, today; `0.5` from 06:00 is yesterday and today, from 18:00 today.
 */
export function windowStart(now: number, withinDays: number): number {
  return Math.floor(now / DAY - withinDays) * DAY;
}

/** Reusable segments by id, and a cache of their results for one context. */
export interface Segments {
  byId: ReadonlyMap<string, Segment>;
  /**
   * Results that hold from every path: a segment whose evaluation met no loop is evaluated once
   * however many paths lead to it (a diamond of nested segments stays linear, not exponential).
   * Where a document loops (validation refuses cycles; a hand-edited one may still have one), a
   * segment whose evaluation came back to one being evaluated answers for its path only, uncached.
   */
  cache: Map<string, string | null>;
  /** While evaluating: whether a reference came back to a segment being evaluated. */
  looped?: boolean;
}

/** Prepares a document's segments for evaluation (one cache per context: build anew when facts change). */
export function segmentsOf(segments: readonly Segment[] | undefined): Segments {
  return { byId: new Map((segments ?? []).map((s) => [s.id, s])), cache: new Map() };
}

/**
 * Why `audience` does not match the context, or null when it does (no audience: everyone).
 * The reason names the failing leaf exactly: `trait "plan" is "pro", not eq "free"`.
 * Never throws: missing traits, type mismatches and unknown segments are failures.
 */
export function audienceFailure(audience: Audience | undefined, ctx: TargetingContext, segments: Segments): string | null {
  if (audience === undefined) return null;
  return typeof audience === 'string' ? segmentFailure(audience, ctx, segments, []) : conditionFailure(audience, ctx, segments, []);
}

/** Whether `audience` matches the context. */
export function matchesAudience(audience: Audience | undefined, ctx: TargetingContext, segments: Segments): boolean {
  return audienceFailure(audience, ctx, segments) === null;
}

function segmentFailure(id: string, ctx: TargetingContext, segments: Segments, trail: string[]): string | null {
  const { byId, cache, looped } = segments;
  if (cache.has(id)) return cache.get(id)!;
  const segment = byId.get(id);
  if (!segment) return `unknown segment "${id}"`;
  // A reference back into a segment being evaluated (validation refuses cycles; a hand-edited
  // document may still have one) is a failure there, never a loop.
  if (trail.includes(id)) {
    segments.looped = true;
    return `segment "${id}" refers to itself`;
  }
  segments.looped = false;
  const failure = conditionFailure(segment, ctx, segments, [...trail, id]);
  const reason = failure && `segment "${id}": ${failure}`;
  // Met no loop: this answer holds from every path. Met one: it is this path's answer only.
  if (!segments.looped) cache.set(id, reason);
  segments.looped ||= looped;
  return reason;
}

function conditionFailure(c: Condition, ctx: TargetingContext, segments: Segments, trail: string[]): string | null {
  try {
    if ('all' in c && Array.isArray(c.all)) {
      for (const sub of c.all) {
        const failure = conditionFailure(sub, ctx, segments, trail);
        if (failure) return failure;
      }
      return null;
    }
    if ('any' in c && Array.isArray(c.any)) {
      const failures: string[] = [];
      for (const sub of c.any) {
        const failure = conditionFailure(sub, ctx, segments, trail);
        if (!failure) return null;
        failures.push(failure);
      }
      return `none of: ${failures.join('; ')}`;
    }
    if ('not' in c && c.not) return conditionFailure(c.not, ctx, segments, trail) ? null : `not (${describe(c.not)}) is false`;
    if ('segment' in c) return segmentFailure(c.segment, ctx, segments, trail);
    if ('trait' in c) return compareFailure(`trait "${c.trait}"`, lookup(ctx.traits, c.trait), c.op, c.value, ctx.now);
    if ('account' in c) return compareFailure(`account "${c.account}"`, lookup(ctx.account, c.account), c.op, c.value, ctx.now);
    if ('event' in c) {
      const count = ctx.eventCount(c.event, c.withinDays);
      const want = c.count ?? { op: 'gte', value: 1 };
      return numberHolds(count, want)
        ? null
        : `event "${c.event}" happened ${count} time(s)${c.withinDays ? ` in ${c.withinDays} days` : ''}, not ${want.op} ${want.value}`;
    }
    if ('feature' in c) {
      const used = ctx.featureUsed(c.feature, c.withinDays);
      const want = c.used ?? true;
      return used === want ? null : `feature "${c.feature}" ${used ? 'was' : 'was not'} used${c.withinDays ? ` in ${c.withinDays} days` : ''}`;
    }
    if ('url' in c) return matchUrlGlob(c.url, ctx.url) ? null : `the URL does not match "${c.url}"`;
    if ('health' in c) {
      if (typeof ctx.health !== 'number') return 'the account has no health score';
      return numberHolds(ctx.health, c.health) ? null : `health ${ctx.health} is not ${c.health.op} ${c.health.value}`;
    }
    if ('lastSeen' in c) {
      // Whole days since the last event, as people say it: "last seen 7 days ago" is 7 up to 8
      // days of absence, so "eq 7" holds for a day, and "gte 7" is a week or more.
      const days = typeof ctx.lastSeen === 'number' ? Math.floor(Math.max(0, ctx.now - ctx.lastSeen) / DAY) : undefined;
      return days !== undefined && numberHolds(days, { op: c.lastSeen.op, value: c.lastSeen.days })
        ? null
        : `last seen ${days === undefined ? 'never' : `${days} day(s) ago`}, not ${c.lastSeen.op} ${c.lastSeen.days}`;
    }
    return 'an unknown kind of condition';
  } catch {
    return 'a malformed condition';
  }
}

// biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is ES2022; the SDK targets ES2021.
const own = (o: unknown, key: string) => Object(o) === o && {}.hasOwnProperty.call(o, key);

/** A trait by name, or by dotted path into nested objects (`company.size`). Only the traits' own keys: `toString` is no trait. */
function lookup(record: Readonly<Record<string, unknown>>, key: string): unknown {
  let value: unknown = record;
  for (const part of own(record, key) ? [key] : key.split('.')) value = own(value, part) ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

function numberHolds(actual: number, c: NumberComparison): boolean {
  return compareNumbers(actual, c.value, c.op) === true;
}

function compareNumbers(a: number, b: number, op: string): boolean | undefined {
  switch (op) {
    case 'eq':
      return a === b;
    case 'neq':
      return a !== b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
  }
  return undefined;
}

const ISO_DATE = /^\d{4}-\d\d-\d\d([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/;
const RELATIVE = /^(?:now|([+-]\d+)d)$/;

/**
 * Milliseconds of a date: an ISO 8601 date or date-time (an offset is `Z`, `±HH:MM` or
 * `±HHMM`, as Python's `%z` and Java write it; without one, UTC, so the browser and the
 * server agree whatever the user's zone), or epoch
 * milliseconds. With `now` (a condition's own value), also `"now"` and days relative to it
 * (`"+30d"`, `"-7d"`).
 */
function asTime(value: unknown, now?: number): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return undefined;
  const days = RELATIVE.exec(value);
  if (days && now !== undefined) return now + Number(days[1] ?? 0) * DAY;
  const m = ISO_DATE.exec(value);
  // Date.parse would read a date-time without an offset in the browser's zone, and ±HHMM
  // only in some engines: both get the form every engine reads.
  const t = m ? Date.parse(value.replace(' ', 'T').replace(/([+-]\d\d)(\d\d)$/, '$1:$2') + (m[1] && !m[2] ? 'Z' : '')) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

function compareFailure(label: string, actual: unknown, op: Operator, expected: unknown, now: number): string | null {
  const present = actual !== undefined && actual !== null;
  const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));
  // Only failures need words: most evaluations pass or fail silently inside any/not.
  const fail = () => `${label} is ${present ? show(actual) : 'missing'}, not ${op}${op === 'exists' || op === 'not_exists' ? '' : ` ${show(expected)}`}`;
  if (op === 'exists') return present ? null : fail();
  if (op === 'not_exists') return present ? fail() : null;
  // Every other operator needs a value: a missing trait is a failure, not a match.
  if (!present) return fail();
  const values = Array.isArray(actual) ? actual : [actual];
  let holds = false;
  switch (op) {
    case 'eq':
    case 'neq':
    case 'in':
    case 'nin': {
      // A list trait is its set of values: eq holds when one of them equals the value, in when one is listed.
      const wanted = op === 'eq' || op === 'neq' ? [expected] : expected;
      if (!Array.isArray(wanted)) return fail();
      const found = values.some((v) => wanted.some((e) => sameValue(v, e)));
      holds = op === 'eq' || op === 'in' ? found : !found;
      break;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (typeof actual === 'number' && typeof expected === 'number') holds = compareNumbers(actual, expected, op)!;
      else {
        // Dates compare as dates: "2026-02-01" after "2026-01-15", whatever their text.
        const a = typeof actual === 'number' ? undefined : asTime(actual);
        const b = typeof expected === 'number' ? undefined : asTime(expected, now);
        holds = a !== undefined && b !== undefined && compareNumbers(a, b, op)!;
      }
      break;
    }
    case 'before':
    case 'after': {
      const a = asTime(actual);
      const b = asTime(expected, now);
      holds = a !== undefined && b !== undefined && (op === 'before' ? a < b : a > b);
      break;
    }
    case 'contains':
      if (typeof actual === 'string' && typeof expected === 'string') holds = actual.toLowerCase().includes(expected.toLowerCase());
      else if (Array.isArray(actual)) holds = values.some((v) => sameValue(v, expected));
      break;
  }
  return holds ? null : fail();
}

/** Equality for trait values: same type and value; strings ignore case; dates as dates. */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    if (a.toLowerCase() === b.toLowerCase()) return true;
    const ta = asTime(a);
    const tb = asTime(b);
    return ta !== undefined && ta === tb;
  }
  return a === b;
}

function describe(c: Condition): string {
  const json = JSON.stringify(c);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
