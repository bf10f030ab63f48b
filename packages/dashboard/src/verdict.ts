/** The experiment report of CONTRACT §5 (and its `baseline` and `sampleSize` extensions). */
export interface ExperimentReport {
  experiment_id: string;
  goal: { event: string; withinDays: number | null };
  baseline: string;
  variants: Array<{ variation_id: string; users: number; conversions: number; rate: number; lift: number | null; ci95: [number, number] | null; pValue: number | null; chanceToBeatControl: number | null }>;
  srm: { pValue: number | null; ok: boolean };
  sampleSize: { minimumDetectableEffect: number; perVariant: number | null; remaining: number | null };
}

export interface Verdict {
  tone: 'win' | 'loss' | 'wait' | 'none' | 'warn';
  text: string;
}

const ALPHA = 0.05;

/**
 * A plain-language reading of an experiment report: a broken split first (its numbers
 * cannot be trusted), then a variant whose whole 95% interval is above the baseline (it
 * wins), one below it (it loses), then "keep running" while the planned sample is not
 * reached, and "no difference" once it is.
 */
export function verdictOf(r: ExperimentReport): Verdict {
  if (!r.srm.ok) return { tone: 'warn', text: `Check the setup: users are not split as planned (sample-ratio mismatch, ${pText(r.srm.pValue)}). Do not trust these numbers yet.` };
  const others = r.variants.filter((v) => v.variation_id !== r.baseline && v.ci95);
  const winners = others.filter((v) => (v.pValue ?? 1) < ALPHA && v.ci95![0] > 0).sort((a, b) => b.rate - a.rate);
  if (winners[0]) return { tone: 'win', text: `${label(winners[0].variation_id)} wins: ${pct(winners[0].lift ?? 0, true)} over ${label(r.baseline)} (${pText(winners[0].pValue)}).` };
  const losers = others.filter((v) => (v.pValue ?? 1) < ALPHA && v.ci95![1] < 0);
  if (losers.length && losers.length === others.length) return { tone: 'loss', text: `${label(r.baseline)} wins: ${losers.map((v) => label(v.variation_id)).join(', ')} converts less.` };
  const remaining = r.sampleSize.remaining;
  if (remaining === null || remaining > 0) {
    return { tone: 'wait', text: remaining === null ? 'Keep running: no conversions yet to size the test.' : `Keep running: ${remaining.toLocaleString('en-US')} more users per variant needed.` };
  }
  return { tone: 'none', text: `No difference: with ${Math.min(...r.variants.map((v) => v.users)).toLocaleString('en-US')}+ users per variant, no variant beats ${label(r.baseline)} by the ${pct(r.sampleSize.minimumDetectableEffect)} the test was sized for.` };
}

export const label = (id: string) => (id === 'control' ? 'Control' : `Variant ${id.toUpperCase()}`);
export const pct = (x: number, signed = false) => `${signed && x > 0 ? '+' : ''}${(x * 100).toFixed(Math.abs(x) < 0.1 ? 1 : 0)}%`;
export const fmtP = (p: number | null) => (p === null ? '–' : p < 0.001 ? '< 0.001' : p.toFixed(3));
export const pText = (p: number | null) => (p !== null && p < 0.001 ? 'p < 0.001' : `p = ${fmtP(p)}`);
