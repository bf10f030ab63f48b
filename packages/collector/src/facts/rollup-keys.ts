/**
 * The keys under which facts are recorded and reports read them back. Every store keeps the
 * same keys, so the reports (routes/reports.ts, health.ts) ask any store the same questions.
 */
import type { FeatureUse, LifecycleMeaning } from '@touchpoint/content';

/**
 * The kinds of distinct-user rollup: `active` (any activity, key ""), `event` (by event
 * name), `feature` (by feature id), `flow` (a flow's lifecycle, see {@link flowKey}),
 * `content` (a content item's history events: shown, completed, dismissed; see {@link contentKey}).
 */
export type RollupKind = 'active' | 'event' | 'feature' | 'flow' | 'content';

/** The rollup key of a lifecycle event of the content's history (`Message Shown` of `news`…): the overview's reach. */
export function contentKey(event: string, contentId: string): string {
  return `${event}\u0000${contentId}`;
}

/**
 * The rollup key of a flow's lifecycle: `started`, `completed`, `dismissed`, a step's view
 * (by index and id), or a step whose target never appeared (by id: `Flow Target Missing`
 * names the step by id only).
 */
export function flowKey(flowId: string, what: 'started' | 'completed' | 'dismissed' | { stepIndex: number; stepId: string } | { missing: string }): string {
  if (typeof what === 'string') return `${flowId}\u0000${what}`;
  return 'missing' in what ? `${flowId}\u0000missing\u0000${what.missing}` : `${flowId}\u0000step\u0000${what.stepIndex}\u0000${what.stepId}`;
}

/** The rollup key of a flow lifecycle event of meaning `means` (see LIFECYCLE), or undefined when its properties lack the step. */
export function flowRollupKey(flowId: string, means: LifecycleMeaning, p: Readonly<Record<string, unknown>>): string | undefined {
  if (means === 'missing') return typeof p.step_id === 'string' ? flowKey(flowId, { missing: p.step_id }) : undefined;
  if (means === 'viewed')
    return typeof p.step_id === 'string' && Number.isInteger(p.step_index)
      ? flowKey(flowId, { stepIndex: p.step_index as number, stepId: p.step_id })
      : undefined;
  return flowKey(flowId, means === 'shown' ? 'started' : means);
}

/**
 * Where a store counts one of `featureUses`: `Feature Used` by its feature id (the
 * `feature` rollup, which also holds retroactive click features), any other event by name.
 * The per-account daily counts use the same pair as `kind:key` ({@link accountCountKey}).
 */
export function featureUseKey(use: FeatureUse): { kind: 'event' | 'feature'; key: string } {
  return use.featureId === undefined ? { kind: 'event', key: use.event } : { kind: 'feature', key: use.featureId };
}

/** The key of a per-account daily count: `event:NAME` or `feature:ID` (health signals read them). */
export function accountCountKey(kind: 'event' | 'feature', key: string): string {
  return `${kind}:${key}`;
}
