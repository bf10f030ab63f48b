import { EVENTS, targetSelectors } from '@touchpoint/content';
import { createHash } from 'node:crypto';
import type { ContentCache } from './content-cache.js';
import { factsOf } from './facts/event-facts.js';
import type { EventRow, HealthStore, Project, ReportStore } from './store/store.js';
import { BROKEN_RULE, missingRate, targetJumped, type StepCounts } from './target-health.js';

const DAY = 86_400_000;

export interface TargetAlertsOptions {
  store: Pick<ReportStore, 'stepHealth'> & Pick<HealthStore, 'enqueueAlert'>;
  content: ContentCache;
  now: () => number;
  /** Posts the queued alerts (the health service's delivery: signed, retried, once). */
  deliver: () => Promise<void>;
  log?: (message: string) => void;
}

/**
 * The id of the "target broken" alert of a step, a day and a webhook: the same for every
 * collector that sees the jump, so the outbox keeps one (its primary key), and the receiver
 * gets one Idempotency-Key. Shaped as a UUID, as the health alerts' ids are.
 */
export function targetAlertId(projectId: number, flowId: string, stepId: string, day: number, url: string): string {
  const hex = createHash('sha256')
    .update(JSON.stringify(['target-broken', projectId, flowId, stepId, day, url]))
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * "Target broken" alerts: when ingest stores a missing target, the step's counts of today
 * are compared with the days before (see BROKEN_RULE); on a jump, every alert webhook of
 * the project (`health.alerts[].webhook`) gets one signed alert per step and day, through
 * the health alerts' durable outbox.
 */
export function createTargetAlerts(o: TargetAlertsOptions) {
  /** Looks at the steps whose target these stored rows say went missing. */
  async function check(project: Project, rows: readonly EventRow[]): Promise<void> {
    const steps = new Map<string, { flowId: string; stepId: string }>();
    for (const row of rows) {
      // Most rows are no miss: the facts are read only for those named as one (ingest's hot path).
      if (row.event !== EVENTS.flowTargetMissing) continue;
      const step = factsOf(row)?.step;
      if (step?.missing) steps.set(JSON.stringify([step.flowId, step.stepId]), step);
    }
    if (!steps.size) return;
    const doc = (await o.content.get(project.id)).doc;
    const webhooks = [...new Set((doc?.health?.alerts ?? []).map((a) => a.webhook))];
    if (!webhooks.length) return;
    const at = o.now();
    const today = Math.floor(at / DAY);
    let queued = false;
    for (const flowId of new Set([...steps.values()].map((s) => s.flowId))) {
      const flow = doc?.flows?.find((f) => f.id === flowId);
      if (!flow) continue;
      const { days, pages } = await o.store.stepHealth(project.id, { from: today - BROKEN_RULE.baselineDays, to: today }, flowId);
      for (const { stepId } of [...steps.values()].filter((s) => s.flowId === flowId)) {
        const index = flow.steps.findIndex((s) => s.id === stepId);
        if (index < 0) continue;
        const mine = days.filter((d) => d.stepId === stepId);
        const sum = (list: typeof mine): StepCounts =>
          list.reduce((t, d) => ({ viewed: t.viewed + d.viewed, missing: t.missing + d.missing }), { viewed: 0, missing: 0 });
        const now = sum(mine.filter((d) => d.day === today));
        const before = sum(mine.filter((d) => d.day < today));
        if (!targetJumped(now, before)) continue;
        const step = flow.steps[index]!;
        const body = JSON.stringify({
          type: 'target_broken',
          flow_id: flowId,
          step_id: stepId,
          step_index: index,
          selectors: targetSelectors(step),
          day: new Date(today * DAY).toISOString().slice(0, 10),
          missing: now.missing,
          viewed: now.viewed,
          rate: Math.round(missingRate(now) * 1e4) / 1e4,
          previousRate: Math.round(missingRate(before) * 1e4) / 1e4,
          pages: pages
            .filter((p) => p.stepId === stepId && p.day === today)
            .sort((a, b) => b.count - a.count)
            .slice(0, 10)
            .map((p) => ({ url: p.url, missing: p.count })),
          at: new Date(at).toISOString(),
        });
        for (const url of webhooks)
          await o.store.enqueueAlert({ id: targetAlertId(project.id, flowId, stepId, today, url), projectId: project.id, url, body }, Date.now());
        queued = true;
      }
    }
    if (queued) void o.deliver();
  }

  return {
    check,
    /** After ingest stored rows: checks in the background; a failure is logged, never the request's. */
    afterIngest(project: Project, rows: readonly EventRow[]) {
      void check(project, rows).catch((e: unknown) => o.log?.(`target health of project ${project.id}: ${String(e)}`));
    },
  };
}

export type TargetAlerts = ReturnType<typeof createTargetAlerts>;
