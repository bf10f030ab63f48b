import {
  contentKind,
  EVENTS,
  localize,
  matchUrlGlob,
  slotOf,
  targetSelectors,
  type Action,
  type ContentDocument,
  type ContentMessage,
  type Flow,
  type MessageContent,
  type Segment,
  type Slot,
  type Step,
  type Survey,
} from '@touchpoint/content';
import { atom } from 'nanostores';
import type { SurveyActions } from '@touchpoint/ui';
import { brokenFlow, brokenMessage, brokenSurvey, usable } from './broken-items.js';
import { contentSince } from './content-since.js';
import { createExposure } from './exposure.js';
import { createFacts, targetingOf } from './facts.js';
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
  type FlowRecord,
  type Happening,
  type Transition,
} from './flow-engine.js';
import type { Presenter } from './presenter.js';
import { profilePath } from './profile-path.js';
import { messageOf, type Scene, type Scenes } from './scene.js';
import { answerOf } from './survey-answer.js';
import { createThrottle } from './throttle.js';
import type { Guard, GuardContext, Item } from './guards/guard.js';
import { allReasons, firstReason, JOURNEY_GUARDS } from './guards/run.js';
import { createTransitions } from './transitions.js';
import { NEXT_PAGE } from './trigger-reason.js';
import { createWidgets } from './widgets.js';

import type { FlowController, FlowControllerOptions } from './controller.js';

export type { FlowController, FlowControllerOptions, UIModule, WhoIsIt } from './controller.js';

const PROGRESS = 'tp.flows';

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
  // Where each flow stands (persisted on every change, so a flow resumes after a reload), and
  // what each slot shows: the presenter subscribes to `$shown` and draws the latest.
  const $progress = atom<FlowProgress>(readProgress(o.store.get(PROGRESS)));
  $progress.listen((progress) => o.store.set(PROGRESS, progress));
  const $shown = atom<Scenes>({});
  let presenter: Promise<Presenter> | undefined;
  let gone = false;
  let delays: unknown[] = [];
  let messages: ContentMessage[] = [];
  let surveys: Survey[] = [];
  let stopFeatures: (() => void) | undefined;
  // The segments by id (each evaluation gets a fresh cache of results: facts change between them).
  let segmentTable = new Map<string, Segment>();
  // Items whose page or delay trigger came on this page while something held them back:
  // tried again when a slot frees, so they need not wait for the next page view.
  let waiting = new Set<Item>();
  // When this page was viewed: its delays count from then.
  let pageAt = 0;

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
  const userKey = () => o.identity().userId ?? o.identity().anonymousId;
  const exposure = createExposure(o.store, userKey, track);
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

  function refreshFacts() {
    const path = profilePath(o.identity());
    if (path === profileKey) return Promise.resolve();
    profileKey = path;
    return facts.refresh(path);
  }

  /** Progress with what the profile knows from other devices folded in (what each event means: LIFECYCLE). */
  function seenEverywhere(item: Item): FlowProgress {
    const progress = $progress.get();
    const local = progress.seen[item.id];
    const completed = Math.max(local?.completed ?? 0, facts.contentLast(item.id, 'completed') ?? 0) || undefined;
    const dismissed = Math.max(local?.dismissed ?? 0, facts.contentLast(item.id, 'dismissed') ?? 0) || undefined;
    // Completed or dismissed means shown, even when the start was never recorded.
    const started = Math.max(local?.lastStarted ?? 0, facts.contentLast(item.id, 'shown') ?? 0, completed ?? 0, dismissed ?? 0);
    return started ? { ...progress, seen: { ...progress.seen, [item.id]: { lastStarted: started, completed, dismissed } } } : progress;
  }

  /** The message or survey `slot` shows. */
  const shownIn = (slot: Slot) => messageOf($shown.get()[slot]);
  /** What shows in `slot`: the running flow holds the main one. */
  const occupant = (slot: Slot): Item | undefined => (slot === 'main' && current()) || shownIn(slot);

  /** Puts `scene` in `slot` (undefined empties it), loading the presenter when something shows. */
  function put(slot: Slot, scene?: Scene) {
    $shown.set({ ...$shown.get(), [slot]: scene });
    if (scene) void getPresenter().catch(uiFailed);
  }

  /** What the guards see of `item` now: read once, here, so that every guard is pure. */
  function contextOf(item: Item, fired: boolean): GuardContext {
    const [at, here, slot, { count, last }] = [now(), url(), slotOf(item), throttle.read()];
    const targeting = targetingOf(o.identity(), here, at, facts);
    const settings = content.settings ?? {};
    return {
      ...{
        item,
        slot,
        occupant: occupant(slot),
        settings,
        userKey: userKey(),
        targeting,
        segments: { byId: segmentTable, cache: new Map() },
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
    if (h.kind === 'page') showJourneys();
    for (const item of triggeredBy([...flows, ...messages, ...surveys], h)) tryStart(item, h.kind === 'page' || h.kind === 'delay');
  }

  /**
   * Shows what journeys chose for this user (the profile's `show`), one at a time in the order
   * given: the first item not shown since the user entered, once nothing on screen, the
   * holdout or the throttle holds it back (its trigger, audience and repeat rule are the
   * journey's). Only the server's times are compared, never this device's clock, which may be
   * off: the collector lists an entry only while the content has no lifecycle event after it
   * (see `showRequests`), and this device keeps the entry it served (`entered`) until the
   * profile, fetched again, knows the show.
   */
  const showJourneys = () => {
    for (const { id, at } of (o.allowed() && facts.dump().profile?.show) || []) {
      const item = itemById(id);
      if (item && ($progress.get().seen[id]?.entered ?? 0) < at) return tryStart(item, false, JOURNEY_GUARDS);
    }
  };

  /**
   * Starts an unsolicited item if nothing blocks it (`guards`: the rules it must pass, all by default). `holds`:
   * its trigger still holds on this page (a page or delay trigger): held back, it waits.
   */
  const tryStart = transition((item: Item, holds: boolean, guards?: readonly Guard[]) => {
    const reason = firstReason(contextOf(item, true), guards);
    if (reason) {
      // (Not an item that shows already: it must not come back as soon as it closes.)
      if (holds && occupant(slotOf(item)) !== item) waiting.add(item);
      return o.warn(`${contentKind(item)} "${item.id}" was triggered but does not show: ${reason}`);
    }
    throttle.count();
    present(item, false);
  });

  /** Shows an item: unsolicited, or asked for by name (`manual`: an experiment's control group sees a flow too). */
  function present(item: Item, manual: boolean) {
    waiting.delete(item);
    if (isFlow(item)) startFlowItem(item, manual);
    else if (isSurvey(item)) showSurvey(item);
    else showMessage(item);
    // Shown, however it came: the journey entry asking for it (if any) is served on this device.
    const entered = facts.dump().profile?.show?.find((s) => s.id === item.id)?.at;
    if (entered) setSeen(item.id, { entered });
  }

  /**
   * A slot freed: what journeys chose comes first, then the items waiting on this page are
   * tried again, best first. Once the current call is over, so that what a call puts in the
   * slot (`startFlow` after a dismissal, a CTA's flow) goes first.
   */
  function freed() {
    void Promise.resolve().then(() => {
      showJourneys();
      [...waiting].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0)).forEach((item) => tryStart(item, true));
    });
  }

  /** Empties `slot` for an item shown on request: its message closes, its flow is dismissed. */
  function makeRoom(slot: Slot) {
    const message = shownIn(slot);
    if (message) closeMessage(message, false);
    const running = slot === 'main' && current();
    if (running) apply(dismiss($progress.get(), running, now()));
  }

  /** Shows a survey: `Survey Shown`, then `Survey Answered` (it counts as completed) or `Survey Dismissed`. */
  function showSurvey(survey: Survey) {
    markSeen(survey.id, 'lastStarted');
    track(EVENTS.surveyShown, { survey_id: survey.id });
    put('main', {
      item: survey,
      actions: {
        answer: transition((a: Parameters<SurveyActions['answer']>[0]) => {
          if (shownIn('main') !== survey) return;
          markSeen(survey.id, 'completed');
          // Choices are reported in the content's own language, whatever the user's.
          const label = (locale: string) => (survey.choices ?? []).map((c) => localize(c, locale, content.settings?.locale) ?? '');
          track(EVENTS.surveyAnswered, { survey_id: survey.id, ...answerOf(survey, a, label(o.locale), label(content.settings?.locale ?? 'en')) });
        }),
        dismiss: () => closeMessage(survey, !$progress.get().seen[survey.id]?.completed),
        done: () => closeMessage(survey, false),
        failed: () => closeMessage(survey, false),
      },
    });
  }

  /** Starts a flow; under an experiment, with the user's variant (control: only when asked for by name). */
  function startFlowItem(flow: Flow, manual: boolean): void {
    const variant = flow.experiment ? exposure.expose(flow.experiment) : undefined;
    if (variant === null && !manual) {
      // The control group sees nothing; remembered, so repeat rules treat it as shown.
      markSeen(flow.id, 'lastStarted');
      return;
    }
    apply(begin($progress.get(), flow, now(), variant ?? undefined));
  }

  /** Shows a message (or, for the experiment's control group, records that it would have). */
  function showMessage(message: ContentMessage) {
    let content: MessageContent = message;
    let variant: string | undefined;
    if (message.experiment) {
      const assigned = exposure.expose(message.experiment);
      const chosen = message.experiment.variants.find((v) => v.id === assigned);
      if (!chosen) {
        markSeen(message.id, 'lastStarted');
        return;
      }
      variant = chosen.id;
      content = { ...message, ...chosen.content };
    }
    markSeen(message.id, 'lastStarted');
    track(EVENTS.messageShown, { message_id: message.id, ...(variant && { variation_id: variant }) });
    put(slotOf(message), {
      item: message,
      content,
      handlers: {
        cta: () => messageCta(message, content.cta?.action ?? 'dismiss', variant),
        dismiss: () => closeMessage(message, true),
        missing: () => closeMessage(message, false),
      },
    });
  }

  /** Updates what this browser remembers of an item (started now, when it has no record yet). */
  function setSeen(id: string, patch: Partial<FlowRecord>) {
    const progress = $progress.get();
    $progress.set({ ...progress, seen: { ...progress.seen, [id]: { lastStarted: now(), ...progress.seen[id], ...patch } } });
  }

  function markSeen(id: string, field: 'lastStarted' | 'completed' | 'dismissed') {
    setSeen(id, { [field]: now() });
  }

  const closeMessage = transition((message: ContentMessage | Survey, dismissed: boolean) => {
    const slot = slotOf(message);
    if (shownIn(slot) !== message) return;
    put(slot);
    if (dismissed) {
      markSeen(message.id, 'dismissed');
      if (isSurvey(message)) track(EVENTS.surveyDismissed, { survey_id: message.id });
      else track(EVENTS.messageDismissed, { message_id: message.id });
    }
    freed();
  });

  /** The CTA: the message is done (completed), then its action runs. */
  const messageCta = transition((message: ContentMessage, action: Action, variant: string | undefined) => {
    if (shownIn(slotOf(message)) !== message) return;
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
    const ended = $progress.get().active && !t.progress.active;
    $progress.set(t.progress);
    for (const e of t.events) o.track(e.name, e.properties);
    render();
    if (ended) freed();
  });

  function current(): Flow | undefined {
    const { active } = $progress.get();
    return active && flowById(active.flowId);
  }

  function getPresenter(): Promise<Presenter> {
    // The presenter (targets, step views, Markdown) is only needed once something shows: it is
    // a chunk of its own, fetched beside the UI, so the engine a page always loads stays small.
    const flowNow = (fn: (flow: Flow) => void) => () => {
      const flow = current();
      if (flow) fn(flow);
    };
    presenter ??= Promise.all([o.loadUI(), import('./presenter.js')]).then(
      ([u, { createPresenter }]) =>
        createPresenter({
          document: doc,
          locale: o.locale,
          settings: content.settings,
          createUI: u.createUI,
          $shown,
          goTo: (index) => flowNow((flow) => apply(goTo($progress.get(), flow, index, now())))(),
          dismiss: flowNow((flow) => apply(dismiss($progress.get(), flow, now()))),
          missing: flowNow((flow) => {
            // As `touchpoint check` reports it: flow/step  selectors  url  missing.
            const step = flow.steps[$progress.get().active!.stepIndex]!;
            o.warn(`${flow.id}/${step.id}  ${targetSelectors(step)}  ${url()}  missing`);
            apply(targetMissing($progress.get(), flow, now(), url()));
          }),
          viewed: transition((flow: Flow, step: Step, index: number) =>
            track(EVENTS.flowStepViewed, { flow_id: flow.id, step_id: step.id, step_index: index }),
          ),
        }),
      (e: unknown) => {
        // Tried again the next time something must show. What waits for it now closes unseen,
        // so its slot frees for what comes next; a running flow keeps its place and resumes.
        presenter = undefined;
        for (const slot in $shown.get()) {
          const message = shownIn(slot as Slot);
          if (message) closeMessage(message, false);
        }
        throw e;
      },
    );
    return presenter;
  }

  /** Puts the running flow's step in the main slot, when it belongs on this page. */
  function render() {
    const { active } = $progress.get();
    const flow = current();
    const step = flow?.steps[active?.stepIndex ?? 0];
    if (active && !step) return apply({ progress: { ...$progress.get(), active: undefined }, events: [] });
    // A step that lives elsewhere waits for navigation to bring the user there.
    if (step && (!step.url || matchUrlGlob(step.url, url()))) {
      const copy = active!.variant ? flow!.experiment?.variants.find((v) => v.id === active!.variant)?.steps : undefined;
      put('main', { item: flow!, index: active!.stepIndex, copy });
      // (A message or survey may hold the main slot when no flow runs: it is not ours to hide.)
    } else if ($shown.get().main && !shownIn('main')) put('main');
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
      const index = $progress.get().active!.stepIndex;
      if (stepAdvances(flow.steps[index]!, h)) apply(goTo($progress.get(), flow, index + 1, now()));
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
      segmentTable = new Map((next.segments ?? []).map((s) => [s.id, s]));
      // Something may show on this page (a page trigger fires here, or a flow is running): the
      // UI and the presenter are fetched while the user's facts are on their way, not after.
      // (Nothing touches the page until something shows: the audience, decided with the
      // facts, may still say no.)
      const showable = [...flows, ...messages, ...surveys];
      if ($progress.get().active || triggeredBy(showable, { kind: 'page', url: url() }).length) getPresenter().catch(() => {});
      // Anything else may show later on this page (startFlow, an event, a click, a delay): the
      // UI is fetched once the page is idle, so what starts later draws in its first frame.
      // (Where there is no requestIdleCallback, it comes when needed.)
      else if (showable.length) doc.defaultView?.requestIdleCallback?.(() => gone || getPresenter().catch(() => {}));
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
    // (Content ids are looked up flows first: a flow's id finds the flow.)
    start: (flowId) => (flowById(flowId) ? controller.show(flowId) : o.warn(`startFlow: no flow "${flowId}" in the content`)),
    show: transition((contentId: string) => {
      const item = itemById(contentId);
      if (!item) return widgets.show(contentId) || o.warn(`show: no flow, message, survey or checklist "${contentId}" in the content`);
      makeRoom(slotOf(item));
      present(item, true);
    }),
    variant(experimentId) {
      const experiment = [...messages, ...flows].map((item) => item.experiment).find((e) => e?.id === experimentId);
      return experiment ? exposure.variantOf(experiment) : null;
    },
    dismiss: transition(() => {
      Object.values($shown.get()).forEach((scene) => messageOf(scene) && closeMessage(messageOf(scene)!, true));
      // Then the running flow, dismissed.
      makeRoom('main');
    }),
    reset() {
      $progress.set({ seen: {} });
      waiting = new Set();
      o.store.remove(PROGRESS);
      throttle.reset();
      exposure.reset();
      widgets.reset();
      Object.values($shown.get()).forEach((scene) => messageOf(scene) && closeMessage(messageOf(scene)!, false));
      render();
      this.identityChanged();
    },
    inspect: () => import('./inspect.js').then((m) => m.inspect(o, content, facts, url(), controller)),
    destroy() {
      gone = true;
      waiting = new Set();
      stopFeatures?.();
      doc.removeEventListener('click', onClick, true);
      delays.forEach((id) => platform.clearTimeout(id));
      $shown.set({});
      void presenter?.then(
        (p) => p.destroy(),
        () => undefined,
      );
    },
  };
  return controller;
}
