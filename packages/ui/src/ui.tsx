/// <reference path="./env.d.ts" />
import type { Theme } from '@touchpoint/content';
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
  /** Shows a step, tooltip or hotspot (replacing whatever is shown). */
  showStep(view: StepView, actions: StepActions): void;
  /** Shows a modal, banner or slideout (replacing whatever is shown); its code loads on first use. */
  showMessage(view: MessageView, actions: MessageActions): void;
  /** Shows a survey (replacing whatever is shown); its code loads on first use. */
  showSurvey(view: SurveyView, actions: SurveyActions): void;
  /**
   * Draws the corner launchers (checklist, resource center) and the open panel, beside
   * whatever else shows; null removes them. Its code loads on first use.
   */
  dock(view: DockView | null, actions: DockActions): void;
  /** Removes what is shown and gives focus back to where it was. */
  hide(): void;
  /** Removes the shadow host and everything in it. */
  destroy(): void;
}

/**
 * Creates the UI. Nothing touches the page until the first `showStep`: then one
 * `<touchpoint-ui>` element is appended to the body, with an open shadow root holding all
 * markup and CSS. What is shown lives in a `popover="manual"` layer, in the browser's top
 * layer, above every host z-index and stacking context.
 */
export function createUI(options: UIOptions): TouchpointUI {
  const strings = stringsFor(options.locale);
  let host: HTMLElement | undefined;
  let layer: HTMLDivElement | undefined;
  let modalLayer: HTMLDialogElement | undefined;
  // The container in use: the popover layer, or the modal one while the app has a modal open.
  let active: HTMLElement | undefined;
  // Where focus was before the first step showed: it goes back there at the end.
  let returnFocus: HTMLElement | null = null;
  let messages: Promise<typeof import('./messages.js')> | undefined;
  let surveys: Promise<typeof import('./surveys.js')> | undefined;
  let docks: Promise<typeof import('./checklist.js')> | undefined;
  // The launchers' own layer: they stay while steps and messages come and go.
  let dockLayer: HTMLDivElement | undefined;
  let dockWanted = false;
  // Bumped by every show and hide: a message whose chunk arrives late draws only if still wanted.
  let generation = 0;

  function mount() {
    if (host?.isConnected) return;
    host = document.createElement('touchpoint-ui');
    const root = host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    layer = document.createElement('div');
    layer.setAttribute('popover', 'manual');
    // While the app shows a modal <dialog>, everything else (popovers included) is inert:
    // then steps go in a modal dialog of our own, opened after it, so above it.
    dockLayer = document.createElement('div');
    dockLayer.setAttribute('popover', 'manual');
    modalLayer = document.createElement('dialog');
    modalLayer.setAttribute('aria-label', strings.message);
    // Escape is the step's to handle (it dismisses the flow); the dialog must not close itself.
    modalLayer.addEventListener('cancel', (event) => event.preventDefault());
    for (const el of [layer, modalLayer, dockLayer]) {
      el.className = 'layer';
      applyTheme(el, options.theme);
    }
    root.append(layer, modalLayer, dockLayer);
    document.body.append(host);
    active = undefined;
  }

  function open(el: HTMLElement, closing = false) {
    try {
      if (closing) return el.hidePopover();
      // The dock is opened once and stays: the layer of steps, opened anew each time, goes above it.
      if (el === dockLayer) return el.matches(':popover-open') || el.showPopover();
      // Opened anew each step, so it is the newest entry of the top layer: above a <dialog> the app opened since.
      if (el === modalLayer) {
        if (modalLayer.open) modalLayer.close();
        modalLayer.showModal();
      } else {
        if (el.matches(':popover-open')) el.hidePopover();
        el.showPopover();
      }
    } catch {
      // No top-layer support: the layer still renders, fixed, in the page.
    }
  }

  function close(el: HTMLElement | undefined) {
    if (!el) return;
    render(null, el);
    try {
      if (el === modalLayer) modalLayer.close();
      else el.hidePopover();
    } catch {
      // It was not open.
    }
  }

  /** Opens the right layer for what comes, in the right direction, and returns it. */
  function prepare(target: Element | null): { el: HTMLElement; rtl: boolean } {
    mount();
    generation++;
    const next = document.querySelector('dialog:modal') ? modalLayer! : layer!;
    if (!active) returnFocus = deepActiveElement();
    if (active !== next) close(active);
    active = next;
    const rtl = (target ? getComputedStyle(target).direction : document.dir || getComputedStyle(document.documentElement).direction) === 'rtl';
    next.dir = rtl ? 'rtl' : 'ltr';
    next.lang = options.locale;
    open(next);
    return { el: next, rtl };
  }

  return {
    showStep(view, actions) {
      const { el, rtl } = prepare(view.target);
      render(<Layer view={view} actions={actions} strings={strings} rtl={rtl} />, el);
    },
    showMessage(view, actions) {
      const { el } = prepare(null);
      const mine = generation;
      render(null, el);
      messages ??= import('./messages.js');
      void messages.then((m) => mine === generation && m.showMessage(el, view, actions, strings));
    },
    showSurvey(view, actions) {
      const { el } = prepare(null);
      const mine = generation;
      render(null, el);
      surveys ??= import('./surveys.js');
      void surveys.then((m) => mine === generation && m.showSurvey(el, view, actions, options.locale));
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
    hide() {
      generation++;
      if (!active) return;
      close(active);
      active = undefined;
      if (returnFocus?.isConnected) returnFocus.focus({ preventScroll: true });
      returnFocus = null;
    },
    destroy() {
      this.hide();
      host?.remove();
      host = layer = modalLayer = dockLayer = undefined;
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
