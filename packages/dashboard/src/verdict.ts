import { pText } from './difference.js';
import { fmt, num, pct, t } from './i18n/locale.js';

/** The experiment report of CONTRACT §5 (and its `baseline` and `sampleSize` extensions). */
export interface ExperimentReport {
  experiment_id: string;
  goal: { event: string; withinDays: number | null };
  baseline: string;
  variants: Array<{
    variation_id: string;
    users: number;
    conversions: number;
    rate: number;
    lift: number | null;
    /** Null for the baseline; `[null, null]` when either side has no users. */
    ci95: [number | null, number | null] | null;
    pValue: number | null;
    chanceToBeatControl: number | null;
  }>;
  srm: { pValue: number | null; ok: boolean };
  sampleSize: { minimumDetectableEffect: number; perVariant: number | null; remaining: number | null };
}

/**
 * One row of the experiment table, and what the verdict reads: a figure is null when there
 * is not enough data for it (the page says so), never a made-up 0.
 */
export interface VariantRow {
  id: string;
  label: string;
  baseline: boolean;
  users: number;
  conversions: number;
  /** Null without users. */
  rate: number | null;
  /** Against the baseline; null for the baseline itself and when the baseline converts nobody. */
  lift: number | null;
  /**
   * The 95% interval of the difference with the baseline; null for the baseline, without data
   * on either side, and where it has zero width: when each side converted all or none of its
   * users the (Wald) interval collapses to a point, which is no certainty but no estimate.
   */
  ci95: [number, number] | null;
  pValue: number | null;
  chance: number | null;
}

export interface Verdict {
  tone: 'win' | 'loss' | 'wait' | 'none' | 'warn';
  text: string;
}

const ALPHA = 0.05;
/** The bar for calling a result before its planned sample (see verdictOf). */
const EARLY_ALPHA = 0.001;

/** The table's rows: the report's figures, with every missing one as null. */
export function experimentRows(r: ExperimentReport): VariantRow[] {
  return r.variants.map((v) => {
    const baseline = v.variation_id === r.baseline;
    const [lo, hi] = v.ci95 ?? [null, null];
    return {
      id: v.variation_id,
      label: label(v.variation_id),
      baseline,
      users: v.users,
      conversions: v.conversions,
      rate: v.users ? v.rate : null,
      lift: baseline ? null : v.lift,
      ci95: !baseline && lo !== null && hi !== null && lo !== hi ? [lo, hi] : null,
      pValue: baseline ? null : v.pValue,
      chance: baseline ? null : v.chanceToBeatControl,
    };
  });
}

/**
 * A plain-language reading of an experiment report, from the same rows the table shows, in
 * this order: nobody exposed yet; a broken split (its numbers cannot be trusted); a single
 * group (nothing to compare); a baseline or every variant without users (not enough data);
 * no conversions anywhere; then a variant whose whole 95% interval is above the baseline (it
 * wins; "ahead so far" while the planned sample is not reached), every variant below it (the
 * baseline wins, or is ahead), a variant without an interval (not enough data), "keep running"
 * while the planned sample is not reached, and "no difference" once it is.
 */
export function verdictOf(r: ExperimentReport): Verdict {
  const rows = experimentRows(r);
  const base = rows.find((x) => x.baseline) ?? rows[0];
  const others = rows.filter((x) => x !== base);
  if (!base || !rows.some((x) => x.users)) return { tone: 'wait', text: t.vNobody };
  if (!r.srm.ok) return { tone: 'warn', text: fmt(t.vSrm, { p: pText(r.srm.pValue) }) };
  if (!others.length) return { tone: 'none', text: fmt(t.vAlone, { base: base.label }) };
  if (!base.users) return { tone: 'wait', text: fmt(t.vBaseEmpty, { base: base.label }) };
  const compared = others.filter((x) => x.users);
  if (!compared.length)
    return { tone: 'wait', text: fmt(others.length > 1 ? t.vOthersEmpty : t.vOtherEmpty, { others: others.map((x) => x.label).join(', ') }) };
  if (!rows.some((x) => x.conversions)) return { tone: 'wait', text: fmt(t.vNoConversions, { goal: r.goal.event }) };

  const significant = (x: VariantRow) => x.ci95 !== null && x.pValue !== null && x.pValue < ALPHA;
  // A lead found before the planned sample is reached is named as a lead, not a win: looked
  // at early and often, a chance difference passes p < 0.05 far more often than 5% of the time.
  // Only a lead under p < 0.001 is called early (the Haybittle–Peto rule: so strict a bar
  // keeps the error of repeated looks near the planned 5%).
  const remaining = r.sampleSize.remaining;
  const early = (x: VariantRow) => remaining !== null && remaining > 0 && !(x.pValue! < EARLY_ALPHA);
  const winner = compared.filter((x) => significant(x) && x.ci95![0] > 0).sort((a, b) => b.rate! - a.rate!)[0];
  if (winner) {
    const by =
      winner.lift !== null
        ? fmt(t.vWinsBy, { lift: pct(winner.lift, true), base: base.label })
        : fmt(t.vWinsRates, { rate: pct(winner.rate!), baseRate: pct(base.rate!), base: base.label });
    const said = { winner: winner.label, by, p: pText(winner.pValue), n: num(remaining ?? 0) };
    return early(winner) ? { tone: 'wait', text: fmt(t.vAhead, said) } : { tone: 'win', text: fmt(t.vWins, said) };
  }
  const losers = compared.filter((x) => significant(x) && x.ci95![1] < 0);
  if (losers.length === others.length) {
    const said = { base: base.label, losers: losers.map((x) => x.label).join(', '), n: num(remaining ?? 0) };
    return losers.some(early) ? { tone: 'wait', text: fmt(t.vBaseAhead, said) } : { tone: 'loss', text: fmt(t.vBaseWins, said) };
  }
  const unsized = compared.filter((x) => !x.ci95);
  if (unsized.length)
    return {
      tone: 'wait',
      text: fmt(t.vNoInterval, { groups: [base, ...unsized].map((x) => x.label).join(t.and) }),
    };
  if (remaining === null) return { tone: 'wait', text: fmt(t.vUnsized, { base: base.label, rate: pct(base.rate!) }) };
  if (remaining > 0) return { tone: 'wait', text: fmt(t.vMore, { n: num(remaining) }) };
  return {
    tone: 'none',
    text: fmt(t.vNoDifference, { n: num(Math.min(...rows.map((x) => x.users))), base: base.label, mde: pct(r.sampleSize.minimumDetectableEffect) }),
  };
}

export const label = (id: string) => (id === 'control' ? t.control : fmt(t.variantX, { id: id.toUpperCase() }));
