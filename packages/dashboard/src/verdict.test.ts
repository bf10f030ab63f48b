import { describe, expect, it } from 'vitest';
import { experimentRows, verdictOf, type ExperimentReport } from './verdict.js';

type Variant = ExperimentReport['variants'][number];
const variant = (
  id: string,
  users: number,
  conversions: number,
  ci95: Variant['ci95'],
  pValue: number | null,
  lift: number | null = ci95 ? 0.5 : null,
): Variant => ({
  variation_id: id,
  users,
  conversions,
  rate: users ? conversions / users : 0,
  lift,
  ci95,
  pValue,
  chanceToBeatControl: ci95 && ci95[0] !== null ? 0.9 : null,
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
/** As the collector reports a group nobody has seen: no rate to compare, no interval, no p-value. */
const emptyControl = variant('control', 0, 0, null, null);

describe('the experiment verdict', () => {
  it('names the winner when its whole interval is above the baseline', () => {
    expect(verdictOf(report())).toEqual({ tone: 'win', text: 'Variant B wins: +50% over Variant A (p = 0.001).' });
  });

  it('names a significant lead before the planned sample as a lead, with the users still needed, not a win', () => {
    // As a probe found it: 1 of 6 against 6 of 6 (p = 0.004) read "Variant B wins: +500%" with 7,994 users to go.
    const early = { minimumDetectableEffect: 0.1, perVariant: 8000, remaining: 7994 };
    expect(verdictOf(report({ sampleSize: early }))).toEqual({
      tone: 'wait',
      text: 'Variant B is ahead so far: +50% over Variant A (p = 0.001). Keep running: 7,994 more users per variant before calling it (a lead this early is often chance).',
    });
    const behind = report({
      variants: [variant('control', 1000, 150, null, null), variant('b', 1000, 100, [-0.08, -0.02], 0.002)],
      baseline: 'control',
      sampleSize: early,
    });
    expect(verdictOf(behind).tone).toBe('wait');
    expect(verdictOf(behind).text).toMatch(/^Control is ahead so far: Variant B converts less\. Keep running: 7,994 more users/);
    // Under p < 0.001 a lead is called early: so strict a bar holds up to repeated looks.
    const clear = report({ variants: [variant('a', 100, 10, null, null), variant('b', 100, 30, [0.09, 0.31], 0.0004)], sampleSize: early });
    expect(verdictOf(clear)).toEqual({ tone: 'win', text: 'Variant B wins: +50% over Variant A (p < 0.001).' });
  });

  it('says the baseline wins when every variant is significantly worse', () => {
    expect(
      verdictOf(report({ variants: [variant('control', 1000, 150, null, null), variant('b', 1000, 100, [-0.08, -0.02], 0.002)], baseline: 'control' })).tone,
    ).toBe('loss');
  });

  it('says how many more users are needed while the interval crosses zero', () => {
    expect(
      verdictOf(
        report({
          variants: [variant('a', 300, 30, null, null), variant('b', 300, 36, [-0.03, 0.07], 0.4)],
          sampleSize: { minimumDetectableEffect: 0.1, perVariant: 800, remaining: 500 },
        }),
      ),
    ).toEqual({
      tone: 'wait',
      text: 'Keep running: 500 more users per variant needed.',
    });
  });

  it('says "no difference" once the planned sample is reached', () => {
    expect(verdictOf(report({ variants: [variant('a', 900, 90, null, null), variant('b', 900, 92, [-0.02, 0.03], 0.8)] })).text).toMatch(
      /^No difference: with 900\+ users per variant/,
    );
  });

  it('puts a sample-ratio mismatch before anything else', () => {
    expect(verdictOf(report({ srm: { pValue: 0.0001, ok: false } }))).toMatchObject({
      tone: 'warn',
      text: expect.stringContaining('sample-ratio mismatch, p < 0.001'),
    });
  });

  it('with an empty control: not enough data, while the variant keeps its own numbers and no made-up interval', () => {
    const r = report({
      baseline: 'control',
      variants: [emptyControl, variant('b', 5, 3, [null, null], null, null)],
      sampleSize: { minimumDetectableEffect: 0.1, perVariant: null, remaining: null },
    });
    expect(verdictOf(r)).toEqual({ tone: 'wait', text: 'Not enough data: Control has no users yet, so nothing can be compared with it.' });
    expect(experimentRows(r)).toEqual([
      { id: 'control', label: 'Control', baseline: true, users: 0, conversions: 0, rate: null, lift: null, ci95: null, pValue: null, chance: null },
      { id: 'b', label: 'Variant B', baseline: false, users: 5, conversions: 3, rate: 0.6, lift: null, ci95: null, pValue: null, chance: null },
    ]);
  });

  it('with no conversions in any group: keep running, naming the goal', () => {
    const r = report({
      variants: [variant('a', 100, 0, null, null), variant('b', 100, 0, [0, 0], 1, null)],
      sampleSize: { minimumDetectableEffect: 0.1, perVariant: null, remaining: null },
    });
    expect(verdictOf(r)).toEqual({ tone: 'wait', text: 'Keep running: no conversions yet in any group (goal: Done).' });
  });

  it('with a single variant: nothing to compare (never "wins")', () => {
    const r = report({ variants: [variant('a', 50, 5, null, null)], srm: { pValue: null, ok: true } });
    expect(verdictOf(r)).toEqual({ tone: 'none', text: 'Nothing to compare: Variant A is the only group. Add a control or a second variant.' });
  });

  it('with nobody exposed yet', () => {
    const r = report({
      baseline: 'control',
      variants: [emptyControl, variant('b', 0, 0, [null, null], null, null)],
      srm: { pValue: null, ok: true },
      sampleSize: { minimumDetectableEffect: 0.1, perVariant: null, remaining: null },
    });
    expect(verdictOf(r)).toEqual({ tone: 'wait', text: 'Not enough data: nobody has seen this experiment yet.' });
  });

  it('with a variant nobody has seen yet', () => {
    const r = report({ baseline: 'control', variants: [variant('control', 100, 10, null, null), variant('b', 0, 0, [null, null], null, null)] });
    expect(verdictOf(r)).toEqual({ tone: 'wait', text: 'Not enough data: Variant B has no users yet.' });
  });

  it('reads an interval of zero width (every user on both sides did the same) as not enough data, never a verdict', () => {
    const sized = { minimumDetectableEffect: 0.1, perVariant: 800, remaining: 0 };
    // As the collector reports them: the Wald interval collapses when each side converts all or none.
    const allOrNone = report({
      baseline: 'control',
      variants: [variant('control', 3, 0, null, null), variant('b', 3, 3, [1, 1], 0.014, null)],
      sampleSize: sized,
    });
    expect(verdictOf(allOrNone)).toEqual({
      tone: 'wait',
      text: 'Not enough data: every user of Control and Variant B did the same (converted or not), so their difference has no interval yet.',
    });
    expect(experimentRows(allOrNone)[1]!.ci95).toBeNull();
    const reversed = report({
      baseline: 'control',
      variants: [variant('control', 3, 3, null, null), variant('b', 3, 0, [-1, -1], 0.014, -1)],
      sampleSize: sized,
    });
    expect(verdictOf(reversed).tone).toBe('wait');
    const everyone = report({
      baseline: 'control',
      variants: [variant('control', 900, 900, null, null), variant('b', 900, 900, [0, 0], 1, 0)],
      sampleSize: sized,
    });
    expect(verdictOf(everyone)).toEqual({
      tone: 'wait',
      text: 'Not enough data: every user of Control and Variant B did the same (converted or not), so their difference has no interval yet.',
    });
    // Beside a variant that does win, a collapsed one does not hide the winner.
    const beside = report({
      baseline: 'control',
      variants: [variant('control', 200, 0, null, null), variant('b', 200, 0, [0, 0], 1, null), variant('c', 200, 30, [0.1, 0.2], 0.00001, null)],
      sampleSize: sized,
    });
    expect(verdictOf(beside).tone).toBe('win');
  });

  it('against a baseline that converts nobody: a clear winner is stated in rates (there is no lift), an unclear one cannot be sized', () => {
    const zero = variant('control', 200, 0, null, null);
    const clear = report({
      baseline: 'control',
      variants: [zero, variant('b', 200, 30, [0.1, 0.2], 0.00001, null)],
      sampleSize: { minimumDetectableEffect: 0.1, perVariant: null, remaining: null },
    });
    expect(verdictOf(clear)).toEqual({ tone: 'win', text: 'Variant B wins: 15% converted against 0.0% for Control (p < 0.001).' });
    const unclear = report({
      baseline: 'control',
      variants: [variant('control', 20, 0, null, null), variant('b', 20, 1, [-0.045, 0.145], 0.31, null)],
      sampleSize: { minimumDetectableEffect: 0.1, perVariant: null, remaining: null },
    });
    expect(verdictOf(unclear)).toEqual({ tone: 'wait', text: 'Keep running: the users needed cannot be estimated while Control converts 0.0%.' });
  });
});
