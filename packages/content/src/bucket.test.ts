import { describe, expect, it } from 'vitest';
import { assignVariant, bucket, inHoldout, murmur3 } from './bucket.js';

describe('murmur3', () => {
  it('matches MurmurHash3 x86 32-bit (seed 0) on UTF-8 bytes', () => {
    // Published vectors ("", "a", "hello") and values from an independent Python implementation.
    expect(murmur3('')).toBe(0);
    expect(murmur3('a')).toBe(1009084850);
    expect(murmur3('hello')).toBe(613153351);
    expect(murmur3('holdout:user-42')).toBe(437357922);
    expect(murmur3('export-copy:日本語ユーザー')).toBe(924453160);
    expect(murmur3('emoji:😀')).toBe(3323180545);
  });
});

describe('bucket and holdout', () => {
  it('spreads 100,000 users uniformly (each tenth within ±1% of its share) and is stable', () => {
    const tenths = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) tenths[Math.floor(bucket('holdout', `user-${i}`) / 10)]++;
    for (const n of tenths) expect(Math.abs(n - 10_000)).toBeLessThan(1000);
    expect(bucket('holdout', 'user-1')).toBe(bucket('holdout', 'user-1'));
  });

  it('holds out about the configured percentage, none at 0', () => {
    let held = 0;
    for (let i = 0; i < 100_000; i++) if (inHoldout(5, `u${i}`)) held++;
    expect(Math.abs(held / 100_000 - 0.05)).toBeLessThan(0.01 * 0.05 * 10);
    expect(inHoldout(0, 'anyone')).toBe(false);
    expect(inHoldout(undefined, 'anyone')).toBe(false);
  });
});

describe('assignVariant', () => {
  it('holds out the control share and splits the rest by weight', () => {
    const experiment = {
      id: 'export-copy',
      control: 10,
      variants: [
        { id: 'a', weight: 50 },
        { id: 'b', weight: 150 },
      ],
    };
    const counts: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) {
      const v = assignVariant(experiment, `user-${i}`) ?? 'control';
      counts[v] = (counts[v] ?? 0) + 1;
    }
    expect(Math.abs(counts.control! / 100_000 - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(counts.a! / 100_000 - 0.225)).toBeLessThan(0.01);
    expect(Math.abs(counts.b! / 100_000 - 0.675)).toBeLessThan(0.01);
  });

  it('is stable per user and independent between experiments', () => {
    const one = {
      id: 'one',
      variants: [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1 },
      ],
    };
    const two = {
      id: 'two',
      variants: [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1 },
      ],
    };
    expect(assignVariant(one, 'u1')).toBe(assignVariant(one, 'u1'));
    let same = 0;
    for (let i = 0; i < 10_000; i++) if (assignVariant(one, `u${i}`) === assignVariant(two, `u${i}`)) same++;
    // Independent: agreement near 50%, not near 100%.
    expect(Math.abs(same / 10_000 - 0.5)).toBeLessThan(0.03);
  });
});
