/// <reference path="../env.d.ts" />
import { h, render } from 'preact';
import CSS from './builder.css?inline';
import { BuilderPanel } from './BuilderPanel.js';
import type { BuilderActions, BuilderView } from './builder-view.js';

/** The builder's own piece of the page: one host, its shadow root, a top-layer box with the panel and the picker's outline. */
export interface BuilderSurface {
  /** The host element: events inside it are ours (the picker lets them pass). */
  host: HTMLElement;
  render(view: BuilderView, actions: BuilderActions): void;
  /** Outlines a box of the viewport; null hides the outline. */
  outline(rect: DOMRect | null): void;
  /** Brings the panel above what opened in the top layer since (the preview of a step). */
  raise(): void;
  destroy(): void;
}

/**
 * Mounts the builder in its own shadow root (never the end users' `<touchpoint-ui>`, which
 * the preview shows in): a `popover="manual"` box in the top layer, above every app
 * z-index, that lets the pointer through except on the panel.
 */
export function mountBuilder(doc: Document = document): BuilderSurface {
  const host = doc.createElement('touchpoint-builder');
  host.hidden = true;
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new (doc.defaultView ?? window).CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
  const layer = doc.createElement('div');
  layer.className = 'layer';
  layer.setAttribute('popover', 'manual');
  const box = doc.createElement('div');
  const outline = doc.createElement('div');
  outline.className = 'outline';
  outline.hidden = true;
  layer.append(box, outline);
  root.append(layer);
  const raise = () => {
    try {
      if (layer.matches(':popover-open')) layer.hidePopover();
      layer.showPopover();
    } catch {
      // No top-layer support: the layer still shows, fixed, at the end of the page.
    }
  };
  /**
   * While the app shows a modal `<dialog>`, everything outside it is inert, our top-layer box
   * included: the host then lives in the topmost one (first, so the app's own `:last-child`
   * rules see no change), and back at the end of the page once it closes. The end users' UI
   * does the same (ui.tsx's `place`).
   */
  const place = () => {
    const dialog = [...doc.querySelectorAll('dialog:modal')].pop();
    if (host.parentNode === (dialog ?? doc.documentElement)) return;
    if (dialog) dialog.prepend(host);
    else doc.documentElement.append(host);
    raise();
  };
  place();
  const watch = new (doc.defaultView ?? window).MutationObserver(place);
  watch.observe(doc, { subtree: true, childList: true, attributeFilter: ['open'] });
  return {
    host,
    render: (view, actions) => render(<BuilderPanel view={view} actions={actions} />, box),
    outline(rect) {
      outline.hidden = !rect;
      if (!rect) return;
      outline.style.left = `${rect.left}px`;
      outline.style.top = `${rect.top}px`;
      outline.style.width = `${rect.width}px`;
      outline.style.height = `${rect.height}px`;
    },
    raise() {
      // Focus stays where it is: closing a popover that holds it would drop it to the body.
      const active = root.activeElement as HTMLElement | null;
      raise();
      active?.focus({ preventScroll: true });
    },
    destroy() {
      watch.disconnect();
      render(null, box);
      host.remove();
    },
  };
}
