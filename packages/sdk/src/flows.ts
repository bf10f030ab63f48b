import { audienceFailure, EVENTS, inHoldout, matchUrlGlob, segmentsOf, type ContentDocument, type Flow, type Trigger } from '@touchpoint/content';
import type { UIOptions, TouchpointUI } from '@touchpoint/ui';
import { createFacts } from './facts.js';
import { begin, blockedReason, dismiss, goTo, readProgress, stepAdvances, targetMissing, triggerFires, type FlowProgress, type Happening, type Transition } from './flow-engine.js';
import type { Platform } from './platform.js';
import { createPresenter, type Presenter } from './presenter.js';
import type { KeyValueStore } from './storage.js';

/** The lazily loaded UI module (`@touchpoint/ui`, or `/sdk/ui.js` for the script tag). */
export interface UIModule {
  createUI(options: UIOptions): TouchpointUI;
}

/** Who the user is, as the runtime knows them now. */
export interface WhoIsIt {
  userId?: string;
  anonymousId: string;
  traits: Record<string, unknown>;
  groupTraits: Record<string, unknown>;
  /** HMAC of the user id from the vendor's server, for identity verification. */
  userHash?: string;
}

export interface FlowControllerOptions {
  platform: Platform;
  document: Document;
  store: KeyValueStore;
  identity(): WhoIsIt;
  /** The current session (for the per-session throttle). */
  sessionId(): string;
  /** GET a collector path (with the write key added), resolving to the parsed JSON or undefined. */
  fetchJson(path: string): Promise<unknown>;
  track(event: string, properties: Record<string, unknown>): void;
  /** Loads the UI, the first time a step must show. */
  loadUI(): Promise<UIModule>;
  locale: string;
  warn(msg: string): void;
}

export interface FlowController {
  /** Runs this content; resolves once the user's facts are in and the page has been looked at. */
  setContent(content: ContentDocument): Promise<void>;
  /** Something happened: it may start a flow, or advance the running one. */
  happen(happening: Happening): void;
  /** Starts a flow now, whatever its trigger and repeat rule. */
  start(flowId: string): void;
  dismiss(): void;
  /** Who the user is changed (identify, group, reset): refetch their facts and look again. */
  identityChanged(): void;
  /** Why a flow would or would not show now (CONTRACT §3 `explain`). */
  explain(contentId: string): { eligible: boolean; reasons: string[] };
  /** Forgets all flow state (log out). */
  reset(): void;
  destroy(): void;
}

/** Shown-content bookkeeping for the throttle: this session's count and the last time. */
interface Throttle {
  session?: string;
  count?: number;
  last?: number;
}

const PROGRESS = 'tp.flows';
const THROTTLE = 'tp.throttle';

/**
 * Decides which flow runs and where it stands, with the pure flow engine, and persists
 * that so a flow resumes after navigation or reload. The UI is loaded the first time a
 * step must show: a page where no flow runs loads none of it.
 */
export function createFlowController(o: FlowControllerOptions): FlowController {
  const { platform, document: doc } = o;
  let flows: Flow[] = [];
  let content: ContentDocument = { version: 1 };
  let progress: FlowProgress = readProgress(o.store.get(PROGRESS));
  let presenter: Promise<Presenter> | undefined;
  let delays: unknown[] = [];
  // Bumped on every render, so a presenter that loads late draws only the latest state.
  let renders = 0;

  const url = () => platform.page().url;
  const flowById = (id: string) => flows.find((f) => f.id === id);
  const now = () => platform.now();
  const facts = createFacts(o.fetchJson, now);
  let profileKey = '';
  const userKey = () => o.identity().userId ?? o.identity().anonymousId;

  function refreshFacts() {
    const who = o.identity();
    const query = who.userId
      ? `userId=${encodeURIComponent(who.userId)}${who.userHash ? `&userHash=${encodeURIComponent(who.userHash)}` : ''}`
      : `anonymousId=${encodeURIComponent(who.anonymousId)}`;
    if (query === profileKey) return Promise.resolve();
    profileKey = query;
    return facts.refresh(query);
  }

  /** Progress with what the profile knows from other devices folded in. */
  function seenEverywhere(flow: Flow): FlowProgress {
    const local = progress.seen[flow.id];
    const started = Math.max(local?.lastStarted ?? 0, facts.contentLast(flow.id, EVENTS.flowStarted) ?? 0);
    if (!started) return progress;
    const completed = Math.max(local?.completed ?? 0, facts.contentLast(flow.id, EVENTS.flowCompleted) ?? 0) || undefined;
    const dismissed = Math.max(local?.dismissed ?? 0, facts.contentLast(flow.id, EVENTS.flowDismissed) ?? 0) || undefined;
    return { ...progress, seen: { ...progress.seen, [flow.id]: { lastStarted: started, completed, dismissed } } };
  }

  /** Every reason an unsolicited start of `flow` is blocked now (empty: it may start). */
  function blockers(flow: Flow): string[] {
    const reasons: string[] = [];
    const settings = content.settings ?? {};
    if (inHoldout(settings.holdout, userKey())) reasons.push(`holdout: this user is in the ${settings.holdout}% who see no unsolicited content`);
    const who = o.identity();
    const audience = audienceFailure(
      flow.audience,
      { traits: who.traits, account: who.groupTraits, url: url(), now: now(), eventCount: facts.eventCount, featureUsed: facts.featureUsed },
      segmentsOf(content.segments),
    );
    if (audience) reasons.push(`audience: ${audience}`);
    const repeat = blockedReason(flow, seenEverywhere(flow), now());
    if (repeat) reasons.push(repeat.includes('is showing') ? repeat : `repeat: ${repeat}`);
    const limit = settings.throttle;
    if (limit) {
      const t = o.store.get<Throttle>(THROTTLE) ?? {};
      const count = t.session === o.sessionId() ? (t.count ?? 0) : 0;
      if (limit.maxPerSession !== undefined && count >= limit.maxPerSession) reasons.push(`throttle: ${count} shown this session (at most ${limit.maxPerSession})`);
      const last = Math.max(t.last ?? 0, facts.lastShown() ?? 0);
      const minutes = (now() - last) / 60_000;
      if (limit.minMinutesBetween && last && minutes < limit.minMinutesBetween) {
        reasons.push(`throttle: the last content showed ${Math.floor(minutes)} minute(s) ago (at least ${limit.minMinutesBetween} between)`);
      }
    }
    return reasons;
  }

  function countShown() {
    const t = o.store.get<Throttle>(THROTTLE) ?? {};
    const session = o.sessionId();
    o.store.set(THROTTLE, { session, count: (t.session === session ? (t.count ?? 0) : 0) + 1, last: now() });
  }

  /** Starts the best flow this happening triggers, if any may start; says in debug mode why others did not. */
  function startTriggered(h: Happening) {
    const triggered = flows.filter((f) => triggerFires(f.trigger, h)).sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
    for (const flow of triggered) {
      const reasons = blockers(flow);
      if (!reasons.length) {
        countShown();
        return apply(begin(progress, flow, now()));
      }
      o.warn(`flow "${flow.id}" was triggered but does not show: ${reasons.join('; ')}`);
    }
  }

  function apply(t: Transition) {
    progress = t.progress;
    o.store.set(PROGRESS, progress);
    for (const e of t.events) o.track(e.name, e.properties);
    render();
  }

  function current(): Flow | undefined {
    return progress.active && flowById(progress.active.flowId);
  }

  function getPresenter(): Promise<Presenter> {
    presenter ??= o.loadUI().then(
      (u) =>
        createPresenter({
          document: doc,
          locale: o.locale,
          settings: content.settings,
          createUI: u.createUI,
          goTo: (index) => {
            const flow = current();
            if (flow) apply(goTo(progress, flow, index, now()));
          },
          dismiss: () => {
            const flow = current();
            if (flow) apply(dismiss(progress, flow, now()));
          },
          missing: () => {
            const flow = current();
            if (flow) apply(targetMissing(progress, flow, now()));
          },
          viewed: (flow, step, index) => o.track(EVENTS.flowStepViewed, { flow_id: flow.id, step_id: step.id, step_index: index }),
        }),
      (e: unknown) => {
        presenter = undefined;
        throw e;
      },
    );
    return presenter;
  }

  async function render() {
    const mine = ++renders;
    const flow = current();
    const index = progress.active?.stepIndex ?? 0;
    const step = flow?.steps[index];
    if (progress.active && !step) return apply({ progress: { ...progress, active: undefined }, events: [] });
    // A step that lives elsewhere waits for navigation to bring the user there.
    const visible = step && (!step.url || matchUrlGlob(step.url, url()));
    if (!visible) return void presenter?.then((p) => mine === renders && p.hide(), () => undefined);
    try {
      const p = await getPresenter();
      if (mine === renders) p.show(flow!, index);
    } catch (e) {
      o.warn(`could not load the tour UI: ${String(e)}`);
    }
  }

  function scheduleDelays() {
    delays.forEach((id) => platform.clearTimeout(id));
    // Each timer starts only its own flow: another flow's shorter delay must not start this one early.
    delays = flows
      .filter((f) => f.trigger?.on === 'delay')
      .map((f) =>
        platform.setTimeout(() => {
          if (!current() && triggerFires(f.trigger, { kind: 'delay', url: url() })) {
            const reasons = blockers(f);
            if (reasons.length) o.warn(`flow "${f.id}" was triggered but does not show: ${reasons.join('; ')}`);
            else {
              countShown();
              apply(begin(progress, f, now()));
            }
          }
        }, (f.trigger as { seconds: number }).seconds * 1000),
      );
  }

  function happen(h: Happening) {
    if (h.kind === 'event') facts.record(h.name, h.properties ?? {}, now());
    const flow = current();
    if (flow) {
      const index = progress.active!.stepIndex;
      if (stepAdvances(flow.steps[index]!, h)) return apply(goTo(progress, flow, index + 1, now()));
      if (h.kind === 'page') render();
    } else startTriggered(h);
    if (h.kind === 'page') scheduleDelays();
  }

  function triggerReason(trigger: Trigger | undefined): string | null {
    if (!trigger || trigger.on === 'manual') return 'trigger: manual (shows only with startFlow)';
    if ('url' in trigger && trigger.url && !matchUrlGlob(trigger.url, url())) return `trigger: "${trigger.url}" does not match this page`;
    if (trigger.on === 'event') return `trigger: waits for the event "${trigger.event}"`;
    if (trigger.on === 'click') return `trigger: waits for a click on "${trigger.selector}"`;
    if (trigger.on === 'delay') return `trigger: shows ${trigger.seconds} s after the page loads`;
    return null;
  }

  const onClick = (event: Event) => {
    // composedPath sees through open shadow roots: a click-trigger selector may match inside one.
    const path = event.composedPath().filter((n): n is Element => n instanceof Element);
    happen({ kind: 'click', url: url(), matches: (selector) => path.some((el) => safeMatches(el, selector)) });
  };
  doc.addEventListener('click', onClick, true);

  return {
    setContent(next) {
      content = next;
      flows = (Array.isArray(next.flows) ? next.flows : []).filter((f, i) => {
        // A document can reach us broken (hand-edited, an older collector): skip what is, run the rest.
        const problem = brokenFlow(f, doc);
        if (problem) o.warn(`flows[${i}] skipped: ${problem}`);
        return !problem;
      });
      // The page view that came before the content: page triggers and resumed flows see it
      // now, once the user's facts are in (audiences may count their events).
      return refreshFacts().then(() => happen({ kind: 'page', url: url() }));
    },
    identityChanged() {
      void refreshFacts().then(() => {
        if (!current()) startTriggered({ kind: 'page', url: url() });
      });
    },
    explain(contentId) {
      const flow = flowById(contentId);
      if (!flow) return { eligible: false, reasons: [`no flow "${contentId}" in the content`] };
      const reasons = blockers(flow);
      const trigger = triggerReason(flow.trigger);
      if (trigger) reasons.push(trigger);
      return { eligible: reasons.length === 0, reasons };
    },
    happen,
    start(flowId) {
      const flow = flowById(flowId);
      if (!flow) return o.warn(`startFlow: no flow "${flowId}" in the content`);
      const running = current();
      if (running) apply(dismiss(progress, running, now()));
      apply(begin(progress, flow, now()));
    },
    dismiss() {
      const flow = current();
      if (flow) apply(dismiss(progress, flow, now()));
    },
    reset() {
      progress = { seen: {} };
      o.store.remove(PROGRESS);
      o.store.remove(THROTTLE);
      render();
      this.identityChanged();
    },
    destroy() {
      doc.removeEventListener('click', onClick, true);
      delays.forEach((id) => platform.clearTimeout(id));
      renders++;
      void presenter?.then((p) => p.destroy(), () => undefined);
    },
  };
}

function safeMatches(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}

/** What is wrong with a flow that validation would have refused, or undefined. */
function brokenFlow(flow: Flow, doc: Document): string | undefined {
  if (!flow || typeof flow.id !== 'string') return 'no id';
  if (!Array.isArray(flow.steps) || !flow.steps.length) return `flow "${flow.id}" has no steps`;
  const fragment = doc.createDocumentFragment();
  for (const step of flow.steps) {
    if (!step || typeof step.id !== 'string') return `flow "${flow.id}" has a step without an id`;
    for (const selector of [step.target ?? []].flat()) {
      try {
        fragment.querySelector(selector);
      } catch {
        return `flow "${flow.id}", step "${step.id}": "${selector}" is not a valid selector`;
      }
    }
  }
  if (flow.trigger?.on === 'click') {
    try {
      fragment.querySelector(flow.trigger.selector);
    } catch {
      return `flow "${flow.id}": its click trigger's "${flow.trigger.selector}" is not a valid selector`;
    }
  }
  return undefined;
}
