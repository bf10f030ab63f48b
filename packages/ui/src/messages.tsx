/**
 * The messages chunk: loaded by the UI the first time a modal, banner or slideout shows,
 * so the tour chunk carries none of it (not even its stylesheet).
 */
/// <reference path="./env.d.ts" />
import { h, render } from 'preact';
import { Message } from './Message.js';
import CSS from './messages.css?inline';
import type { UIStrings } from './strings.js';
import type { MessageActions, MessageView } from './view.js';

let installed: ShadowRoot | undefined;

/** Draws a message into `el` (inside the UI's shadow root), adding this chunk's CSS once. */
export function showMessage(el: HTMLElement, view: MessageView, actions: MessageActions, strings: UIStrings): void {
  const root = el.getRootNode() as ShadowRoot;
  if (installed !== root) {
    installed = root;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }
  render(<Message view={view} actions={actions} strings={strings} />, el);
}
