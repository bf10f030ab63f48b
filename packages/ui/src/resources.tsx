/** The resource-center chunk: its panel and the article search (MiniSearch), loaded when it first opens. */
/// <reference path="./env.d.ts" />
import { adoptOnce } from './adopt.js';
import { ResourcesPanel } from './ResourcesPanel.js';
import CSS from './resources.css?inline';

const installed = new WeakSet<Node>();

/** Installs this chunk's CSS in the shadow root that holds `el`. */
export const install = (el: HTMLElement) => adoptOnce(el, CSS, installed);
export { ResourcesPanel };
