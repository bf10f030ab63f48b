import {
  assignVariant,
  contentKind,
  EVENTS,
  localize,
  matchUrlGlob,
  segmentsOf,
  slotOf,
  targetSelectors,
  type Action,
  type ContentDocument,
  type ContentMessage,
  type Flow,
  type MessageContent,
  type Slot,
  type Step,
  type Survey,
} from '@touchpoint/content';
import type { SurveyActions, UIOptions, TouchpointUI } from '@touchpoint/ui';
import { brokenFlow, brokenMessage, brokenSurvey, usable } from './broken-items.js';
import { contentSince } from './content-since.js';
import { createFacts } from './facts.js';
import { watchFeatures } from './features.js';
import { safeMatches } from './selectors.js';
import {
  begin,
  dismiss,
  goTo,
  readProgress,
  stepAdvances,
  targetMissing,
  triggerFires,
  triggeredBy,
  type FlowProgress,
  type Happening,
  type Transition,
} from './flow-engine.js';
import type { Platform } from './platform.js';
import type { Presenter } from './presenter.js';
import type { KeyValueStore } from './storage.js';
import { answerOf } from './survey-answer.js';
import { createThrottle } from './throttle.js';
import type { Inspection } from './inspect.js';
import type { GuardContext, Item } from './guards/guard.js';
import { allReasons, firstReason } from './guards/run.js';
import { createTransitions } from './transitions.js';
import { NEXT_PAGE } from './trigger-reason.js';
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
  /**
   * Shows a flow, message, survey or checklist now, whatever its trigger, audience, repeat
   * rule and the throttle; it takes the place of what its slot shows.
   */
  show(contentId: string): void;
  /** The variant of an experiment this user is assigned (null: control, or no such experiment). */
  variant(experimentId: string): string | null;
  /** Closes whatever shows, in every slot, as dismissed by the user. */
  dismiss(): void;
  /** Who the user is changed (identify, group, reset): refetch their facts and look again. */
  identityChanged(): void;
  /**
   * Why a flow, message, survey or checklist would or would not show now (CONTRACT §3
   * `explain`): eligible only when it shows; otherwise every reason, including what it waits
   * for (another item in its slot, its trigger).
   */
  explain(contentId: string): { eligible: boolean; reasons: string[] };
  /** Forgets all flow state (log out). */
  reset(): void;
  /** The engine as the debugger shows it (a chunk of its own, loaded on the first call). */
  inspect(): Promise<Inspection>;
  destroy(): void;
}

const PROGRESS = 'tp.flows';
const VARIANTS = 'tp.variants';
const EXPOSED = 'tp.exposed';

const isFlow = (item: Item): item is Flow => contentKind(item) === 'flow';
const isSurvey = (item: Item): item is Survey => contentKind(item) === 'survey';

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
  // The message or survey on screen in each slot (they do not resume after a reload; a
  // running flow holds the main slot through `progress`).
  const shown: Partial<Record<Slot, ContentMessage | Survey>> = {};
  // Items whose page or delay trigger came on this page while something held them back:
  // tried again when a slot frees, so they need not wait for the next page view.
  let waiting = new Set<Item>();
  // When this page was viewed: its delays count from then.
  let pageAt = 0;
  // Bumped on every render, so a presenter that loads late draws only the latest state.
  let renders = 0;

  const url = () => platform.page().url;
  const flowById = (id: string) => flows.find((f) => f.id === id);
  const itemById = (id: string): Item | undefined => flowById(id) ?? messages.find((m) => m.id === id) ?? surveys.find((s) => s.id === id);
  const now = () => platform.now();
  const uiFailed = (e: unknown) => o.warn(`could not load the UI: ${String(e)}`);
  const { track, transition } = createTransitions(o.track);
  const facts = createFacts(
    o.fetchJson,
    now,
    () => content.features,
    () => contentSince(o.store, userKey()),
  );
  const throttle = createThrottle(o.store, o.sessionId, now, facts.lastShown);
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
    track,
    run: (action) => run(action),
    dock: (view, actions) => void getPresenter().then((p) => p.dock(view, actions), uiFailed),
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

  /** What shows in `slot`: the running flow holds the main one. */
  const occupant = (slot: Slot): Item | undefined => (slot === 'main' && current()) || shown[slot];

  /** What the guards see of `item` now: read once, here, so that every guard is pure. */
  function contextOf(item: Item, fired: boolean): GuardContext {
    const { traits, groupTraits: account } = o.identity();
    const [at, here, slot, { count, last }] = [now(), url(), slotOf(item), throttle.read()];
    const targeting = { traits, account, url: here, now: at, eventCount: facts.eventCount, featureUsed: facts.featureUsed };
    const settings = content.settings ?? {};
    return {
      ...{
        item,
        slot,
        occupant: occupant(slot),
        settings,
        userKey: userKey(),
        targeting,
        segments: segmentsOf(content.segments),
        progress: seenEverywhere(item),
      },
      ...{ now: at, shownThisSession: count, lastShown: last, url: here, sincePage: at - pageAt, fired, waiting: waiting.has(item) },
    };
  }

  /**
   * Starts what this happening triggers, best `priority` first: one item per slot, as the
   * slots free. Says in debug mode why the others did not show.
   */
  function startTriggered(h: Happening) {
    for (const item of triggeredBy([...flows, ...messages, ...surveys], h)) tryStart(item, h.kind === 'page' || h.kind === 'delay');
  }

  /**
   * Starts an unsolicited item if nothing blocks it; returns whether it did. `holds`: its
   * trigger still holds on this page (a page or delay trigger): held back, it waits.
   */
  const tryStart = transition((item: Item, holds: boolean) => {
    const reason = firstReason(contextOf(item, true));
    if (reason) {
      // (Not an item that shows already: it must not come back as soon as it closes.)
      if (holds && occupant(slotOf(item)) !== item) waiting.add(item);
      return o.warn(`${contentKind(item)} "${item.id}" was triggered but does not show: ${reason}`);
    }
    waiting.delete(item);
    throttle.count();
    if (isFlow(item)) startFlowItem(item, false);
    else if (isSurvey(item)) showSurvey(item);
    else showMessage(item);
  });

  /**
   * A slot freed: the items waiting on this page are tried again, best first. Once the
   * current call is over, so that what a call puts in the slot (`startFlow` after a
   * dismissal, a CTA's flow) goes first.
   */
  function freed() {
    void Promise.resolve().then(() => [...waiting].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0)).forEach((item) => tryStart(item, true)));
  }

  /** Empties `slot` for an item shown on request: its message closes, its flow is dismissed. */
  function makeRoom(slot: Slot) {
    if (shown[slot]) closeMessage(shown[slot]!, false);
    const running = slot === 'main' && current();
    if (running) apply(dismiss(progress, running, now()));
  }

  /** Shows a survey: `Survey Shown`, then `Survey Answered` (it counts as completed) or `Survey Dismissed`. */
  function showSurvey(survey: Survey) {
    shown.main = survey;
    markSeen(survey.id, 'lastStarted');
    track(EVENTS.surveyShown, { survey_id: survey.id });
    void getPresenter().then(
      (p) =>
        shown.main === survey &&
        p.survey(survey, {
          answer: transition((a: Parameters<SurveyActions['answer']>[0]) => {
            if (shown.main !== survey) return;
            markSeen(survey.id, 'completed');
            // Choices are reported in the content's own language, whatever the user's.
            const label = (locale: string) => (survey.choices ?? []).map((c) => localize(c, locale, content.settings?.locale) ?? '');
            track(EVENTS.surveyAnswered, { survey_id: survey.id, ...answerOf(survey, a, label(o.locale), label(content.settings?.locale ?? 'en')) });
          }),
          dismiss: () => closeMessage(survey, !progress.seen[survey.id]?.completed),
          done: () => closeMessage(survey, false),
        }),
      uiFailed,
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
      track(EVENTS.experimentViewed, { experiment_id: experiment.id, variation_id: assigned ?? 'control' });
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
    const slot = slotOf(message);
    shown[slot] = message;
    markSeen(message.id, 'lastStarted');
    track(EVENTS.messageShown, { message_id: message.id, ...(variant && { variation_id: variant }) });
    void getPresenter().then(
      (p) =>
        shown[slot] === message &&
        p.message(message, content, {
          cta: () => messageCta(message, content.cta?.action ?? 'dismiss', variant),
          dismiss: () => closeMessage(message, true),
          missing: () => closeMessage(message, false),
        }),
      uiFailed,
    );
  }

  function markSeen(id: string, field: 'lastStarted' | 'completed' | 'dismissed') {
    const record = progress.seen[id] ?? { lastStarted: now() };
    progress = { ...progress, seen: { ...progress.seen, [id]: { ...record, [field]: now() } } };
    o.store.set(PROGRESS, progress);
  }

  const closeMessage = transition((message: ContentMessage | Survey, dismissed: boolean) => {
    const slot = slotOf(message);
    if (shown[slot] !== message) return;
    delete shown[slot];
    if (dismissed) {
      markSeen(message.id, 'dismissed');
      if (isSurvey(message)) track(EVENTS.surveyDismissed, { survey_id: message.id });
      else track(EVENTS.messageDismissed, { message_id: message.id });
    }
    void presenter?.then(
      (p) => p.hide(slot),
      () => undefined,
    );
    freed();
  });

  /** The CTA: the message is done (completed), then its action runs. */
  const messageCta = transition((message: ContentMessage, action: Action, variant: string | undefined) => {
    if (shown[slotOf(message)] !== message) return;
    const kind = typeof action === 'string' ? action : Object.keys(action)[0]!;
    track(EVENTS.messageClicked, { message_id: message.id, ...(variant && { variation_id: variant }), action: kind });
    markSeen(message.id, 'completed');
    closeMessage(message, false);
    run(action);
  });

  /** Runs a call-to-action or checklist item's action. */
  function run(action: Action) {
    if (typeof action === 'object') {
      if ('flow' in action) controller.start(action.flow);
      else if ('event' in action) track(action.event, action.properties ?? {});
      else if ('url' in action) o.navigate(action.url, !!action.newTab);
    }
  }

  const apply = transition((t: Transition) => {
    const ended = progress.active && !t.progress.active;
    progress = t.progress;
    o.store.set(PROGRESS, progress);
    for (const e of t.events) o.track(e.name, e.properties);
    render();
    if (ended) freed();
  });

  function current(): Flow | undefined {
    return progress.active && flowById(progress.active.flowId);
  }

  function getPresenter(): Promise<Presenter> {
    // The presenter (targets, step views, Markdown) is only needed once something shows: it is
    // a chunk of its own, fetched beside the UI, so the engine a page always loads stays small.
    presenter ??= Promise.all([o.loadUI(), import('./presenter.js')]).then(
      ([u, { createPresenter }]) =>
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
          viewed: transition((flow: Flow, step: Step, index: number) =>
            track(EVENTS.flowStepViewed, { flow_id: flow.id, step_id: step.id, step_index: index }),
          ),
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
    // (A message or survey may hold the main slot when no flow runs: it is not ours to hide.)
    if (!visible)
      return void presenter?.then(
        (p) => mine === renders && !shown.main && p.hide('main'),
        () => undefined,
      );
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
        platform.setTimeout(
          () => {
            if (triggerFires(f.trigger, { kind: 'delay', url: url() })) tryStart(f, true);
          },
          (f.trigger as { seconds: number }).seconds * 1000,
        ),
      );
  }

  const happen = transition((h: Happening) => {
    if (h.kind === 'event') {
      facts.record(h.name, h.properties ?? {}, now());
      widgets.refresh();
    }
    if (h.kind === 'page') {
      // A new page: its own page triggers and delays decide what waits now.
      waiting = new Set();
      pageAt = now();
    }
    const flow = current();
    if (flow) {
      const index = progress.active!.stepIndex;
      if (stepAdvances(flow.steps[index]!, h)) apply(goTo(progress, flow, index + 1, now()));
      else if (h.kind === 'page') render();
    }
    startTriggered(h);
    if (h.kind === 'page') scheduleDelays();
  });

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
      stopFeatures = watchFeatures(doc, Array.isArray(next.features) ? next.features : [], track, o.warn);
      messages = usable(next.messages, 'messages', brokenMessage, doc, o.warn);
      surveys = usable(next.surveys, 'surveys', brokenSurvey, doc, o.warn);
      flows = usable(next.flows, 'flows', brokenFlow, doc, o.warn);
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
        startTriggered({ kind: 'page', url: url() });
      });
    },
    explain(contentId) {
      const item = itemById(contentId);
      if (!item) return widgets.explain(contentId) ?? { eligible: false, reasons: [`no flow, message, survey or checklist "${contentId}" in the content`] };
      if (occupant(slotOf(item)) === item) return { eligible: true, reasons: [] };
      const reasons = allReasons(contextOf(item, false));
      // Nothing holds it back, yet it does not show: its trigger came and went on this page.
      return { eligible: false, reasons: reasons.length ? reasons : [NEXT_PAGE] };
    },
    happen,
    start: transition((flowId: string) => {
      const flow = flowById(flowId);
      if (!flow) return o.warn(`startFlow: no flow "${flowId}" in the content`);
      makeRoom('main');
      waiting.delete(flow);
      startFlowItem(flow, true);
    }),
    show: transition((contentId: string) => {
      const item = itemById(contentId);
      if (!item) return widgets.show(contentId) || o.warn(`show: no flow, message, survey or checklist "${contentId}" in the content`);
      if (isFlow(item)) return controller.start(contentId);
      makeRoom(slotOf(item));
      waiting.delete(item);
      if (isSurvey(item)) showSurvey(item);
      else showMessage(item);
    }),
    variant(experimentId) {
      const experiment = [...messages, ...flows].map((item) => item.experiment).find((e) => e?.id === experimentId);
      return experiment ? variantOf(experiment) : null;
    },
    dismiss: transition(() => {
      Object.values(shown).forEach((item) => closeMessage(item, true));
      const flow = current();
      if (flow) apply(dismiss(progress, flow, now()));
    }),
    reset() {
      progress = { seen: {} };
      waiting = new Set();
      o.store.remove(PROGRESS);
      throttle.reset();
      o.store.remove(VARIANTS);
      o.store.remove(EXPOSED);
      widgets.reset();
      Object.values(shown).forEach((item) => closeMessage(item, false));
      render();
      this.identityChanged();
    },
    inspect: () => import('./inspect.js').then((m) => m.inspect(o, content, facts, url(), controller)),
    destroy() {
      waiting = new Set();
      stopFeatures?.();
      doc.removeEventListener('click', onClick, true);
      delays.forEach((id) => platform.clearTimeout(id));
      renders++;
      void presenter?.then(
        (p) => p.destroy(),
        () => undefined,
      );
    },
  };
  return controller;
}
