import { EVENTS, matchUrlGlob, type ContentDocument, type Flow } from '@touchpoint/content';
import type { UIOptions, TouchpointUI } from '@touchpoint/ui';
import { begin, blockedReason, dismiss, flowToStart, goTo, readProgress, stepAdvances, targetMissing, triggerFires, type FlowProgress, type Happening, type Transition } from './flow-engine.js';
import type { Platform } from './platform.js';
import { createPresenter, type Presenter } from './presenter.js';
import type { KeyValueStore } from './storage.js';

/** The lazily loaded UI module (`@touchpoint/ui`, or `/sdk/ui.js` for the script tag). */
export interface UIModule {
  createUI(options: UIOptions): TouchpointUI;
}

export interface FlowControllerOptions {
  platform: Platform;
  document: Document;
  store: KeyValueStore;
  track(event: string, properties: Record<string, unknown>): void;
  /** Loads the UI, the first time a step must show. */
  loadUI(): Promise<UIModule>;
  locale: string;
  warn(msg: string): void;
}

export interface FlowController {
  setContent(content: ContentDocument): void;
  /** Something happened: it may start a flow, or advance the running one. */
  happen(happening: Happening): void;
  /** Starts a flow now, whatever its trigger and repeat rule. */
  start(flowId: string): void;
  dismiss(): void;
  /** Forgets all flow state (log out). */
  reset(): void;
  destroy(): void;
}

const PROGRESS = 'tp.flows';

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
            if (flow) apply(dismiss(progress, flow));
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
          if (triggerFires(f.trigger, { kind: 'delay', url: url() }) && blockedReason(f, progress, now()) === null) apply(begin(progress, f, now()));
        }, (f.trigger as { seconds: number }).seconds * 1000),
      );
  }

  function happen(h: Happening) {
    const flow = current();
    if (flow) {
      const index = progress.active!.stepIndex;
      if (stepAdvances(flow.steps[index]!, h)) return apply(goTo(progress, flow, index + 1, now()));
      if (h.kind === 'page') render();
    } else {
      const next = flowToStart(flows, h, progress, now());
      if (next) apply(begin(progress, next, now()));
    }
    if (h.kind === 'page') scheduleDelays();
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
      flows = Array.isArray(next.flows) ? next.flows.filter((f) => f && typeof f.id === 'string' && Array.isArray(f.steps) && f.steps.length) : [];
      // The page view that came before the content: page triggers and resumed flows see it now.
      happen({ kind: 'page', url: url() });
    },
    happen,
    start(flowId) {
      const flow = flowById(flowId);
      if (!flow) return o.warn(`startFlow: no flow "${flowId}" in the content`);
      const running = current();
      if (running) apply(dismiss(progress, running));
      apply(begin(progress, flow, now()));
    },
    dismiss() {
      const flow = current();
      if (flow) apply(dismiss(progress, flow));
    },
    reset() {
      progress = { seen: {} };
      o.store.remove(PROGRESS);
      render();
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
