import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, backoffDelay, parseRetryAfter } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles per attempt between half and all of its ceiling, and stops growing at the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 0.999999))).toEqual([1000, 2000, 4000, 8000].map((x) => expect.closeTo(x, 0)));
    expect(backoffDelay(30, 1)).toBe(BACKOFF_MAX_MS);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:01:00 GMT', now)).toBe(60_000);
  });
  it('ignores what it cannot read, never waits a negative time, and caps at an hour', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('999999', now)).toBe(3_600_000);
  });
});
