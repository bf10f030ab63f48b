/**
 * Shows flow steps on the page: finds each step's target (waiting for it, following it
 * when the app re-renders it), builds what the UI draws, and wires the step's buttons and
 * click-to-advance. Loaded lazily with the UI, the first time a flow must show: the
 * always-loaded runtime only decides *whether* something shows.
 */
import { localize, parseMarkdown, slotOf, targetSelectors, type ContentMessage, type Flow, type MessageContent, type Settings, type Slot, type Step, type StepCopy, type Survey } from '@touchpoint/content';
import type { DockActions, DockView, StepView, SurveyActions, TouchpointUI, UIOptions } from '@touchpoint/ui';
import { waitForTarget, watchTarget } from './target.js';

export interface PresenterOptions {
  document: Document;
  locale: string;
  settings: Settings | undefined;
  createUI(options: UIOptions): TouchpointUI;
  /** The user moved to step `index` (past the last: completed). */
  goTo(index: number): void;
  dismiss(): void;
  /** The step's target did not appear in time (or vanished for good). */
  missing(): void;
  /** A step is on screen (not called again when only its target was re-rendered). */
  viewed(flow: Flow, step: Step, index: number): void;
}

export interface MessageHandlers {
  cta(): void;
  dismiss(): void;
  /** A tooltip or hotspot message's target did not appear in time. */
  missing(): void;
}

/** The dock's actions as the engine gives them: the presenter adds the Markdown parser, which lives in its chunk. */
export type EngineDockActions = Omit<DockActions, 'markdown'>;

export interface Presenter {
  /** Shows step `index`; `copy` replaces steps' copy by step id (a flow experiment's variant). */
  show(flow: Flow, index: number, copy?: Record<string, StepCopy>): void;
  /** Shows a message with `content` (its own, or its experiment variant's), in its slot. */
  message(message: ContentMessage, content: MessageContent, handlers: MessageHandlers): void;
  /** Shows a survey (its question and choices localized here). */
  survey(survey: Survey, actions: SurveyActions): void;
  /** The launchers and open panel (checklist, resource center); null removes them. */
  dock(view: DockView | null, actions: EngineDockActions): void;
  /** Empties a slot (steps, modals, tooltips and surveys show in `main`). */
  hide(slot: Slot): void;
  destroy(): void;
}

export function createPresenter(o: PresenterOptions): Presenter {
  const ui = o.createUI({ locale: o.locale, theme: o.settings?.theme });
  // Bumped by everything the main slot shows (banners and slideouts outlive it: the engine checks they still show).
  let generation = 0;
  let cleanup: Array<() => void> = [];
  let viewedKey: string | undefined;
  const text = (t: Step['title']) => localize(t, o.locale, o.settings?.locale);

  function stop() {
    generation++;
    cleanup.forEach((fn) => fn());
    cleanup = [];
  }

  async function show(flow: Flow, index: number, copy?: Record<string, StepCopy>) {
    stop();
    const mine = generation;
    const base = flow.steps[index]!;
    const step = copy?.[base.id] ? { ...base, ...copy[base.id] } : base;
    const selectors = targetSelectors(step);
    const timeoutMs = (step.timeout ?? 5) * 1000;
    let target: Element | null = null;
    if (selectors.length) {
      const abort = new AbortController();
      cleanup.push(() => abort.abort());
      const found = await waitForTarget(o.document, selectors, { timeoutMs, signal: abort.signal });
      if (mine !== generation) return;
      if (!found) return o.missing();
      target = found.element;
      keep(selectors, target, timeoutMs, mine, (next) => draw(flow, step, index, next, mine), o.missing);
    }
    draw(flow, step, index, target, mine);
  }

  /** The app re-rendered the target: `redraw` at the new element, or `missing` once none comes back in time. */
  function keep(selectors: string[], target: Element, timeoutMs: number, mine: number, redraw: (next: Element) => void, missing: () => void) {
    cleanup.push(watchTarget(o.document, selectors, target, (next) => mine === generation && (next ? redraw(next) : missing()), { timeoutMs }));
  }

  let clickOff: (() => void) | undefined;
  function draw(flow: Flow, step: Step, index: number, target: Element | null, mine: number) {
    const key = `${flow.id}:${step.id}`;
    const kind = step.kind ?? 'popover';
    const byButton = !step.advance || step.advance === 'button';
    const spotlight = step.spotlight ?? (kind === 'popover' && !!target);
    const view: StepView = {
      key,
      kind,
      title: text(step.title),
      body: step.body === undefined ? undefined : parseMarkdown(text(step.body) ?? ''),
      image: step.image,
      imageAlt: text(step.imageAlt),
      video: step.video,
      target,
      placement: step.placement,
      spotlight,
      trapFocus: spotlight && byButton,
      index,
      total: flow.steps.length,
      canGoBack: index > 0 && kind === 'popover',
      showNext: byButton,
      isLast: index === flow.steps.length - 1,
    };
    const live = (fn: () => void) => () => mine === generation && fn();
    ui.showStep(view, { next: live(() => o.goTo(index + 1)), back: live(() => o.goTo(index - 1)), dismiss: live(o.dismiss) });
    clickOff?.();
    clickOff = undefined;
    if (target && typeof step.advance === 'object' && 'click' in step.advance) {
      const next = live(() => o.goTo(index + 1));
      target.addEventListener('click', next, true);
      clickOff = () => target.removeEventListener('click', next, true);
      cleanup.push(clickOff);
    }
    if (viewedKey !== key) {
      viewedKey = key;
      o.viewed(flow, step, index);
    }
  }

  async function message(m: ContentMessage, content: MessageContent, handlers: MessageHandlers) {
    const slot = slotOf(m);
    const main = slot === 'main';
    if (main) stop();
    const mine = generation;
    const body = content.body === undefined ? undefined : parseMarkdown(text(content.body) ?? '');
    const common = { key: `message:${m.id}`, title: text(content.title), body, image: content.image, imageAlt: text(content.imageAlt), video: content.video, cta: content.cta && text(content.cta.label) };
    const live = (fn: () => void) => () => (!main || mine === generation) && fn();
    if (m.kind !== 'tooltip' && m.kind !== 'hotspot') {
      ui.showMessage({ ...common, kind: m.kind, position: m.position, slot }, { cta: live(handlers.cta), dismiss: live(handlers.dismiss) });
      return;
    }
    const abort = new AbortController();
    cleanup.push(() => abort.abort());
    const selectors = targetSelectors(m);
    const found = await waitForTarget(o.document, selectors, { timeoutMs: 5000, signal: abort.signal });
    if (mine !== generation) return;
    if (!found) return handlers.missing();
    // Without a call-to-action, "Got it" acknowledges the hint: it counts as the CTA.
    const draw = (target: Element) =>
      ui.showStep(
        { ...common, kind: m.kind as 'tooltip' | 'hotspot', target, placement: m.placement, spotlight: false, trapFocus: false, index: 0, total: 1, canGoBack: false, showNext: true, isLast: true },
        { next: live(handlers.cta), back: () => {}, dismiss: live(handlers.dismiss), cta: live(handlers.cta) },
      );
    keep(selectors, found.element, 5000, mine, draw, handlers.missing);
    draw(found.element);
  }

  return {
    survey(s, actions) {
      stop();
      const say = (t: Survey['question']) => text(t) ?? '';
      ui.showSurvey({ key: `survey:${s.id}`, kind: s.kind, question: say(s.question), choices: s.choices?.map(say), multiple: s.multiple }, actions);
    },
    dock: (view, actions) => ui.dock(view, { ...actions, markdown: parseMarkdown }),
    show: (flow, index, copy) => void show(flow, index, copy),
    message: (m, content, handlers) => void message(m, content, handlers),
    hide(slot) {
      if (slot === 'main') {
        stop();
        viewedKey = undefined;
      }
      ui.hide(slot);
    },
    destroy() {
      stop();
      ui.destroy();
    },
  };
}
