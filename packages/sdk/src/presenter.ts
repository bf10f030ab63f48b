/**
 * Shows what the engine decided on the page: it subscribes to the engine's `$shown` store and
 * draws each slot's latest scene. For steps and hints it finds the target (waiting for it,
 * following it when the app re-renders it), builds what the UI draws, and wires the buttons
 * and click-to-advance. Loaded lazily with the UI, the first time something must show: the
 * always-loaded runtime only decides *whether* something shows.
 */
import {
  localize,
  parseMarkdown,
  slotOf,
  targetSelectors,
  type ContentMessage,
  type Flow,
  type MessageContent,
  type Settings,
  type Slot,
  type Step,
  type StepCopy,
  type Survey,
} from '@touchpoint/content';
import type { DockActions, DockView, StepView, TouchpointUI, UIOptions } from '@touchpoint/ui';
import type { ReadableAtom } from 'nanostores';
import type { MessageHandlers, Scenes } from './scene.js';
import { watchTarget } from './target.js';

export interface PresenterOptions {
  document: Document;
  locale: string;
  settings: Settings | undefined;
  createUI(options: UIOptions): TouchpointUI;
  /** What each slot shows: drawn now, and again on every change. */
  $shown: ReadableAtom<Scenes>;
  /** The user moved to step `index` (past the last: completed). */
  goTo(index: number): void;
  dismiss(): void;
  /** The step's target did not appear in time (or vanished for good). */
  missing(): void;
  /** A step is on screen (not called again when only its target was re-rendered). */
  viewed(flow: Flow, step: Step, index: number): void;
}

/** The dock's actions as the engine gives them: the presenter adds the Markdown parser, which lives in its chunk. */
export type EngineDockActions = Omit<DockActions, 'markdown'>;

export interface Presenter {
  /** The launchers and open panel (checklist, resource center); null removes them. */
  dock(view: DockView | null, actions: EngineDockActions): void;
  destroy(): void;
}

export function createPresenter(o: PresenterOptions): Presenter {
  const ui = o.createUI({ locale: o.locale, theme: o.settings?.theme });
  // Per slot: bumped by everything it shows or hides (a late answer about an older view does
  // nothing), and what to undo then (target watchers, click listeners).
  const generation: Partial<Record<Slot, number>> = {};
  const cleanup: Partial<Record<Slot, Array<() => void>>> = {};
  let viewedKey: string | undefined;
  const text = (t: Step['title']) => localize(t, o.locale, o.settings?.locale);

  /** Ends what `slot` shows (its watchers), and returns the generation of what comes next. */
  function stop(slot: Slot): number {
    cleanup[slot]?.forEach((fn) => fn());
    cleanup[slot] = [];
    // (~~: none yet counts as 0.)
    return (generation[slot] = ~~generation[slot]! + 1);
  }

  /** Wraps `fn` so that it runs only while `slot` still shows generation `mine`. */
  const live = (slot: Slot, mine: number, fn: () => void) => () => mine === generation[slot] && fn();

  /** Finds the target (waiting for it), then calls `draw` at it and again each time the app re-renders it; `missing` once none comes in time. */
  function at(slot: Slot, mine: number, selectors: string[], timeoutMs: number, draw: (target: Element) => void, missing: () => void) {
    cleanup[slot]!.push(watchTarget(o.document, selectors, null, (next) => mine === generation[slot] && (next ? draw(next) : missing()), { timeoutMs }));
  }

  function show(flow: Flow, index: number, copy?: Record<string, StepCopy>) {
    const mine = stop('main');
    const base = flow.steps[index]!;
    const step = copy?.[base.id] ? { ...base, ...copy[base.id] } : base;
    const selectors = targetSelectors(step);
    if (selectors.length) at('main', mine, selectors, (step.timeout ?? 5) * 1000, (target) => draw(flow, step, index, target, mine), o.missing);
    else draw(flow, step, index, null, mine);
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
    const next = live('main', mine, () => o.goTo(index + 1));
    ui.showStep(view, { next, back: live('main', mine, () => o.goTo(index - 1)), dismiss: live('main', mine, o.dismiss) });
    clickOff?.();
    clickOff = undefined;
    if (target && typeof step.advance === 'object' && 'click' in step.advance) {
      // Once the app has handled the click: what it does in answer (an event it tracks) belongs
      // to this step, so one click never advances two steps. (Capture: the app cannot stop it.)
      const click = () => setTimeout(next);
      target.addEventListener('click', click, true);
      clickOff = () => target.removeEventListener('click', click, true);
      cleanup.main!.push(clickOff);
    }
    // Viewed once on screen: in the task after the first frame that draws it, so that its
    // bookkeeping (storage, the armed exit request) comes after that frame. A step left before is unseen.
    if (viewedKey !== key)
      requestAnimationFrame(() =>
        setTimeout(
          live('main', mine, () => {
            if (viewedKey === key) return;
            viewedKey = key;
            o.viewed(flow, step, index);
          }),
        ),
      );
  }

  function message(m: ContentMessage, content: MessageContent, handlers: MessageHandlers) {
    const slot = slotOf(m);
    const mine = stop(slot);
    const body = content.body === undefined ? undefined : parseMarkdown(text(content.body) ?? '');
    const common = {
      key: `message:${m.id}`,
      title: text(content.title),
      body,
      image: content.image,
      imageAlt: text(content.imageAlt),
      video: content.video,
      cta: content.cta && text(content.cta.label),
      slot,
    };
    const cta = live(slot, mine, handlers.cta);
    const dismiss = live(slot, mine, handlers.dismiss);
    // (What shows in the hint slot, a tooltip or a hotspot, is drawn as a step at its target.)
    if (slot !== 'hint')
      return ui.showMessage(
        { ...common, kind: m.kind as 'modal' | 'banner' | 'slideout', position: m.position },
        { cta, dismiss, failed: live(slot, mine, handlers.missing) },
      );
    // Without a call-to-action, "Got it" acknowledges the hint: it counts as the CTA.
    const draw = (target: Element) =>
      ui.showStep(
        {
          ...common,
          kind: m.kind as 'tooltip' | 'hotspot',
          target,
          placement: m.placement,
          spotlight: false,
          trapFocus: false,
          index: 0,
          total: 1,
          canGoBack: false,
          showNext: true,
          isLast: true,
        },
        { next: cta, back: () => {}, dismiss, cta },
      );
    at(slot, mine, targetSelectors(m), 5000, draw, handlers.missing);
  }

  function survey(s: Survey, actions: Parameters<TouchpointUI['showSurvey']>[1]) {
    stop('main');
    const say = (t: Survey['question']) => text(t) ?? '';
    ui.showSurvey({ key: `survey:${s.id}`, kind: s.kind, question: say(s.question), choices: s.choices?.map(say), multiple: s.multiple }, actions);
  }

  function hide(slot: Slot) {
    stop(slot);
    if (slot === 'main') viewedKey = undefined;
    ui.hide(slot);
  }

  // Each slot draws its latest scene once: an older one that never got drawn is never drawn.
  const drawn: Scenes = {};
  const off = o.$shown.subscribe((scenes) => {
    for (const key in { ...drawn, ...scenes }) {
      const slot = key as Slot;
      const scene = scenes[slot];
      if (scene === drawn[slot]) continue;
      drawn[slot] = scene;
      if (!scene) hide(slot);
      else if ('index' in scene) show(scene.item, scene.index, scene.copy);
      else if ('content' in scene) message(scene.item, scene.content, scene.handlers);
      else survey(scene.item, scene.actions);
    }
  });

  return {
    dock: (view, actions) => ui.dock(view, { ...actions, markdown: parseMarkdown }),
    destroy() {
      off();
      for (const slot in cleanup) stop(slot as Slot);
      ui.destroy();
    },
  };
}
