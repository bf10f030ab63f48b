/**
 * The messages chunk: loaded by the UI the first time a modal, banner or slideout shows,
 * so the tour chunk carries none of it (not even its stylesheet).
 */
/// <reference path="./env.d.ts" />
import { h, render } from 'preact';
import { adoptOnce } from './adopt.js';
import { Message } from './Message.js';
import CSS from './messages.css?inline';
import type { UIStrings } from './strings.js';
import type { MessageActions, MessageView } from './view.js';

const installed = new WeakSet<Node>();

/** Draws a message into `el` (inside the UI's shadow root), adding this chunk's CSS once. */
export function showMessage(el: HTMLElement, view: MessageView, actions: MessageActions, strings: UIStrings): void {
  adoptOnce(el, CSS, installed);
  // Keyed: each message is mounted anew (a banner measures its own edge from mount).
  render(<Message key={view.key} view={view} actions={actions} strings={strings} />, el);
}
