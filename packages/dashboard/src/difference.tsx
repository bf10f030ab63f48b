import { h } from 'preact';

/**
 * How the difference between two groups is shown, alike on the experiments and journeys pages:
 * its 95% interval as a bar around zero, its p-value in figures and in words. A chunk those two
 * pages share: the other pages do not carry it.
 */

/** A 95% interval of the difference (a variant against the baseline, acting against the holdout), around zero. */
export function IntervalBar({ lo, hi, scale, label }: { lo: number; hi: number; scale: number; label: string }) {
  const x = (v: number) => 50 + (v / scale) * 48;
  const tone = lo > 0 ? 'win' : hi < 0 ? 'loss' : 'none';
  return (
    <svg class={`interval ${tone}`} viewBox="0 0 100 12" role="img" aria-label={label}>
      <line class="zero" x1="50" x2="50" y1="0" y2="12" />
      <rect x={x(lo)} y="3" width={Math.max(0.5, x(hi) - x(lo))} height="6" rx="2" />
    </svg>
  );
}

/** A p-value as the tables write it: 0.012, < 0.001, – without one. */
export const fmtP = (p: number | null) => (p === null ? '–' : p < 0.001 ? '< 0.001' : p.toFixed(3));
/** A p-value in a sentence: p = 0.012, p < 0.001. */
export const pText = (p: number | null) => (p !== null && p < 0.001 ? 'p < 0.001' : `p = ${fmtP(p)}`);
