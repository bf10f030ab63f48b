import { parseTime } from '@touchpoint/content';
import { z } from 'zod';
import type { DayRange } from './store/store.js';

const DAY = 86_400_000;
/** The longest range a report covers: ten years of days, enough for any report and bounded work. */
export const MAX_RANGE_DAYS = 3660;

const NOT_A_DAY = 'must be a UTC day, YYYY-MM-DD';
const dayNumber = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? Math.floor(parseTime(`${value}T00:00:00Z`) / DAY) : NaN);

/** A report's `from` or `to`: a UTC day, `YYYY-MM-DD` (both included), as a day number. */
export const reportDay = z
  .string({ error: NOT_A_DAY })
  .refine((value) => !Number.isNaN(dayNumber(value)), NOT_A_DAY)
  .transform(dayNumber);

/** A report's range: day numbers for the store, and the UTC days it answers with. */
export interface ReportRange {
  range: DayRange;
  from: string;
  to: string;
}

/**
 * The transform that ends a report's query schema (`z.object({ from: reportDay.optional(),
 * to: reportDay.optional(), … }).transform(reportRange(now))`): the range, by default the
 * 30 days up to and including today (by `now`), at most {@link MAX_RANGE_DAYS} days.
 */
export function reportRange(now: () => number) {
  return <Query extends { from?: number; to?: number }>({ from, to, ...rest }: Query, context: z.RefinementCtx): Omit<Query, 'from' | 'to'> & ReportRange => {
    const last = to ?? Math.floor(now() / DAY);
    const first = from ?? last - 29;
    const problem =
      first > last ? 'must not be after `to`' : last - first + 1 > MAX_RANGE_DAYS ? `must leave a range of at most ${MAX_RANGE_DAYS} days` : undefined;
    if (problem) {
      context.addIssue({ code: 'custom', path: ['from'], message: problem });
      return z.NEVER;
    }
    const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);
    return { ...rest, range: { from: first, to: last }, from: iso(first), to: iso(last) };
  };
}
