/**
 * The statistics of experiment reports. Pure functions, each with the formula it uses;
 * checked in stats.test.ts against values worked out independently.
 */

/** Φ(z), the standard normal CDF (W. J. Cody's rational erfc approximation via erf; |error| < 1.2e-7). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes' erfc (Chebyshev fit), fractional error below 1.2e-7 everywhere.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: about 15 significant digits). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/**
 * Two-proportion z-test (pooled standard error), two-sided p-value:
 * z = (p2 − p1) / √(p̂(1−p̂)(1/n1 + 1/n2)), p = 2(1 − Φ(|z|)). NaN without data.
 */
export function twoProportionPValue(x1: number, n1: number, x2: number, n2: number): number {
  if (!n1 || !n2) return NaN;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return 1;
  const z = (x2 / n2 - x1 / n1) / se;
  return 2 * (1 - normalCdf(Math.abs(z)));
}

/** 95% confidence interval of p2 − p1 (unpooled Wald): (p2 − p1) ± 1.959964 · √(p1(1−p1)/n1 + p2(1−p2)/n2). */
export function differenceCi95(x1: number, n1: number, x2: number, n2: number): [number, number] {
  if (!n1 || !n2) return [NaN, NaN];
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const half = 1.959963985 * Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  return [p2 - p1 - half, p2 - p1 + half];
}

/**
 * P(p2 > p1) with uniform priors, so p ~ Beta(1 + x, 1 + n − x) (Evan Miller's closed form):
 * Σ_{i=0}^{α2−1} B(α1 + i, β1 + β2) / ((β2 + i) B(1 + i, β2) B(α1, β1)).
 */
export function chanceToBeat(x1: number, n1: number, x2: number, n2: number): number {
  // The exact sum costs one term per conversion; past 10,000 the posteriors are so close to
  // normal that Φ((μ2 − μ1)/√(σ1² + σ2²)) agrees to well under 0.001 (tested).
  if (x2 > 10_000) return chanceToBeatApprox(x1, n1, x2, n2);
  const a1 = x1 + 1;
  const b1 = n1 - x1 + 1;
  const a2 = x2 + 1;
  const b2 = n2 - x2 + 1;
  let total = 0;
  for (let i = 0; i < a2; i++) total += Math.exp(logBeta(a1 + i, b1 + b2) - Math.log(b2 + i) - logBeta(1 + i, b2) - logBeta(a1, b1));
  return Math.min(1, Math.max(0, total));
}

/** The normal approximation of {@link chanceToBeat}, from each Beta posterior's mean and variance. */
export function chanceToBeatApprox(x1: number, n1: number, x2: number, n2: number): number {
  const moments = (x: number, n: number) => {
    const a = x + 1;
    const b = n - x + 1;
    return [a / (a + b), (a * b) / ((a + b) ** 2 * (a + b + 1))] as const;
  };
  const [m1, v1] = moments(x1, n1);
  const [m2, v2] = moments(x2, n2);
  return normalCdf((m2 - m1) / Math.sqrt(v1 + v2));
}

/** Q(s, x) = Γ(s, x)/Γ(s), the upper regularized incomplete gamma (series or continued fraction). */
function gammaQ(s: number, x: number): number {
  if (x <= 0) return 1;
  const lg = logGamma(s);
  if (x < s + 1) {
    let sum = 1 / s;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (s + n);
      sum += term;
      if (term < sum * 1e-15) break;
    }
    return 1 - sum * Math.exp(-x + s * Math.log(x) - lg);
  }
  let b = x + 1 - s;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(-x + s * Math.log(x) - lg) * h;
}

/**
 * Sample-ratio mismatch: Pearson's chi-square of the observed group sizes against the
 * configured shares, p = Q((k − 1)/2, χ²/2). A p-value below 0.001 means the assignment or
 * the tracking is broken, and the results should not be trusted.
 */
export function sampleRatioPValue(observed: readonly number[], shares: readonly number[]): number {
  const n = observed.reduce((a, b) => a + b, 0);
  const total = shares.reduce((a, b) => a + b, 0);
  if (!n || observed.length < 2 || !total) return NaN;
  let chi = 0;
  observed.forEach((o, i) => {
    const expected = (n * shares[i]!) / total;
    if (expected > 0) chi += (o - expected) ** 2 / expected;
  });
  return gammaQ((observed.length - 1) / 2, chi / 2);
}

/**
 * Users needed per group to detect a relative lift of `mde` over `baseline` with a two-sided
 * 5% test at 80% power: n = (z₀.₉₇₅ √(2 p̄ q̄) + z₀.₈ √(p1 q1 + p2 q2))² / (p2 − p1)², p2 = p1(1 + mde).
 */
export function sampleSizePerGroup(baseline: number, mde: number): number {
  const p1 = baseline;
  const p2 = Math.min(1, baseline * (1 + mde));
  if (!(p1 > 0) || p2 === p1) return NaN;
  const bar = (p1 + p2) / 2;
  const num = 1.959963985 * Math.sqrt(2 * bar * (1 - bar)) + 0.841621234 * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil(num ** 2 / (p2 - p1) ** 2);
}
