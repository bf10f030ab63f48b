import type { DayRange } from './store.js';

/**
 * `dailyActivity`'s answer from a store's two reads: one row per day of the range, in order,
 * with zeros for the days neither read has (every store fills the days the same way).
 */
export function activityByDay(
  range: DayRange,
  active: ReadonlyArray<{ day: number; users: number }>,
  events: ReadonlyArray<{ day: number; events: number }>,
): Array<{ day: number; activeUsers: number; events: number }> {
  const users = new Map(active.map((r) => [r.day, r.users]));
  const byDay = new Map(events.map((r) => [r.day, r.events]));
  return Array.from({ length: range.to - range.from + 1 }, (_, i) => range.from + i).map((day) => ({
    day,
    activeUsers: users.get(day) ?? 0,
    events: byDay.get(day) ?? 0,
  }));
}
