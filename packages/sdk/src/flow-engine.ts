import { EVENTS, matchUrlGlob, type Flow, type Step, type Trigger } from '@touchpoint/content';

/** What happened on the page, as flows' triggers and steps' `advance` see it. */
export type Happening =
  | { kind: 'page'; url: string }
  | { kind: 'event'; name: string; url: string; properties?: Record<string, unknown> }
  | { kind: 'click'; url: string; matches: (selector: string) => boolean }
  | { kind: 'delay'; url: string };

/** A flow's history in this browser, for `repeat`. Times are ms since the epoch. */
export interface FlowRecord {
  lastStarted: number;
  completed?: number;
  dismissed?: number;
  /** The server's time of the journey entry it was last shown for (journeys' `show`): compared with entries' times only, never with this device's clock. */
  entered?: number;
}

/** The flow state persisted between pages: the running flow and what was shown before. */
export interface FlowProgress {
  /** The running flow, its step, and the experiment variant whose copy it shows. */
  active?: { flowId: string; stepIndex: number; variant?: string };
  seen: Record<string, FlowRecord>;
}

export interface FlowEvent {
  name: string;
  properties: Record<string, unknown>;
}

export interface Transition {
  progress: FlowProgress;
  events: FlowEvent[];
}

const DAY = 86_400_000;

/**
 * Why `flow`'s repeat rule keeps it from starting now by its trigger, or null when it does
 * not. (What else shows is the slots' business: see `blockers` in flows.ts.) `startFlow()` skips these checks.
 */
export function blockedReason(flow: Pick<Flow, 'id' | 'repeat'>, progress: FlowProgress, now: number): string | null {
  const record = progress.seen[flow.id];
  const repeat = flow.repeat ?? 'once';
  if (!record || repeat === 'always') return null;
  if (repeat === 'once') return 'repeat "once": already shown';
  // Dismissed stays dismissed, unless the PM asked for it to come back (always, every N days).
  if (record.dismissed && typeof repeat === 'string') return 'dismissed by the user';
  if (repeat === 'until-completed') return record.completed ? 'repeat "until-completed": already completed' : null;
  const days = (now - record.lastStarted) / DAY;
  return days < repeat.everyDays ? `repeat every ${repeat.everyDays} days: shown ${Math.floor(days)} day(s) ago` : null;
}

/** Whether a trigger fires on this happening. `manual` never does. */
export function triggerFires(trigger: Trigger | undefined, happening: Happening): boolean {
  if (!trigger || trigger.on === 'manual') return false;
  if ('url' in trigger && trigger.url !== undefined && !matchUrlGlob(trigger.url, happening.url)) return false;
  switch (trigger.on) {
    case 'page':
      return happening.kind === 'page';
    case 'event':
      return happening.kind === 'event' && happening.name === trigger.event;
    case 'click':
      return happening.kind === 'click' && happening.matches(trigger.selector);
    case 'delay':
      // Delays are timed per flow by the controller; only its own timer's happening counts.
      return happening.kind === 'delay';
  }
}

/** The items (flows, messages) this happening triggers, highest `priority` first, then in document order. */
export function triggeredBy<T extends Pick<Flow, 'trigger' | 'priority'>>(items: readonly T[], happening: Happening): T[] {
  return items.filter((item) => triggerFires(item.trigger, happening)).sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
}

/** Whether the current step's `advance` is met by this happening (the button is the UI's business). */
export function stepAdvances(step: Step, happening: Happening): boolean {
  const advance = step.advance;
  if (!advance || advance === 'button') return false;
  if ('event' in advance) return happening.kind === 'event' && happening.name === advance.event;
  if ('url' in advance) return happening.kind === 'page' && matchUrlGlob(advance.url, happening.url);
  return false;
}

/** Starts `flow` at its first step. */
export function begin(progress: FlowProgress, flow: Flow, now: number, variationId?: string): Transition {
  return {
    progress: {
      active: { flowId: flow.id, stepIndex: 0, ...(variationId && { variant: variationId }) },
      seen: { ...progress.seen, [flow.id]: { ...progress.seen[flow.id], lastStarted: now } },
    },
    events: [{ name: EVENTS.flowStarted, properties: { flow_id: flow.id, ...(variationId && { variation_id: variationId }) } }],
  };
}

/** Moves to step `index`; past the last step, the flow is completed. */
export function goTo(progress: FlowProgress, flow: Flow, index: number, now: number): Transition {
  if (!progress.active) return { progress, events: [] };
  if (index < flow.steps.length)
    return { progress: { ...progress, active: { ...progress.active, flowId: flow.id, stepIndex: Math.max(0, index) } }, events: [] };
  const record = progress.seen[flow.id] ?? { lastStarted: now };
  return {
    progress: { active: undefined, seen: { ...progress.seen, [flow.id]: { ...record, completed: now } } },
    events: [{ name: EVENTS.flowCompleted, properties: { flow_id: flow.id } }],
  };
}

/**
 * The user closed the flow; or, with `reason: "target_missing"`, the rest of it could not be
 * shown. Only the user's own dismissal is recorded as such: repeat rules keep "dismissed
 * stays dismissed" for what the user chose, and a flow that broke may show again.
 */
export function dismiss(progress: FlowProgress, flow: Flow, now = Date.now(), reason?: 'target_missing'): Transition {
  const index = progress.active?.stepIndex ?? 0;
  const record = progress.seen[flow.id] ?? { lastStarted: now };
  return {
    progress: { active: undefined, seen: { ...progress.seen, [flow.id]: reason ? record : { ...record, dismissed: now } } },
    events: [{ name: EVENTS.flowDismissed, properties: { flow_id: flow.id, step_id: flow.steps[index]?.id, step_index: index, ...(reason && { reason }) } }],
  };
}

/**
 * The current step's target never appeared on `url`: `Flow Target Missing`, then the next
 * step (`onMissing: "skip"`, the default). When no step can follow (the last step, or
 * `onMissing: "end"`), the flow ends as `Flow Dismissed` with `reason: "target_missing"`:
 * `Flow Completed` only ever means the user finished the last step.
 */
export function targetMissing(progress: FlowProgress, flow: Flow, now: number, url: string): Transition {
  const index = progress.active?.stepIndex ?? 0;
  const step = flow.steps[index];
  const missing: FlowEvent = { name: EVENTS.flowTargetMissing, properties: { flow_id: flow.id, step_id: step?.id, url } };
  const next =
    step?.onMissing !== 'end' && index + 1 < flow.steps.length ? goTo(progress, flow, index + 1, now) : dismiss(progress, flow, now, 'target_missing');
  return { progress: next.progress, events: [missing, ...next.events] };
}

/** Reads progress back from storage, trusting nothing. */
export function readProgress(saved: unknown): FlowProgress {
  const p = saved as Partial<FlowProgress> | undefined;
  const seen = p && typeof p.seen === 'object' && p.seen !== null ? p.seen : {};
  const a = p?.active;
  const active = a && typeof a.flowId === 'string' && Number.isInteger(a.stepIndex) && a.stepIndex >= 0 ? a : undefined;
  return { active, seen };
}
