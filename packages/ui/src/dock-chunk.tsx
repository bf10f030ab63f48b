/**
 * The dock chunk: the checklist and resource-center launchers and the checklist panel,
 * loaded the first time the content has a checklist or articles for this user. The
 * resource center's panel and search are a chunk of their own, loaded when it opens.
 */
/// <reference path="./env.d.ts" />
import { h, render } from 'preact';
import { adoptOnce } from './adopt.js';
import { Dock } from './Dock.js';
import CSS from './dock.css?inline';
import type { DockActions, DockView } from './view.js';
import { widgetStrings } from './widget-strings.js';

const installed = new WeakSet<Node>();

export function renderDock(el: HTMLElement, view: DockView | null, actions: DockActions, locale: string): void {
  adoptOnce(el, CSS, installed);
  render(view && <Dock view={view} actions={actions} strings={widgetStrings(locale)} />, el);
}
