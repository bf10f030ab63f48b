/**
 * The tour libraries the side-by-side bench (tour-compare.ts) runs, each as a page would use
 * it: the same app page, the same 3-step tour (titles "Step one" to "Step three" on #a, #b,
 * #c, each with an overlay and a Next button). The others load from the page's own origin,
 * as if from a CDN with long-lived caching; Touchpoint from its collector, with its script
 * tag (CONTRACT §2). Page code is given as strings: tsx would wrap functions with a helper
 * that does not exist in the page.
 */
import { readFileSync } from 'node:fs';
import { SNIPPET } from '../../../test/support/browser.js';

// Straight from node_modules: the packages' exports do not list their browser builds.
const file = (path: string) => readFileSync(new URL(`../node_modules/${path}`, import.meta.url), 'utf8');

export const TITLES = ['Step one', 'Step two', 'Step three'];
const BODY = 'A sentence or two about this part of the app.';

/** The same tour for every library. */
export const STEPS = TITLES.map((title, i) => ({ title, body: BODY, target: `#${'abc'[i]}` }));

export interface Library {
  name: string;
  /** Files the page loads from its own origin (path → [content type, text]). */
  files: Record<string, [string, string]>;
  /** The page's <head> tags that load the library (and, with `auto`, start the tour when it loaded). */
  head(auto: boolean): string;
  /** Page code (an expression) that starts the tour. */
  start: string;
  /** Page code: a function of the step's title returning the element that shows it (the card), or null. */
  card: string;
  /** Page code that presses the step's Next button. */
  next: string;
  /** Page code that ends the tour. */
  end: string;
}

const steps = JSON.stringify(STEPS);

const shepherd: Library = {
  name: 'Shepherd.js',
  files: {
    '/lib/shepherd.mjs': ['text/javascript', file('shepherd.js/dist/js/shepherd.mjs')],
    '/lib/shepherd.css': ['text/css', file('shepherd.js/dist/css/shepherd.css')],
  },
  head: (auto) => `<link rel="stylesheet" href="/lib/shepherd.css"><script type="module">
import Shepherd from '/lib/shepherd.mjs';
window.startTour = () => {
  const tour = (window.tour = new Shepherd.Tour({ useModalOverlay: true, defaultStepOptions: { scrollTo: false } }));
  ${steps}.forEach((s, i, all) => tour.addStep({ id: 's' + i, title: s.title, text: s.body, attachTo: { element: s.target, on: 'bottom' },
    buttons: [{ text: i === all.length - 1 ? 'Done' : 'Next', action() { return this.next(); } }] }));
  tour.start();
};
${auto ? 'startTour();' : ''}</script>`,
  start: 'startTour()',
  card: `(title) => [...document.querySelectorAll('.shepherd-element')].find((e) => e.querySelector('.shepherd-title')?.textContent === title) ?? null`,
  next: `document.querySelector('.shepherd-element.shepherd-enabled .shepherd-button').click()`,
  end: 'window.tour?.cancel()',
};

const driver: Library = {
  name: 'driver.js',
  files: {
    '/lib/driver.js': ['text/javascript', file('driver.js/dist/driver.js.iife.js')],
    '/lib/driver.css': ['text/css', file('driver.js/dist/driver.css')],
  },
  head: (auto) => `<link rel="stylesheet" href="/lib/driver.css"><script src="/lib/driver.js"></script><script>
window.startTour = () => {
  window.tour = window.driver.js.driver({ showProgress: false, steps: ${steps}.map((s) => ({ element: s.target, popover: { title: s.title, description: s.body } })) });
  window.tour.drive();
};
${auto ? "document.addEventListener('DOMContentLoaded', startTour);" : ''}</script>`,
  start: 'startTour()',
  card: `(title) => { const t = document.querySelector('.driver-popover-title'); return t && t.textContent === title ? t.closest('.driver-popover') : null; }`,
  next: `document.querySelector('.driver-popover-next-btn').click()`,
  end: 'window.tour?.destroy()',
};

const intro: Library = {
  name: 'intro.js',
  files: {
    '/lib/intro.js': ['text/javascript', file('intro.js/minified/intro.min.js')],
    '/lib/introjs.css': ['text/css', file('intro.js/minified/introjs.min.css')],
  },
  head: (auto) => `<link rel="stylesheet" href="/lib/introjs.css"><script src="/lib/intro.js"></script><script>
window.startTour = () => {
  window.tour = introJs.tour().setOptions({ showBullets: false, steps: ${steps}.map((s) => ({ element: s.target, title: s.title, intro: s.body })) });
  window.tour.start();
};
${auto ? "document.addEventListener('DOMContentLoaded', startTour);" : ''}</script>`,
  start: 'startTour()',
  card: `(title) => { const t = document.querySelector('.introjs-tooltip-title'); return t && t.textContent === title ? t.closest('.introjs-tooltip') : null; }`,
  next: `document.querySelector('.introjs-nextbutton').click()`,
  end: 'window.tour?.exit(true)',
};

/** The content Touchpoint's collector serves: the tour started by startFlow, and the same one triggered by loading /touchpoint-auto.html. */
export const TOUCHPOINT_CONTENT = {
  version: 1,
  flows: ['tour', 'auto'].map((id) => ({
    id,
    repeat: 'always',
    ...(id === 'auto' ? { trigger: { on: 'page', url: '/touchpoint-auto.html' } } : {}),
    steps: STEPS.map((s, i) => ({ id: `s${i}`, target: s.target, title: s.title, body: s.body })),
  })),
};

/** Touchpoint with the install snippet and script tag (CONTRACT §2, with the key in the script's URL too, as the README installs it), from `collector` with `writeKey`. */
export function touchpoint(collector: string, writeKey: string): Library {
  return {
    name: 'Touchpoint',
    files: {},
    // The auto page is another URL (its flow's page trigger): head() is the same for both.
    head: () => `<script>${SNIPPET}</script><script async src="${collector}/sdk.js?key=${writeKey}" data-key="${writeKey}"></script>`,
    start: "touchpoint.startFlow('tour')",
    card: `(title) => { const d = document.querySelector('touchpoint-ui')?.shadowRoot?.querySelector('.step'); return d && !d.matches('[data-hidden]') && d.querySelector('.title')?.textContent === title ? d : null; }`,
    next: `document.querySelector('touchpoint-ui').shadowRoot.querySelector('.step .primary').click()`,
    end: 'touchpoint.dismiss()',
  };
}

export const OTHERS: Library[] = [shepherd, driver, intro];

/** A library's page names (`/shepherdjs.html`, `/touchpoint-auto.html`); `none` for the page without a tour. */
export const slug = (lib: Library | null) => (lib ? lib.name.toLowerCase().replace(/\W/g, '') : 'none');

/** The median (the upper one of an even count), as both benches report. */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The app page: a header, the three targets among text, and `filler` more elements (rows: for the page-size cost), tall enough to scroll. */
export function appPage(head: string, filler = 0): string {
  const rows = Array.from({ length: filler }, (_, i) => `<div class="row r${i % 9}">Row ${i}</div>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench app</title>${head}</head>
<body style="margin:0;font:16px system-ui"><header style="height:56px;background:#eee">App</header>
<main style="padding:24px"><h1>Projects</h1><button id="a" style="margin:40px 80px">New project</button>
<p>${BODY}</p><button id="b" style="margin:40px 300px">Filters</button><p>${BODY}</p><button id="c" style="margin:40px 500px">Share</button>
${rows}<div style="height:3000px"></div></main></body></html>`;
}
