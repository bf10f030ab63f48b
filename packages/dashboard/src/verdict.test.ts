import { describe, expect, it } from 'vitest';
import { verdictOf, type ExperimentReport } from './verdict.js';

const variant = (id: string, users: number, conversions: number, ci95: [number, number] | null, pValue: number | null) => ({
  variation_id: id, users, conversions, rate: conversions / users, lift: ci95 ? 0.5 : null, ci95, pValue, chanceToBeatControl: ci95 ? 0.9 : null,
});
const report = (over: Partial<ExperimentReport> = {}): ExperimentReport => ({
  experiment_id: 'x',
  goal: { event: 'Done', withinDays: 7 },
  baseline: 'a',
  variants: [variant('a', 1000, 100, null, null), variant('b', 1000, 150, [0.02, 0.08], 0.001)],
  srm: { pValue: 0.5, ok: true },
  sampleSize: { minimumDetectableEffect: 0.1, perVariant: 800, remaining: 0 },
  ...over,
});

describe('the experiment verdict', () => {
  it('names the winner when its whole interval is above the baseline', () => {
    expect(verdictOf(report())).toEqual({ tone: 'win', text: 'Variant B wins: +50% over Variant A (p = 0.001).' });
  });

  it('says the baseline wins when every variant is significantly worse', () => {
    expect(verdictOf(report({ variants: [variant('control', 1000, 150, null, null), variant('b', 1000, 100, [-0.08, -0.02], 0.002)], baseline: 'control' })).tone).toBe('loss');
  });

  it('says how many more users are needed while the interval crosses zero', () => {
    expect(verdictOf(report({ variants: [variant('a', 300, 30, null, null), variant('b', 300, 36, [-0.03, 0.07], 0.4)], sampleSize: { minimumDetectableEffect: 0.1, perVariant: 800, remaining: 500 } }))).toEqual({
      tone: 'wait',
      text: 'Keep running: 500 more users per variant needed.',
    });
  });

  it('says "no difference" once the planned sample is reached', () => {
    expect(verdictOf(report({ variants: [variant('a', 900, 90, null, null), variant('b', 900, 92, [-0.02, 0.03], 0.8)] })).text).toMatch(/^No difference: with 900\+ users per variant/);
  });

  it('puts a sample-ratio mismatch before anything else', () => {
    expect(verdictOf(report({ srm: { pValue: 0.0001, ok: false } }))).toMatchObject({ tone: 'warn', text: expect.stringContaining('sample-ratio mismatch, p < 0.001') });
  });
});
