import { MAX_MESSAGE_BYTES, MAX_OBJECT_KEYS } from '@touchpoint/content';

/** One trait of a person: its value and the time (ms) of the identify call that set it. */
export interface TimedTrait {
  value: unknown;
  at: number;
}

/**
 * Merges an identify call at `at` into a person's traits, key by key (the SDK's rule: the same
 * user's later call wins, a shallow merge as `{ ...known, ...traits }`). Each key keeps the
 * value of the latest call that set it, by event time (a tie: the call stored last), so the
 * result is the same whatever order the calls arrive in: an older call arriving late changes
 * only the keys it set after their known value was set. Mutates and returns `known`.
 */
export function mergeTraits(known: Map<string, TimedTrait>, traits: Record<string, unknown>, at: number): Map<string, TimedTrait> {
  for (const [key, value] of Object.entries(traits)) keepLatest(known, key, { value, at });
  return known;
}

/** Merges traits already timed key by key (a batch's, folded with `mergeTraits`) into `known`, by the same rule. Mutates and returns `known`. */
export function mergeTimedTraits(known: Map<string, TimedTrait>, traits: ReadonlyMap<string, TimedTrait>): Map<string, TimedTrait> {
  for (const [key, t] of traits) keepLatest(known, key, t);
  return known;
}

/** The rule, for one key: the latest call by event time wins (a tie: the one merged last). */
function keepLatest(known: Map<string, TimedTrait>, key: string, t: TimedTrait): void {
  const was = known.get(key);
  if (!was || t.at >= was.at) known.set(key, t);
}

/**
 * The traits kept of a person's merged traits: at most what one identify call may carry
 * (`MAX_OBJECT_KEYS` keys, `MAX_MESSAGE_BYTES` serialized), so a client sending a new key per
 * call cannot grow a person without bound. Over the cap the keys set most recently (event
 * time, then key) stay and the oldest go: a trait the app still sends keeps being refreshed,
 * one it stopped sending ages out; ranking by time alone gives the same kept keys whatever
 * the arrival order (SQLite applies it at each write, ClickHouse on read). Only the
 * `MAX_OBJECT_KEYS` highest ranked keys are candidates (so ClickHouse reads no more than those,
 * the query in `store/clickhouse/people.ts`); among them a key that does not fit in the bytes left is skipped, a smaller
 * one after it may still fit.
 */
export function capTraits(traits: Map<string, TimedTrait>): Map<string, TimedTrait> {
  let bytes = 2; // {}
  if (traits.size <= MAX_OBJECT_KEYS) {
    for (const [key, t] of traits) bytes += entryBytes(key, t.value);
    if (bytes - 1 <= MAX_MESSAGE_BYTES) return traits;
  }
  const ranked = [...traits].sort(([a, x], [b, y]) => y.at - x.at || (a < b ? -1 : a > b ? 1 : 0));
  const kept = new Map<string, TimedTrait>();
  bytes = 2;
  for (const [key, t] of ranked.slice(0, MAX_OBJECT_KEYS)) {
    const size = entryBytes(key, t.value);
    if (bytes + size - 1 > MAX_MESSAGE_BYTES) continue;
    kept.set(key, t);
    bytes += size;
  }
  return kept;
}

/** An entry's bytes in the serialized object, with its comma (the last entry has none: hence the `- 1`s). */
const entryBytes = (key: string, value: unknown) => Buffer.byteLength(JSON.stringify(key)) + 2 + Buffer.byteLength(JSON.stringify(value ?? null));

/** The traits as the plain object journeys read. */
export function traitValues(traits: ReadonlyMap<string, TimedTrait>): Record<string, unknown> {
  // fromEntries defines own properties: a `__proto__` trait stays a trait.
  return Object.fromEntries([...traits].map(([key, t]) => [key, t.value]));
}
