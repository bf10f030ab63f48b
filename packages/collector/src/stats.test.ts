import { describe, expect, it } from 'vitest';
import { chanceToBeat, chanceToBeatApprox, differenceCi95, logGamma, normalCdf, sampleRatioPValue, sampleSizePerGroup, twoProportionPValue } from './stats.js';

/*
 * The worked example: control 200 conversions of 1,000 users (20%), variant 250 of 1,000 (25%).
 * - pooled p̂ = 450/2000 = 0.225; SE = √(0.225·0.775·(2/1000)) = 0.018675; z = 0.05/0.018675 = 2.6774
 *   → two-sided p = 2(1 − Φ(2.6774)) = 0.00742
 * - 95% CI of the difference (unpooled): 0.05 ± 1.96·√(0.2·0.8/1000 + 0.25·0.75/1000) = [0.013464, 0.086536]
 * - chance to beat control, Beta(251, 751) > Beta(201, 801): 0.996283
 *   (a 400,000-draw Monte Carlo with Python's random.betavariate gives 0.99616)
 * Values computed independently with Python's math.erfc and math.lgamma.
 */
describe('experiment statistics', () => {
  it('two-proportion z-test p-value', () => {
    expect(twoProportionPValue(200, 1000, 250, 1000)).toBeCloseTo(0.00742, 5);
    expect(twoProportionPValue(200, 1000, 200, 1000)).toBeCloseTo(1, 6);
    expect(twoProportionPValue(0, 0, 1, 1)).toBeNaN();
  });

  it('95% confidence interval of the difference', () => {
    const [lo, hi] = differenceCi95(200, 1000, 250, 1000);
    expect(lo).toBeCloseTo(0.013464, 5);
    expect(hi).toBeCloseTo(0.086536, 5);
  });

  it('chance to beat control (Beta-binomial posterior)', () => {
    expect(chanceToBeat(200, 1000, 250, 1000)).toBeCloseTo(0.996283, 5);
    expect(chanceToBeat(3, 10, 7, 10)).toBeCloseTo(0.956946, 5); // Monte Carlo: 0.95685
    expect(chanceToBeat(50, 100, 50, 100)).toBeCloseTo(0.5, 5);
  });

  it('switches to the normal approximation for large counts, where it agrees with the exact sum', () => {
    // 9,000 vs 9,150 conversions of 45,000: the exact sum still runs here; the two agree.
    expect(Math.abs(chanceToBeatApprox(9000, 45000, 9150, 45000) - chanceToBeat(9000, 45000, 9150, 45000))).toBeLessThan(0.001);
    expect(chanceToBeat(90_000, 150_000, 91_000, 150_000)).toBeCloseTo(chanceToBeatApprox(90_000, 150_000, 91_000, 150_000), 10);
  });

  it('sample-ratio mismatch: chi-square against the configured shares', () => {
    // 5050 / 4950 for 50/50: χ² = 1, df 1 → p = erfc(√0.5) = 0.317311
    expect(sampleRatioPValue([5050, 4950], [50, 50])).toBeCloseTo(0.317311, 5);
    // 5300 / 4700: χ² = 36 → p = 1.97e-9: a broken split
    expect(sampleRatioPValue([5300, 4700], [50, 50])).toBeLessThan(1e-8);
    // control 10%, variants 45/45: 1000 / 4600 / 4400 → χ² = 4.4444, df 2 → p = e^(−χ²/2) = 0.108368
    expect(sampleRatioPValue([1000, 4600, 4400], [10, 45, 45])).toBeCloseTo(0.108368, 5);
  });

  it('sample size for 80% power at the minimum detectable effect', () => {
    // 20% baseline, +10% relative (to 22%): 6,510 per group; 5% baseline: 31,234
    expect(sampleSizePerGroup(0.2, 0.1)).toBe(6510);
    expect(sampleSizePerGroup(0.05, 0.1)).toBe(31234);
    expect(sampleSizePerGroup(0, 0.1)).toBeNaN();
  });

  it('its building blocks', () => {
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });
});
