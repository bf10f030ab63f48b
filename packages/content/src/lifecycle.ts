/**
 * What each lifecycle event means for the content it is about: which kind of content, which
 * properties name it, and what it counts as. This table is the one place that says so: the
 * SDK's facts (repeat rules, the throttle, checklists, on every device), the collector's
 * profile, its rollups and its reports all read it.
 */
import { EVENTS } from './events.js';

/**
 * What a lifecycle event counts as. `shown`, `completed` and `dismissed` are the content's
 * history (the profile keeps them per content id; repeat rules and the throttle read them);
 * `viewed` and `missing` are about one step of a flow (the flow report counts them per step).
 */
export type LifecycleMeaning = 'shown' | 'completed' | 'dismissed' | 'viewed' | 'missing';

/** One row of {@link LIFECYCLE}. */
export interface LifecycleRow {
  /** The event's name (CONTRACT §4). */
  event: string;
  /** The kind of content it is about. */
  kind: 'flow' | 'message' | 'survey' | 'checklist';
  /**
   * The properties that name the content, as strings joined with "/": a checklist item is
   * `checklist_id/item_id` ("getting-started/first"), as the profile keys it.
   */
  id: readonly string[];
  means: LifecycleMeaning;
  /** The event means nothing when this property has this value. */
  unless?: readonly [property: string, value: string];
}

/** Every lifecycle event, with what it means. */
export const LIFECYCLE: readonly LifecycleRow[] = [
  { event: EVENTS.flowStarted, kind: 'flow', id: ['flow_id'], means: 'shown' },
  { event: EVENTS.flowCompleted, kind: 'flow', id: ['flow_id'], means: 'completed' },
  // A flow that ended because its remaining targets never appeared was not dismissed by the
  // user: it may show again (until-completed), and the flow report counts it as `missing`.
  { event: EVENTS.flowDismissed, kind: 'flow', id: ['flow_id'], means: 'dismissed', unless: ['reason', 'target_missing'] },
  { event: EVENTS.flowStepViewed, kind: 'flow', id: ['flow_id'], means: 'viewed' },
  { event: EVENTS.flowTargetMissing, kind: 'flow', id: ['flow_id'], means: 'missing' },
  { event: EVENTS.messageShown, kind: 'message', id: ['message_id'], means: 'shown' },
  // The call to action (or "Got it" on a hint) completes a message.
  { event: EVENTS.messageClicked, kind: 'message', id: ['message_id'], means: 'completed' },
  { event: EVENTS.messageDismissed, kind: 'message', id: ['message_id'], means: 'dismissed' },
  { event: EVENTS.surveyShown, kind: 'survey', id: ['survey_id'], means: 'shown' },
  { event: EVENTS.surveyAnswered, kind: 'survey', id: ['survey_id'], means: 'completed' },
  { event: EVENTS.surveyDismissed, kind: 'survey', id: ['survey_id'], means: 'dismissed' },
  { event: EVENTS.checklistItemCompleted, kind: 'checklist', id: ['checklist_id', 'item_id'], means: 'completed' },
  { event: EVENTS.checklistDismissed, kind: 'checklist', id: ['checklist_id'], means: 'dismissed' },
];

/** The meanings that make up a content's history (the profile's `content`). */
export const HISTORY: readonly LifecycleMeaning[] = ['shown', 'completed', 'dismissed'];

/**
 * What an event with these properties means, and the id of the content it is about; undefined
 * when it is no lifecycle event, its id properties are not all strings, or its `unless` holds.
 */
export function lifecycleOf(event: string, properties: Readonly<Record<string, unknown>>): (LifecycleRow & { contentId: string }) | undefined {
  for (const row of LIFECYCLE) {
    if (row.event !== event || (row.unless && properties[row.unless[0]] === row.unless[1])) continue;
    const parts = row.id.map((p) => properties[p]);
    if (parts.every((p) => typeof p === 'string')) return { ...row, contentId: parts.join('/') };
  }
  return undefined;
}
