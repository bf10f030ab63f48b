/** A leading year-month-day, as ISO 8601 writes it (with a sign and six digits for years past 9999), after any spaces `Date.parse` skips. */
const YMD = /^\s*([+-]\d{6}|\d{4})-(\d\d)-(\d\d)/;

/**
 * Whether a date or time string names a day the calendar has: false for `2026-02-30`,
 * `2025-02-29` or `2026-13-01` (`Date.parse` rolls the first two over into March without a
 * word), true for leap days and for anything that does not start with a year-month-day (left to
 * the parser that reads it: `Date.parse` also reads its engine's older forms, such as
 * `Feb 30 2026`, which roll over just the same).
 */
export function namesRealDay(value: string): boolean {
  const m = YMD.exec(value);
  if (!m) return true;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

/** `Date.parse` of `value`, but NaN for a day the calendar lacks, which `Date.parse` would roll over into the next month. */
export const parseTime = (value: string): number => (namesRealDay(value) ? Date.parse(value) : NaN);
