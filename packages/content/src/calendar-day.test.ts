import { expect, it } from 'vitest';
import { namesRealDay, parseTime } from './calendar-day.js';

it('tells the days the calendar has from those Date.parse rolls over', () => {
  for (const real of ['2026-02-28', '2024-02-29', '2000-02-29', '2026-04-30', '2026-12-31T23:59:59.999Z', '2026-01-01T00:00:00+14:00', '+010000-01-31'])
    expect(namesRealDay(real), real).toBe(true);
  for (const unreal of [
    '2026-02-30',
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-02-30T00:00:00Z',
    ' 2026-02-30',
  ])
    expect(namesRealDay(unreal), unreal).toBe(false);
  // Not a year-month-day: for the parser that reads it to judge.
  expect(namesRealDay('yesterday')).toBe(true);
});

it('parses times as Date.parse does, but a day the calendar lacks is no time', () => {
  expect(parseTime('2026-02-28T10:00:00Z')).toBe(Date.UTC(2026, 1, 28, 10));
  expect(parseTime('2026-02-30T10:00:00Z')).toBeNaN();
  expect(parseTime('not a time')).toBeNaN();
});
