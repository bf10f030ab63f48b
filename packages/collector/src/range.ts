import type { DayRange } from './store/store.js';

const DAY = 86_400_000;
/** The longest range a report covers: ten years of days, enough for any report and bounded work. */
export const MAX_RANGE_DAYS = 3660;

export type RangeResult = { ok: true; range: DayRange; from: string; to: string } | { ok: false; errors: Array<{ path: string; message: string }> };

/**
 * A report's `from` and `to` (UTC days, `YYYY-MM-DD`, both included) as day numbers.
 * Defaults: the 30 days up to and including today. At most {@link MAX_RANGE_DAYS} days.
 */
export function parseRange(query: Record<string, unknown>, now: number): RangeResult {
  const errors: Array<{ path: string; message: string }> = [];
  const day = (value: unknown, path: string, fallback: number) => {
    if (value === undefined) return fallback;
    const t = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
    if (Number.isNaN(t)) {
      errors.push({ path, message: 'must be a UTC day, YYYY-MM-DD' });
      return 0;
    }
    return Math.floor(t / DAY);
  };
  const to = day(query.to, 'to', Math.floor(now / DAY));
  const from = day(query.from, 'from', to - 29);
  if (!errors.length && from > to) errors.push({ path: 'from', message: 'must not be after `to`' });
  if (!errors.length && to - from + 1 > MAX_RANGE_DAYS) errors.push({ path: 'from', message: `must leave a range of at most ${MAX_RANGE_DAYS} days` });
  if (errors.length) return { ok: false, errors };
  const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);
  return { ok: true, range: { from, to }, from: iso(from), to: iso(to) };
}
