/// <reference path="./env.d.ts" />
import type { Slot, Theme } from '@touchpoint/content';
import { h, render } from 'preact';
import { deepActiveElement } from './focus.js';
import { Layer } from './Layer.js';
import { stringsFor } from './strings.js';
import CSS from './styles.css?inline';
import type { DockActions, DockView, MessageActions, MessageView, StepActions, StepView, SurveyActions, SurveyView } from './view.js';

export interface UIOptions {
  /** Picks the built-in strings (English, Japanese). */
  locale: string;
  theme?: Theme;
}

/** The UI as the SDK drives it. */
export interface TouchpointUI {
  /** Shows a step, tooltip or hotspot in the main slot (replacing what it shows). */
  showStep(view: StepView, actions: StepActions): void;
  /** Shows a modal, banner or slideout in `view.slot` (replacing what that slot shows); its code loads on first use. */
  showMessage(view: MessageView, actions: MessageActions): void;
  /** Shows a survey in the main slot (replacing what it shows); its code loads on first use. */
  showSurvey(view: SurveyView, actions: SurveyActions): void;
  /**
   * Draws the corner launchers (checklist, resource center) and the open panel, beside
   * whatever else shows; null removes them. Its code loads on first use.
   */
  dock(view: DockView | null, actions: DockActions): void;
  /** Empties a slot (the main one by default), and gives focus back to where it was if it was there. */
  hide(slot?: Slot): void;
  /** Removes the shadow host and everything in it. */
  destroy(): void;
}

/** The slots in the order they stack: the main slot's steps, modals and surveys go above banners and slideouts. */
const SLOTS: Slot[] = ['banner', 'corner', 'main'];

/**
 * Creates the UI. Nothing touches the page until the first show: then one `<touchpoint-ui>`
 * element is appended to the body, with an open shadow root holding all markup and CSS.
 * What is shown lives in a `popover="manual"` layer, in the browser's top layer, above every
 * host z-index and stacking context; each slot has its own box in it, so a banner stays
 * while a modal comes and goes.
 */
export function createUI(options: UIOptions): TouchpointUI {
  const strings = stringsFor(options.locale);
  let host: HTMLElement | undefined;
  let layer: HTMLDivElement | undefined;
  // The main slot's container while the app has a modal <dialog> open (see `prepare`).
  let frame: HTMLDialogElement | undefined;
  let boxes: Record<Slot, HTMLDivElement> | undefined;
  // Per slot: the container showing it, and where focus was before it first showed.
  const shown: Partial<Record<Slot, { el: HTMLElement; focus: HTMLElement | null }>> = {};
  // Esc while our frame is the topmost modal: it dismisses what the frame holds.
  let escape: (() => void) | undefined;
  let messages: Promise<typeof import('./messages.js')> | undefined;
  let surveys: Promise<typeof import('./surveys.js')> | undefined;
  let docks: Promise<typeof import('./checklist.js')> | undefined;
  // The launchers' own layer: they stay while steps and messages come and go.
  let dockLayer: HTMLDivElement | undefined;
  let dockWanted = false;
  // Bumped by every show and hide of a slot: a message whose chunk arrives late draws only if still wanted.
  const generations = { main: 0, banner: 0, corner: 0 };

  function mount() {
    if (host?.isConnected) return;
    host = document.createElement('touchpoint-ui');
    const root = host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    // Esc inside our UI is ours: its default action, a close request, would go to the topmost
    // modal, which is the app's own <dialog> once ours has closed on the keydown.
    root.addEventListener('keydown', (event) => (event as KeyboardEvent).key === 'Escape' && event.preventDefault(), true);
    layer = document.createElement('div');
    layer.setAttribute('popover', 'manual');
    boxes = {} as Record<Slot, HTMLDivElement>;
    for (const slot of SLOTS) layer.append((boxes[slot] = document.createElement('div')));
    dockLayer = document.createElement('div');
    dockLayer.setAttribute('popover', 'manual');
    // While the app shows a modal <dialog>, everything else (popovers included) is inert:
    // then the main slot goes in a modal dialog of our own, opened after it, so above it. It
    // stands for what it holds (what it holds is no dialog itself then): one dialog, named by
    // its title (a step's, a modal's, a survey's question), described by its body.
    frame = document.createElement('dialog');
    frame.setAttribute('aria-labelledby', 'tp-title tp-main-title tp-s-q');
    frame.setAttribute('aria-describedby', 'tp-body tp-main-body');
    frame.setAttribute('aria-label', strings.message);
    frame.addEventListener('cancel', (event) => {
      event.preventDefault();
      escape?.();
    });
    for (const el of [layer, frame, dockLayer]) {
      el.className = 'layer';
      applyTheme(el, options.theme);
    }
    root.append(layer, frame, dockLayer);
    document.body.append(host);
  }

  /**
   * Opens a popover layer (`anew`: closed first, so it becomes the newest entry of the top
   * layer, above a dialog or popover the app opened since), or closes it.
   */
  function open(el: HTMLElement, closing?: boolean, anew?: boolean) {
    try {
      if (closing || anew) el.hidePopover();
      if (!closing) el.showPopover();
    } catch {
      // No top-layer support: the layer still renders, fixed, in the page.
    }
  }

  /** Empties a slot's container. (The layer stays open: empty, it covers nothing and takes no clicks.) */
  function clear(el: HTMLElement) {
    render(null, el);
    if (el === frame) frame.close();
  }

  /** Opens the container of `slot` for what comes (`dismiss`: how Esc closes it), in the right direction, and returns it. */
  function prepare(slot: Slot, target: Element | null, dismiss: () => void): { el: HTMLElement; rtl: boolean } {
    mount();
    generations[slot]++;
    if (slot === 'main') escape = dismiss;
    const el = slot === 'main' && document.querySelector('dialog:modal') ? frame! : boxes![slot];
    const was = shown[slot];
    shown[slot] = { el, focus: was ? was.focus : deepActiveElement() };
    if (was && was.el !== el) clear(was.el);
    const rtl = (target ? getComputedStyle(target).direction : document.dir || getComputedStyle(document.documentElement).direction) === 'rtl';
    el.dir = rtl ? 'rtl' : 'ltr';
    el.lang = options.locale;
    if (el === frame) {
      // Opened anew each time, so it is the newest entry of the top layer: above a <dialog> the app opened since.
      frame.close();
      frame.showModal();
    } else open(layer!, false, slot === 'main');
    return { el, rtl };
  }

  /** Draws a lazily loaded widget into `slot`, if it is still wanted when its chunk arrives. */
  function later<M>(slot: Slot, el: HTMLElement, chunk: Promise<M>, draw: (m: M) => void) {
    const mine = generations[slot];
    render(null, el);
    void chunk.then((m) => mine === generations[slot] && draw(m));
  }

  return {
    showStep(view, actions) {
      const { el, rtl } = prepare('main', view.target, actions.dismiss);
      render(<Layer view={view} actions={actions} strings={strings} rtl={rtl} framed={el === frame} />, el);
    },
    showMessage(view, actions) {
      const slot = view.slot ?? 'main';
      const { el } = prepare(slot, null, actions.dismiss);
      messages ??= import('./messages.js');
      later(slot, el, messages, (m) => m.showMessage(el, view, actions, strings, el === frame));
    },
    showSurvey(view, actions) {
      const { el } = prepare('main', null, actions.dismiss);
      surveys ??= import('./surveys.js');
      later('main', el, surveys, (m) => m.showSurvey(el, view, actions, options.locale));
    },
    dock(view, actions) {
      dockWanted = !!view;
      if (!view && !dockLayer) return;
      mount();
      const el = dockLayer!;
      docks ??= import('./checklist.js');
      void docks.then((m) => {
        if (dockWanted !== !!view) return;
        m.renderDock(el, view, actions, options.locale);
        open(el, !view);
      });
    },
    hide(slot = 'main') {
      generations[slot]++;
      const was = shown[slot];
      if (!was) return;
      delete shown[slot];
      // Focus goes back only from what closes (or from nowhere): never away from where the user has gone since.
      const active = deepActiveElement();
      const back = !active || active === document.body || was.el.contains(active);
      clear(was.el);
      if (back && was.focus?.isConnected) was.focus.focus({ preventScroll: true });
    },
    destroy() {
      for (const slot of SLOTS) this.hide(slot);
      host?.remove();
      host = layer = frame = dockLayer = boxes = undefined;
    },
  };
}

function applyTheme(layer: HTMLElement, theme: Theme = {}) {
  // Through the CSSOM: custom properties set this way are not inline style markup, and a strict CSP allows them.
  if (theme.accent) layer.style.setProperty('--tp-accent', theme.accent);
  if (theme.radius !== undefined) layer.style.setProperty('--tp-radius', typeof theme.radius === 'number' ? `${theme.radius}px` : theme.radius);
  if (theme.font) layer.style.setProperty('--tp-font', theme.font);
  layer.dataset.mode = theme.mode ?? 'auto';
}
