import { describe, expect, it } from 'vitest';
import { healthScore } from './health.js';

/*
 * Worked example: a 14-day window; signals "Todo Added" (weight 2) and feature "add-todo" (weight 1).
 * The account was active 7 of 14 days (0.5), added 21 todos (21/14 → capped at 1), used the
 * feature 7 times (7/14 = 0.5):
 *   score = 100 × (1×0.5 + 2×1 + 1×0.5) / (1 + 2 + 1) = 100 × 3 / 4 = 75.
 */
describe('healthScore', () => {
  const settings = {
    windowDays: 14,
    signals: [
      { event: 'Todo Added', weight: 2 },
      { feature: 'add-todo', weight: 1 },
    ],
  };

  it('matches the worked example, and lists the weakest components first', () => {
    const result = healthScore(settings, { activeDays: 7, counts: { 'event:Todo Added': 21, 'feature:add-todo': 7 } });
    expect(result.score).toBe(75);
    expect(result.reasons).toEqual(['active days: 50%', 'feature "add-todo": 50%', '"Todo Added" events: 100%']);
  });

  it('is 0 for an idle account and 100 for one that does everything daily', () => {
    expect(healthScore(settings, { activeDays: 0, counts: {} }).score).toBe(0);
    expect(healthScore(settings, { activeDays: 14, counts: { 'event:Todo Added': 14, 'feature:add-todo': 30 } }).score).toBe(100);
  });
});
