import type { DayRange } from '../store.js';

/**
 * SQLite's per-user event counts (`user_events`, migration 0019) keep one row per 32-day block,
 * as `user_days` does, with the count of day `block * 32 + k` in column `dk`: a 30-day read
 * takes at most two rows a user instead of thirty.
 */

/** The column of `day` in its block's row. */
export function dayColumn(day: number): string {
  return `d${day & 31}`;
}

/**
 * The sum of a row's days that fall in `range`, for the rows of blocks `range.from >> 5` to
 * `range.to >> 5`: the first and last blocks take their days in range, the others all 32. Only
 * column names and block numbers (integers) are written into the SQL.
 */
export function countInRangeSql(range: DayRange): string {
  const sum = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, k) => `d${lo + k}`).join(' + ');
  const first = range.from >> 5;
  const last = range.to >> 5;
  const partial = [first, last].filter((b, i) => i === 0 || b !== first);
  const cases = partial.map((b) => `WHEN ${b} THEN ${sum(Math.max(range.from, b * 32) - b * 32, Math.min(range.to, b * 32 + 31) - b * 32)}`);
  return `CASE block ${cases.join(' ')} ELSE ${sum(0, 31)} END`;
}
