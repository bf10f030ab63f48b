/// <reference path="./env.d.ts" />
import type { Theme } from '@touchpoint/content';
import { render } from 'preact';
import { deepActiveElement } from './focus.js';
import { Layer } from './Layer.js';
import { stringsFor } from './strings.js';
import CSS from './styles.css?inline';
import type { StepActions, StepView } from './view.js';

export interface UIOptions {
  /** Picks the built-in strings (English, Japanese). */
  locale: string;
  theme?: Theme;
}

/** The UI as the SDK drives it. */
export interface TouchpointUI {
  /** Shows a step (replacing whatever is shown). */
  showStep(view: StepView, actions: StepActions): void;
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
  // Where focus was before the first step showed: it goes back there at the end.
  let returnFocus: HTMLElement | null = null;
  let showing = false;

  function mount(): HTMLDivElement {
    if (layer && host?.isConnected) return layer;
    host = document.createElement('touchpoint-ui');
    const root = host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    layer = document.createElement('div');
    layer.className = 'layer';
    layer.setAttribute('popover', 'manual');
    applyTheme(layer, options.theme);
    root.append(layer);
    document.body.append(host);
    return layer;
  }

  function raise(el: HTMLDivElement) {
    try {
      // Shown again so it is the newest entry of the top layer: above a <dialog> the app opened since.
      if (el.matches(':popover-open')) el.hidePopover();
      el.showPopover();
    } catch {
      // No popover support: the layer still renders, fixed, in the page.
    }
  }

  return {
    showStep(view, actions) {
      const el = mount();
      if (!showing) returnFocus = deepActiveElement();
      showing = true;
      const rtl = (view.target ? getComputedStyle(view.target).direction : document.dir || getComputedStyle(document.documentElement).direction) === 'rtl';
      el.dir = rtl ? 'rtl' : 'ltr';
      el.lang = options.locale;
      raise(el);
      render(<Layer view={view} actions={actions} strings={strings} rtl={rtl} />, el);
    },
    hide() {
      if (!layer || !showing) return;
      showing = false;
      render(null, layer);
      try {
        layer.hidePopover();
      } catch {
        // Not shown as a popover: nothing to hide.
      }
      if (returnFocus?.isConnected) returnFocus.focus({ preventScroll: true });
      returnFocus = null;
    },
    destroy() {
      this.hide();
      host?.remove();
      host = layer = undefined;
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
