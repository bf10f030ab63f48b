import { assignVariant, audienceFailure, EVENTS, inHoldout, localize, matchUrlGlob, segmentsOf, targetSelectors, type Action, type ContentDocument, type ContentMessage, type Flow, type MessageContent, type Survey, type Trigger } from '@touchpoint/content';
import type { UIOptions, TouchpointUI } from '@touchpoint/ui';
import { createFacts } from './facts.js';
import { watchFeatures } from './features.js';
import { invalidSelector, safeMatches } from './selectors.js';
import { begin, blockedReason, dismiss, goTo, readProgress, stepAdvances, targetMissing, triggerFires, triggeredBy, type FlowProgress, type Happening, type Transition } from './flow-engine.js';
import type { Platform } from './platform.js';
import { createPresenter, type Presenter } from './presenter.js';
import type { KeyValueStore } from './storage.js';
import { createWidgets } from './widgets.js';

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
  /** Opens a URL (a message's call-to-action), in a new tab or this one. */
  navigate(url: string, newTab: boolean): void;
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
  /** Opens the resource center, searching for `query` when given. */
  openResources(query?: string): void;
  /** Starts a flow now, whatever its trigger and repeat rule. */
  start(flowId: string): void;
  /** Shows a flow or a message now, whatever its trigger, repeat rule and the throttle. */
  show(contentId: string): void;
  /** The variant of an experiment this user is assigned (null: control, or no such experiment). */
  variant(experimentId: string): string | null;
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
const VARIANTS = 'tp.variants';
const EXPOSED = 'tp.exposed';

type Item = Flow | ContentMessage | Survey;
const isFlow = (item: Item): item is Flow => 'steps' in item;
const isSurvey = (item: Item): item is Survey => 'question' in item;
const kindOf = (item: Item) => (isFlow(item) ? 'flow' : isSurvey(item) ? 'survey' : 'message');

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
  let messages: ContentMessage[] = [];
  let surveys: Survey[] = [];
  let stopFeatures: (() => void) | undefined;
  // The message or survey on screen, with the variant shown (they do not resume after a reload).
  let shownMessage: { message: ContentMessage | Survey; variant?: string } | undefined;
  // Bumped on every render, so a presenter that loads late draws only the latest state.
  let renders = 0;

  const url = () => platform.page().url;
  const flowById = (id: string) => flows.find((f) => f.id === id);
  const itemById = (id: string): Item | undefined => flowById(id) ?? messages.find((m) => m.id === id) ?? surveys.find((s) => s.id === id);
  const now = () => platform.now();
  const facts = createFacts(o.fetchJson, now, (id) => content.features?.find((f) => f.id === id)?.event);
  let profileKey = '';
  const widgets = createWidgets({
    store: o.store,
    facts,
    locale: o.locale,
    identity: o.identity,
    url,
    now,
    flowCompleted: (id) => {
      const flow = flowById(id);
      return !!flow && !!seenEverywhere(flow).seen[id]?.completed;
    },
    track: o.track,
    run: (action) => run(action),
    dock: (view, actions) => void getPresenter().then((p) => p.dock(view, actions), (e: unknown) => o.warn(`could not load the UI: ${String(e)}`)),
  });
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

  /** Progress with what the profile knows from other devices folded in (what each event means: LIFECYCLE). */
  function seenEverywhere(item: Item): FlowProgress {
    const local = progress.seen[item.id];
    const completed = Math.max(local?.completed ?? 0, facts.contentLast(item.id, 'completed') ?? 0) || undefined;
    const dismissed = Math.max(local?.dismissed ?? 0, facts.contentLast(item.id, 'dismissed') ?? 0) || undefined;
    // Completed or dismissed means shown, even when the start was never recorded.
    const started = Math.max(local?.lastStarted ?? 0, facts.contentLast(item.id, 'shown') ?? 0, completed ?? 0, dismissed ?? 0);
    return started ? { ...progress, seen: { ...progress.seen, [item.id]: { lastStarted: started, completed, dismissed } } } : progress;
  }

  /** Every reason an unsolicited start of `flow` (or message) is blocked now (empty: it may start). */
  function blockers(flow: Item): string[] {
    const reasons: string[] = [];
    if (shownMessage) reasons.push(`message "${shownMessage.message.id}" is showing`);
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

  /** Starts the best flow or message this happening triggers, if any may start; says in debug mode why others did not. */
  function startTriggered(h: Happening) {
    for (const item of triggeredBy([...flows, ...messages, ...surveys], h)) {
      if (tryStart(item)) return;
    }
  }

  /** Starts an unsolicited item if nothing blocks it; returns whether it did. */
  function tryStart(item: Item): boolean {
    const reasons = blockers(item);
    if (reasons.length) {
      o.warn(`${kindOf(item)} "${item.id}" was triggered but does not show: ${reasons.join('; ')}`);
      return false;
    }
    countShown();
    if (isFlow(item)) startFlowItem(item, false);
    else if (isSurvey(item)) showSurvey(item);
    else showMessage(item);
    return true;
  }

  /** Shows a survey: `Survey Shown`, then `Survey Answered` (it counts as completed) or `Survey Dismissed`. */
  function showSurvey(survey: Survey) {
    shownMessage = { message: survey };
    markSeen(survey.id, 'lastStarted');
    o.track(EVENTS.surveyShown, { survey_id: survey.id });
    void getPresenter().then(
      (p) =>
        shownMessage?.message === survey &&
        p.survey(survey, {
          answer(a) {
            if (shownMessage?.message !== survey) return;
            markSeen(survey.id, 'completed');
            // Choices are reported in the content's own language, whatever the user's.
            const label = (locale: string) => (survey.choices ?? []).map((c) => localize(c, locale, content.settings?.locale) ?? '');
            o.track(EVENTS.surveyAnswered, { survey_id: survey.id, ...answerOf(survey, a, label(o.locale), label(content.settings?.locale ?? 'en')) });
          },
          dismiss: () => closeMessage(survey, !progress.seen[survey.id]?.completed),
          done: () => closeMessage(survey, false),
        }),
      (e: unknown) => o.warn(`could not load the UI: ${String(e)}`),
    );
  }

  /** The variant for this user, sticky on this device from the first exposure (across identify). */
  function variantOf(experiment: { id: string; control?: number; variants: ReadonlyArray<{ id: string; weight: number }> }): string | null {
    const saved = o.store.get<Record<string, string | null>>(VARIANTS) ?? {};
    if (experiment.id in saved) return saved[experiment.id] ?? null;
    const assigned = assignVariant(experiment, userKey());
    o.store.set(VARIANTS, { ...saved, [experiment.id]: assigned });
    return assigned;
  }

  /**
   * The moment content under an experiment would show: the user's variant (null for
   * control), and `Experiment Viewed` once per user and experiment, control included.
   */
  function expose(experiment: { id: string; control?: number; variants: ReadonlyArray<{ id: string; weight: number }> }): string | null {
    const assigned = variantOf(experiment);
    const exposed = o.store.get<string[]>(EXPOSED) ?? [];
    if (!exposed.includes(experiment.id)) {
      o.store.set(EXPOSED, [...exposed, experiment.id]);
      o.track(EVENTS.experimentViewed, { experiment_id: experiment.id, variation_id: assigned ?? 'control' });
    }
    return assigned;
  }

  /** Starts a flow; under an experiment, with the user's variant (control: only when asked for by name). */
  function startFlowItem(flow: Flow, manual: boolean): void {
    const variant = flow.experiment ? expose(flow.experiment) : undefined;
    if (variant === null && !manual) {
      // The control group sees nothing; remembered, so repeat rules treat it as shown.
      markSeen(flow.id, 'lastStarted');
      return;
    }
    apply(begin(progress, flow, now(), variant ?? undefined));
  }

  /** Shows a message (or, for the experiment's control group, records that it would have). */
  function showMessage(message: ContentMessage) {
    let content: MessageContent = message;
    let variant: string | undefined;
    if (message.experiment) {
      const assigned = expose(message.experiment);
      const chosen = message.experiment.variants.find((v) => v.id === assigned);
      if (!chosen) {
        markSeen(message.id, 'lastStarted');
        return;
      }
      variant = chosen.id;
      content = { ...message, ...chosen.content };
    }
    shownMessage = { message, variant };
    markSeen(message.id, 'lastStarted');
    o.track(EVENTS.messageShown, { message_id: message.id, ...(variant && { variation_id: variant }) });
    void getPresenter().then(
      (p) =>
        shownMessage?.message === message &&
        p.message(message, content, {
          cta: () => messageCta(message, content.cta?.action ?? 'dismiss', variant),
          dismiss: () => closeMessage(message, true),
          missing: () => closeMessage(message, false),
        }),
      (e: unknown) => o.warn(`could not load the UI: ${String(e)}`),
    );
  }

  function markSeen(id: string, field: 'lastStarted' | 'completed' | 'dismissed') {
    const record = progress.seen[id] ?? { lastStarted: now() };
    progress = { ...progress, seen: { ...progress.seen, [id]: { ...record, [field]: now() } } };
    o.store.set(PROGRESS, progress);
  }

  function closeMessage(message: ContentMessage | Survey, dismissed: boolean) {
    if (shownMessage?.message !== message) return;
    shownMessage = undefined;
    if (dismissed) {
      markSeen(message.id, 'dismissed');
      if (isSurvey(message)) o.track(EVENTS.surveyDismissed, { survey_id: message.id });
      else o.track(EVENTS.messageDismissed, { message_id: message.id });
    }
    void presenter?.then((p) => p.hide(), () => undefined);
  }

  /** The CTA: the message is done (completed), then its action runs. */
  function messageCta(message: ContentMessage, action: Action, variant: string | undefined) {
    if (shownMessage?.message !== message) return;
    const kind = typeof action === 'string' ? action : Object.keys(action)[0]!;
    o.track(EVENTS.messageClicked, { message_id: message.id, ...(variant && { variation_id: variant }), action: kind });
    markSeen(message.id, 'completed');
    closeMessage(message, false);
    run(action);
  }

  /** Runs a call-to-action or checklist item's action. */
  function run(action: Action) {
    if (typeof action === 'object') {
      if ('flow' in action) controller.start(action.flow);
      else if ('event' in action) o.track(action.event, action.properties ?? {});
      else if ('url' in action) o.navigate(action.url, !!action.newTab);
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
            if (!flow) return;
            // As `touchpoint check` reports it: flow/step  selectors  url  missing.
            const step = flow.steps[progress.active!.stepIndex]!;
            o.warn(`${flow.id}/${step.id}  ${targetSelectors(step)}  ${url()}  missing`);
            apply(targetMissing(progress, flow, now(), url()));
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
      const variant = progress.active?.variant;
      if (mine === renders) p.show(flow!, index, variant ? flow!.experiment?.variants.find((v) => v.id === variant)?.steps : undefined);
    } catch (e) {
      o.warn(`could not load the tour UI: ${String(e)}`);
    }
  }

  function scheduleDelays() {
    delays.forEach((id) => platform.clearTimeout(id));
    // Each timer starts only its own flow: another flow's shorter delay must not start this one early.
    delays = [...flows, ...messages, ...surveys]
      .filter((f) => f.trigger?.on === 'delay')
      .map((f) =>
        platform.setTimeout(() => {
          if (!current() && triggerFires(f.trigger, { kind: 'delay', url: url() })) tryStart(f);
        }, (f.trigger as { seconds: number }).seconds * 1000),
      );
  }

  function happen(h: Happening) {
    if (h.kind === 'event') {
      facts.record(h.name, h.properties ?? {}, now());
      widgets.refresh();
    }
    const flow = current();
    if (flow) {
      const index = progress.active!.stepIndex;
      if (stepAdvances(flow.steps[index]!, h)) return apply(goTo(progress, flow, index + 1, now()));
      if (h.kind === 'page') render();
    } else startTriggered(h);
    if (h.kind === 'page') scheduleDelays();
  }

  function triggerReason(trigger: Trigger | undefined): string | null {
    if (!trigger || trigger.on === 'manual') return 'trigger: manual (shows only with startFlow or show)';
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

  const controller: FlowController = {
    setContent(next) {
      content = next;
      stopFeatures?.();
      stopFeatures = watchFeatures(doc, Array.isArray(next.features) ? next.features : [], o.track, o.warn);
      messages = (Array.isArray(next.messages) ? next.messages : []).filter((m, i) => {
        const problem = brokenMessage(m, doc);
        if (problem) o.warn(`messages[${i}] skipped: ${problem}`);
        return !problem;
      });
      surveys = (Array.isArray(next.surveys) ? next.surveys : []).filter((s, i) => {
        const problem = brokenSurvey(s, doc);
        if (problem) o.warn(`surveys[${i}] skipped: ${problem}`);
        return !problem;
      });
      flows = (Array.isArray(next.flows) ? next.flows : []).filter((f, i) => {
        // A document can reach us broken (hand-edited, an older collector): skip what is, run the rest.
        const problem = brokenFlow(f, doc);
        if (problem) o.warn(`flows[${i}] skipped: ${problem}`);
        return !problem;
      });
      // The page view that came before the content: page triggers and resumed flows see it
      // now, once the user's facts are in (audiences may count their events).
      return refreshFacts().then(() => {
        widgets.setContent(next);
        happen({ kind: 'page', url: url() });
      });
    },
    openResources(query) {
      widgets.openResources(query);
    },
    identityChanged() {
      void refreshFacts().then(() => {
        widgets.refresh();
        if (!current()) startTriggered({ kind: 'page', url: url() });
      });
    },
    explain(contentId) {
      const flow = itemById(contentId);
      if (!flow) return { eligible: false, reasons: [`no flow, message or survey "${contentId}" in the content`] };
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
      startFlowItem(flow, true);
    },
    show(contentId) {
      const item = itemById(contentId);
      if (!item) return o.warn(`show: no flow, message or survey "${contentId}" in the content`);
      if (isFlow(item)) return controller.start(contentId);
      if (shownMessage) closeMessage(shownMessage.message, false);
      if (isSurvey(item)) showSurvey(item);
      else showMessage(item);
    },
    variant(experimentId) {
      const experiment = [...messages, ...flows].map((item) => item.experiment).find((e) => e?.id === experimentId);
      return experiment ? variantOf(experiment) : null;
    },
    dismiss() {
      if (shownMessage) return closeMessage(shownMessage.message, true);
      const flow = current();
      if (flow) apply(dismiss(progress, flow, now()));
    },
    reset() {
      progress = { seen: {} };
      o.store.remove(PROGRESS);
      o.store.remove(THROTTLE);
      o.store.remove(VARIANTS);
      o.store.remove(EXPOSED);
      widgets.reset();
      if (shownMessage) closeMessage(shownMessage.message, false);
      render();
      this.identityChanged();
    },
    destroy() {
      stopFeatures?.();
      doc.removeEventListener('click', onClick, true);
      delays.forEach((id) => platform.clearTimeout(id));
      renders++;
      void presenter?.then((p) => p.destroy(), () => undefined);
    },
  };
  return controller;
}

/** The selectors an item uses itself: its target (messages) and its click trigger's. */
function selectorsOf(item: { target?: string | string[]; trigger?: Trigger }): string[] {
  return [...[item.target ?? []].flat(), ...(item.trigger?.on === 'click' ? [item.trigger.selector] : [])];
}

/** What is wrong with a flow that validation would have refused, or undefined. */
function brokenFlow(flow: Flow, doc: Document): string | undefined {
  if (!flow || typeof flow.id !== 'string') return 'no id';
  if (!Array.isArray(flow.steps) || !flow.steps.length) return `flow "${flow.id}" has no steps`;
  for (const step of flow.steps) {
    if (!step || typeof step.id !== 'string') return `flow "${flow.id}" has a step without an id`;
    const bad = invalidSelector(doc, [step.target ?? []].flat());
    if (bad !== undefined) return `flow "${flow.id}", step "${step.id}": "${bad}" is not a valid selector`;
  }
  const bad = invalidSelector(doc, selectorsOf(flow));
  return bad === undefined ? undefined : `flow "${flow.id}": "${bad}" is not a valid selector`;
}

/** What is wrong with a message that validation would have refused, or undefined. */
function brokenMessage(message: ContentMessage, doc: Document): string | undefined {
  if (!message || typeof message.id !== 'string') return 'no id';
  if (!['modal', 'banner', 'slideout', 'tooltip', 'hotspot'].includes(message.kind)) return `message "${message.id}" has an unknown kind`;
  if ((message.kind === 'tooltip' || message.kind === 'hotspot') && !message.target) return `message "${message.id}" needs a target`;
  const bad = invalidSelector(doc, selectorsOf(message));
  return bad === undefined ? undefined : `message "${message.id}": "${bad}" is not a valid selector`;
}

/** What a survey answer sends: a score in range, choices that exist, bounded text. */
function answerOf(survey: Survey, a: { score?: number; answer?: string | string[]; comment?: string }, shown: string[], canonical: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const [min, max] = survey.kind === 'nps' ? [0, 10] : [1, 5];
  if ((survey.kind === 'nps' || survey.kind === 'rating') && Number.isInteger(a.score) && a.score! >= min && a.score! <= max) out.score = a.score;
  const given = (Array.isArray(a.answer) ? a.answer : [a.answer]).filter((x): x is string => typeof x === 'string');
  const list = survey.kind === 'choice' ? given.map((x) => canonical[shown.indexOf(x)]).filter((x) => x !== undefined) : survey.kind === 'text' ? given.map((x) => x.slice(0, 1000)) : [];
  if (list.length) out.answer = survey.kind === 'choice' && survey.multiple ? list : list[0];
  if (typeof a.comment === 'string' && a.comment) out.comment = a.comment.slice(0, 1000);
  return out;
}

/** What is wrong with a survey that validation would have refused, or undefined. */
function brokenSurvey(survey: Survey, doc: Document): string | undefined {
  if (!survey || typeof survey.id !== 'string') return 'no id';
  if (!['nps', 'rating', 'choice', 'text'].includes(survey.kind)) return `survey "${survey.id}" has an unknown kind`;
  if (survey.question === undefined) return `survey "${survey.id}" has no question`;
  if (survey.kind === 'choice' && !(Array.isArray(survey.choices) && survey.choices.length >= 2)) return `survey "${survey.id}" needs choices`;
  const bad = invalidSelector(doc, selectorsOf(survey));
  return bad === undefined ? undefined : `survey "${survey.id}": "${bad}" is not a valid selector`;
}
