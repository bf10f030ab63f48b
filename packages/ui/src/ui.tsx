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
  /** Shows a step, tooltip or hotspot in `view.slot` (main by default), replacing what it shows. */
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

/** The slots in the order they stack: hints above banners and slideouts, the main slot's steps, modals and surveys on top. */
const SLOTS: Slot[] = ['banner', 'corner', 'hint', 'main'];

/**
 * Creates the UI. Nothing touches the page until the first show: then one `<touchpoint-ui>`
 * element is appended to the body, with an open shadow root holding all markup and CSS.
 * What is shown lives in a `popover="manual"` layer, in the browser's top layer, above every
 * host z-index and stacking context; each slot has its own box in it, so a banner stays
 * while a modal comes and goes.
 *
 * While the app has a modal `<dialog>` open, everything outside it is inert (popovers
 * included): the host then moves into the topmost one, so that what we show stays usable and
 * the app's dialog too (nothing of ours is modal over it), and back to the body when it closes.
 */
export function createUI(options: UIOptions): TouchpointUI {
  const strings = stringsFor(options.locale);
  // Per slot: the view it shows, how Esc dismisses it, and where focus was before it first showed.
  const shown: Partial<Record<Slot, { key: string; dismiss(): void; focus: HTMLElement | null }>> = {};
  const messages = lazy(() => import('./messages.js'));
  const surveys = lazy(() => import('./surveys.js'));
  const docks = lazy(() => import('./dock-chunk.js'));
  let dockWanted = false;
  // Watches the app's dialogs open, close and leave the page (see `place`), once it is in the page.
  let watch: MutationObserver | undefined;

  // The host, its shadow root, stylesheet and layers are made now, and put in the page when
  // something first shows: the presenter, and with it this UI, is made once the page is idle
  // when content may show, so a tour started later does not wait for its stylesheet to parse.
  const host = document.createElement('touchpoint-ui');
  // Hidden to the app's CSS (our :host shows it): its sibling selectors (`> :not([hidden]) ~ *`) skip it.
  host.hidden = true;
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
  // Esc inside what a slot shows dismisses it (a step, a message, a survey, a hint's
  // beacon), and only it: its default action, a close request, would close the app's dialog.
  root.addEventListener(
    'keydown',
    (event) => {
      if ((event as KeyboardEvent).key !== 'Escape') return;
      event.preventDefault();
      for (const slot of SLOTS)
        if (boxes[slot].contains(event.target as Node) && shown[slot]) {
          event.stopPropagation();
          shown[slot]!.dismiss();
        }
    },
    true,
  );
  const layer = document.createElement('div');
  const boxes = {} as Record<Slot, HTMLDivElement>;
  for (const slot of SLOTS) layer.append((boxes[slot] = document.createElement('div')));
  // The launchers' own layer: they stay while steps and messages come and go.
  const dockLayer = document.createElement('div');
  for (const el of [layer, dockLayer]) {
    el.setAttribute('popover', 'manual');
    el.className = 'layer';
    applyTheme(el, options.theme);
  }
  root.append(layer, dockLayer);

  function mount() {
    place();
    // Watching from after our own insertion: it would only call `place` once more for nothing.
    if (!watch) {
      watch = new MutationObserver(place);
      watch.observe(document, { subtree: true, childList: true, attributeFilter: ['open'] });
    }
  }

  /**
   * Keeps the host where the user can reach it: in the app's topmost open modal `<dialog>`
   * (first, so the app's `:last-child` and sibling rules see no change), else at the end of
   * the body. A move closes its popovers: they open again, above the dialog.
   */
  function place() {
    const dialog = [...document.querySelectorAll('dialog:modal')].pop();
    if (host.parentNode === (dialog ?? document.body)) return;
    // (An app swapping its body may leave the page without one for a moment: the next one gets the host.)
    dialog ? dialog.prepend(host) : document.body?.append(host);
    open(layer);
    if (dockWanted) open(dockLayer);
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

  /**
   * Opens the box of `slot` for `key` (`dismiss`: how Esc closes it), in the right direction,
   * and returns it. The same view again (the app re-rendered its target) changes nothing else:
   * the layer is not reopened, so focus stays where the user put it.
   */
  function prepare(slot: Slot, key: string, target: Element | null, dismiss: () => void): { el: HTMLElement; rtl: boolean } {
    mount();
    const was = shown[slot];
    shown[slot] = { key, dismiss, focus: was ? was.focus : deepActiveElement() };
    const el = boxes[slot];
    // The target's direction, or the page's (the body's inherits the root's `dir`).
    el.dir = getComputedStyle(target ?? document.body ?? document.documentElement).direction;
    const rtl = el.dir === 'rtl';
    el.lang = options.locale;
    if (was?.key !== key) open(layer, false, slot === 'main');
    return { el, rtl };
  }

  /**
   * Draws a lazily loaded widget into `slot` if the slot still shows it when its chunk arrives
   * (each show puts a new record in `shown`), or says it could not arrive.
   */
  function later<M>(slot: Slot, el: HTMLElement, chunk: Promise<M>, draw: (m: M) => void, actions: { failed?(): void }) {
    const mine = shown[slot];
    render(null, el);
    chunk.then(
      (m) => mine === shown[slot] && draw(m),
      () => mine === shown[slot] && actions.failed?.(),
    );
  }

  return {
    showStep(view, actions) {
      const { el, rtl } = prepare(view.slot ?? 'main', view.key, view.target, actions.dismiss);
      render(<Layer view={view} actions={actions} strings={strings} rtl={rtl} />, el);
    },
    showMessage(view, actions) {
      const slot = view.slot ?? 'main';
      const { el } = prepare(slot, view.key, null, actions.dismiss);
      later(slot, el, messages(), (m) => m.showMessage(el, view, actions, strings), actions);
    },
    showSurvey(view, actions) {
      const { el } = prepare('main', view.key, null, actions.dismiss);
      later('main', el, surveys(), (m) => m.showSurvey(el, view, actions, options.locale), actions);
    },
    dock(view, actions) {
      dockWanted = !!view;
      if (!view && !watch) return;
      mount();
      const el = dockLayer;
      void docks().then((m) => {
        if (dockWanted !== !!view) return;
        m.renderDock(el, view, actions, options.locale);
        open(el, !view);
      });
    },
    hide(slot = 'main') {
      const was = shown[slot];
      if (!was) return;
      delete shown[slot];
      const el = boxes[slot];
      // Focus goes back only from what closes (or from nowhere): never away from where the user has gone since.
      const active = deepActiveElement();
      const back = !active || active === document.body || el.contains(active);
      render(null, el);
      if (back && was.focus?.isConnected) was.focus.focus({ preventScroll: true });
    },
    destroy() {
      for (const slot of SLOTS) this.hide(slot);
      watch?.disconnect();
      watch = undefined;
      host.remove();
      // The launchers too (and a dock chunk that arrives later draws nothing).
      dockWanted = false;
      render(null, dockLayer);
    },
  };
}

/** A chunk loaded on first use; a load that failed is forgotten, so the next use tries again. */
function lazy<M>(load: () => Promise<M>): () => Promise<M> {
  let chunk: Promise<M> | undefined;
  return () =>
    (chunk ??= load().catch((e) => {
      chunk = undefined;
      throw e;
    }));
}

function applyTheme(layer: HTMLElement, theme: Theme = {}) {
  // Through the CSSOM: custom properties set this way are not inline style markup, and a strict CSP allows them.
  if (theme.accent) layer.style.setProperty('--tp-accent', theme.accent);
  if (theme.radius !== undefined) layer.style.setProperty('--tp-radius', typeof theme.radius === 'number' ? `${theme.radius}px` : theme.radius);
  if (theme.font) layer.style.setProperty('--tp-font', theme.font);
  if (theme.mode) layer.dataset.mode = theme.mode;
}
