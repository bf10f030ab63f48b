/**
 * Target health: which flow steps are broken (their target no longer appears on the page,
 * typically after a release changed the app), since when, where, and when that is news worth
 * an alert. Pure: the counts come from the store (`stepHealth`), the clock from the caller.
 */
import { targetSelectors, type ContentDocument, type StepHealth } from '@touchpoint/content';
import type { StepDay, TargetMissPage } from './store/store.js';

const DAY = 86_400_000;

/**
 * When a step's target counts as broken, and when that is a jump worth an alert: on one UTC
 * day at least {@link BROKEN_RULE.minMisses} misses and a missing rate of at least
 * {@link BROKEN_RULE.rate}, against a rate under {@link BROKEN_RULE.baselineRate} over the
 * {@link BROKEN_RULE.baselineDays} days before (no views then counts as 0: a step broken from
 * its first day alerts too). The missing rate is misses / (views + misses): a step whose target
 * is missing is not viewed.
 */
export const BROKEN_RULE = { minMisses: 5, rate: 0.5, baselineDays: 7, baselineRate: 0.1 } as const;

/** Views and misses of a step over some days. */
export interface StepCounts {
  viewed: number;
  missing: number;
}

/** misses / (views + misses), 0 without either. */
export function missingRate({ viewed, missing }: StepCounts): number {
  return viewed + missing ? missing / (viewed + missing) : 0;
}

/** Whether a step's counts of one day say its target is broken (enough misses, a high enough rate). */
export function brokenOn(day: StepCounts): boolean {
  return day.missing >= BROKEN_RULE.minMisses && missingRate(day) >= BROKEN_RULE.rate;
}

/** Whether today's counts are a jump worth an alert: broken today, and healthy over the days before. */
export function targetJumped(today: StepCounts, before: StepCounts): boolean {
  return brokenOn(today) && missingRate(before) < BROKEN_RULE.baselineRate;
}

export type { StepHealth } from '@touchpoint/content';

const iso = (ms: number) => new Date(ms).toISOString();
const keyOf = (flowId: string, stepId: string) => `${flowId}\u0000${stepId}`;

/**
 * The steps of the published content whose target went missing in the range, broken ones
 * first (then most misses). Steps no longer in the content are left out: their selector,
 * the thing to fix, is gone with them.
 */
export function stepHealthReport(doc: ContentDocument, counts: { days: readonly StepDay[]; pages: readonly TargetMissPage[] }): StepHealth[] {
  const days = group(counts.days);
  const pages = group(counts.pages);
  const rows: StepHealth[] = [];
  for (const flow of doc.flows ?? []) {
    flow.steps.forEach((step, index) => {
      const key = keyOf(flow.id, step.id);
      const stepDays = (days.get(key) ?? []).sort((a, b) => a.day - b.day);
      const stepPages = pages.get(key) ?? [];
      const total = stepDays.reduce((t, d) => ({ viewed: t.viewed + d.viewed, missing: t.missing + d.missing }), { viewed: 0, missing: 0 });
      if (!total.missing) return;
      // The run of broken days up to the last day the step was seen.
      let first: number | undefined;
      for (let i = stepDays.length - 1; i >= 0 && brokenOn(stepDays[i]!); i--) first = stepDays[i]!.day;
      const firstMiss = (day: number) => Math.min(...stepPages.filter((p) => p.day === day).map((p) => p.firstAt));
      const byUrl = new Map<string, { missing: number; first: number; last: number }>();
      for (const p of stepPages) {
        const u = byUrl.get(p.url) ?? { missing: 0, first: Infinity, last: -Infinity };
        byUrl.set(p.url, { missing: u.missing + p.count, first: Math.min(u.first, p.firstAt), last: Math.max(u.last, p.lastAt) });
      }
      rows.push({
        flow_id: flow.id,
        ...(flow.name && { flow_name: flow.name }),
        step_id: step.id,
        step_index: index,
        selectors: targetSelectors(step),
        ...total,
        rate: Math.round(missingRate(total) * 1e4) / 1e4,
        broken: first !== undefined,
        since: first === undefined ? null : iso(Number.isFinite(firstMiss(first)) ? firstMiss(first) : first * DAY),
        lastMissing: stepPages.length ? iso(Math.max(...stepPages.map((p) => p.lastAt))) : null,
        pages: [...byUrl]
          .sort(([, a], [, b]) => b.missing - a.missing)
          .slice(0, 10)
          .map(([url, u]) => ({ url, missing: u.missing, firstMissing: iso(u.first), lastMissing: iso(u.last) })),
      });
    });
  }
  return rows.sort((a, b) => Number(b.broken) - Number(a.broken) || b.missing - a.missing);
}

function group<T extends { flowId: string; stepId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const key = keyOf(r.flowId, r.stepId);
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  return out;
}
