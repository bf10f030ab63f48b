import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eEnvironment } from './support/env.js';
import { atCorners, boxOf, expectAttached, expectHoleAround, measureStep, publish, waitForStep } from './support/tours.js';

/**
 * What following a target costs the page, counted in the page itself: the SDK's
 * MutationObserver callbacks, its walks of a whole tree (`querySelectorAll('*')` on a
 * document or shadow root), and its style reads of the page's own elements. Installed
 * before any script runs; the pages below create no observer of their own.
 */
const INSTRUMENT = `(() => {
  const c = (window.__cost = { callbacks: 0, walks: 0, pageStyles: 0, placedStepStyles: 0 });
  const MO = window.MutationObserver;
  window.MutationObserver = class extends MO {
    constructor(cb) { super((records, o) => { c.callbacks++; cb(records, o); }); }
  };
  for (const P of [Document.prototype, DocumentFragment.prototype]) {
    const all = P.querySelectorAll;
    P.querySelectorAll = function (s) { if (s === '*') c.walks++; return all.call(this, s); };
  }
  const style = window.getComputedStyle;
  window.getComputedStyle = function (el, ...rest) {
    if (el && el.getRootNode && el.getRootNode() === document && !el.localName.startsWith('touchpoint-')) c.pageStyles++;
    // floating-ui reads the step's style each time it places it: after its first placement, a read means it placed it again.
    if (el && el.matches && el.matches('.step:not([data-hidden])')) c.placedStepStyles++;
    return style.call(this, el, ...rest);
  };
})();`;

type Cost = { callbacks: number; walks: number; pageStyles: number; placedStepStyles: number };

const env = e2eEnvironment();

const flow = (steps: unknown[]) => ({ version: 1, flows: [{ id: 't', repeat: 'always', steps }] });

const open = (name: string, body: string) => env.openSdkPage(name, body, { initScript: INSTRUMENT });

/** Zeroes the page's counters. */
const reset = (page: Page) => page.evaluate('Object.keys(window.__cost).forEach((k) => { window.__cost[k] = 0; })');
const cost = (page: Page) => page.evaluate<Cost>('({ ...window.__cost })');

/** Runs `frames` animation frames in the page, calling `each` (page code, given the frame's index) at the start of each one. */
const frames = (page: Page, count: number, each: string) =>
  page.evaluate(
    `new Promise((resolve) => { let i = 0; const f = () => { if (i === ${count}) return resolve(); (${each})(i++); requestAnimationFrame(f); }; requestAnimationFrame(f); })`,
  );

/** Chromium's own count of layouts so far (CDP Performance metrics). */
async function layouts(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'LayoutCount')!.value;
  const start = await read();
  return async () => (await read()) - start;
}

/** The target 30 elements deep: a walk of its ancestors' styles would show. */
const DEEP = `${'<div class="x">'.repeat(30)}<button id="t" style="margin:500px 200px">Target</button>${'</div>'.repeat(30)}<div style="height:3000px"></div>`;

describe('following a target costs the page little', () => {
  // Deep in the page, or pinned to the viewport in a sticky or fixed header: either way the step stays at its target with nothing written.
  const pages = {
    deep: DEEP,
    // (Stuck from the first pixel: at 8 px, the body's margin.)
    sticky: `<header style="position:sticky;top:8px;height:60px;background:#eee"><button id="t" style="margin:15px 300px">Target</button></header>${DEEP.replace('id="t"', 'id="other"')}`,
    fixed: `<header style="position:fixed;top:0;height:60px;background:#eee"><button id="t" style="margin:15px 300px">Target</button></header><div style="height:3000px"></div>`,
  };
  it.each(Object.keys(pages) as (keyof typeof pages)[])(
    'while the page scrolls (%s target): no layout and no style read of the page, and our own writes never wake the watcher',
    async (name) => {
      await publish(env.collector, flow([{ id: 's', target: '#t', title: 'Scroll', body: 'Follows the target' }]));
      const page = await open(`scroll-cost-${name}`, pages[name]);
      const size = () => page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
      const before = await size();
      await page.evaluate(() => (window as any).touchpoint.startFlow('t'));
      await waitForStep(page);
      const counted = await layouts(page);
      await reset(page);
      await frames(page, 90, '() => scrollBy(0, 3)');
      const spent = await cost(page);
      const layoutCount = await counted();
      // Positive signal that the step kept following: it sits at the scrolled target.
      expect(await page.evaluate(() => scrollY)).toBe(270);
      const t = await boxOf(page, '#t');
      await expect.poll(async () => (await measureStep(page)).dialog?.y).toBeCloseTo(t.y + t.height + 12, 0);
      const shown = await measureStep(page);
      expectAttached(shown.dialog, t, { width: 1024, height: 700 });
      expectHoleAround(shown.hole, t);
      // The spotlight still covers the whole viewport, everywhere but the hole, and adds nothing to the page's scrolling size.
      expect(await atCorners(page)).toEqual(Array(4).fill('touchpoint-ui'));
      expect(await size()).toEqual(before);
      // Before: three layouts a frame (a write, then a read of what it changed, twice), and the
      // styles of all 30 ancestors read on every repositioning; then one a frame (the step and the
      // spotlight written at the target's new place in the viewport). Now the step and the
      // spotlight are placed in the layer, which scrolls with the page, or fixed in the viewport
      // with a pinned target: nothing is written.
      expect(layoutCount, 'layouts in 90 frames of scrolling').toBeLessThanOrEqual(2);
      // (Before, floating-ui read a few a frame, the root's and the body's: it runs only when something moved.)
      expect(spent.pageStyles, "style reads of the page's elements").toBe(0);
      expect(spent.callbacks, 'MutationObserver callbacks (the page mutates nothing)').toBe(0);
      expect(spent.walks).toBe(0);
    },
  );

  it('a step is placed once: started, then after Next, nothing places it again in the frames after while nothing moves', async () => {
    await publish(
      env.collector,
      flow([
        { id: 'a', target: '#a', title: 'First', body: 'Placed once' },
        { id: 'b', target: '#b', title: 'Second', body: 'Placed once too' },
      ]),
    );
    const page = await open('placed-once', '<button id="a" style="margin:120px 200px">A</button><button id="b" style="margin:40px 400px">B</button>');
    for (const title of ['First', 'Second']) {
      await reset(page);
      if (title === 'First') await page.evaluate(() => (window as any).touchpoint.startFlow('t'));
      else await page.evaluate(() => (document.querySelector('touchpoint-ui')!.shadowRoot!.querySelector('.step .button.primary') as HTMLElement).click());
      await page.waitForFunction(
        (t) => document.querySelector('touchpoint-ui')?.shadowRoot?.querySelector('.step:not([data-hidden]) .title')?.textContent === t,
        title,
      );
      await frames(page, 10, '() => {}');
      // Before: the first frame after the placement saw the step placed where it had been pending (at
      // the layer's corner, "near the edge") and placed it a second time, before that frame was painted.
      expect((await cost(page)).placedStepStyles, `${title}: style reads of the step once placed`).toBe(0);
      // The page mutates nothing: only our host's arrival at the first show is seen, by the target's
      // watcher (before, the UI's own dialog watcher saw it too, and looked for the app's dialogs again).
      expect((await cost(page)).callbacks, `${title}: MutationObserver callbacks`).toBe(title === 'First' ? 1 : 0);
    }
  });

  it('while the app re-renders every frame: the watcher follows without ever walking the whole page', async () => {
    await publish(env.collector, flow([{ id: 's', target: '.t', title: 'Re-rendered', body: 'Follows the new node' }]));
    const page = await open(
      'rerender-cost',
      `<p id="clock">0</p><ul id="list"></ul><div id="slot"><button class="t" style="margin:80px">Target</button></div>
       <script>window.render = (i) => {
         document.getElementById('clock').textContent = String(i);
         document.getElementById('list').replaceChildren(...Array.from({ length: 50 }, (_, n) => Object.assign(document.createElement('li'), { textContent: 'row ' + n + ' ' + i })));
       };</script>`,
    );
    await page.evaluate(() => (window as any).touchpoint.startFlow('t'));
    await waitForStep(page);
    await reset(page);
    // 60 frames of re-rendering; on the last one the target itself is replaced by a new node.
    await frames(
      page,
      60,
      `(i) => { render(i); if (i === 59) document.getElementById('slot').innerHTML = '<button class="t" id="new" style="margin:160px">Target</button>'; }`,
    );
    await page.waitForFunction(() => {
      const d = document.querySelector('touchpoint-ui')?.shadowRoot?.querySelector('.step');
      return !!d && Math.abs(d.getBoundingClientRect().top - (document.getElementById('new')!.getBoundingClientRect().bottom + 12)) < 2;
    });
    const spent = await cost(page);
    expect(spent.callbacks, 'the watcher saw the mutations').toBeGreaterThan(10);
    // Before: one querySelectorAll('*') of the whole document per frame with a mutation.
    expect(spent.walks, 'walks of the whole page').toBe(0);
  });
});

describe('targets the watcher must still find', () => {
  it('in an open shadow root added later, and in a custom element defined after its element was in the page', async () => {
    await publish(
      env.collector,
      flow([
        { id: 'a', target: '#in-shadow', title: 'Added later' },
        { id: 'b', target: '#in-late', title: 'Defined later' },
      ]),
    );
    const page = await open('late-shadow', '<late-widget></late-widget>');
    await page.evaluate(() => (window as any).touchpoint.startFlow('t'));
    await page.evaluate(() => {
      const host = document.createElement('div');
      host.attachShadow({ mode: 'open' }).innerHTML = '<button id="in-shadow" style="margin:60px">In a shadow root</button>';
      document.body.append(host);
    });
    await waitForStep(page);
    expect((await measureStep(page)).title).toBe('Added later');
    await page.locator('touchpoint-ui .step .primary').click();
    // Upgrading an element attaches its shadow root without any mutation of the page's DOM.
    await page.evaluate(() =>
      customElements.define(
        'late-widget',
        class extends HTMLElement {
          constructor() {
            super();
            this.attachShadow({ mode: 'open' }).innerHTML = '<button id="in-late" style="margin:60px">Upgraded</button>';
          }
        },
      ),
    );
    // Before: found only by the last check at the step's 5 s timeout.
    await page.waitForFunction(() => document.querySelector('touchpoint-ui')?.shadowRoot?.querySelector('.title')?.textContent === 'Defined later', null, {
      timeout: 3000,
    });
    await waitForStep(page);
    const target = await page.evaluate(() => {
      const r = document.querySelector('late-widget')!.shadowRoot!.getElementById('in-late')!.getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    });
    expectAttached((await measureStep(page)).dialog, target, { width: 1024, height: 700 });
  });

  it('inside a scrolled container: the hole is its visible part while the container scrolls, and follows the app moving it', async () => {
    await publish(env.collector, flow([{ id: 's', target: '#t', title: 'Clipped', body: 'In a container' }]));
    const page = await open(
      'clipped',
      `<div id="box" style="margin:100px;height:200px;width:400px;overflow:auto;overflow-anchor:none;border:0"><div id="gap" style="height:150px"></div><button id="t" style="height:80px;width:200px">Target</button><div style="height:600px"></div></div>`,
    );
    await page.evaluate(() => (window as any).touchpoint.startFlow('t'));
    await waitForStep(page);
    const box = await boxOf(page, '#box');
    const holeIs = async (expected: { y: number; height: number }) =>
      expect
        .poll(async () => {
          const hole = (await measureStep(page)).hole;
          return hole && { y: Math.round(hole.y + 6), height: Math.round(hole.height - 12) };
        })
        .toEqual({ y: Math.round(expected.y), height: Math.round(expected.height) });
    // Scrolled so that the container cuts off the target's top 30 px.
    await page.evaluate(() => (document.getElementById('box')!.scrollTop = 180));
    await holeIs({ y: box.y, height: 50 });
    // The app moves the target down inside the container: whole again, the hole follows it.
    await page.evaluate(() => (document.getElementById('gap')!.style.height = '250px'));
    const moved = await boxOf(page, '#t');
    expect(moved.y).toBeCloseTo(box.y + 70, 0);
    await holeIs({ y: moved.y, height: 80 });
    expectAttached((await measureStep(page)).dialog, moved, { width: 1024, height: 700 });
  });

  it.each(['rtl', 'ltr'])(
    'on a wide %s page scrolled sideways: the spotlight covers the viewport at either end, and adds nothing to the scrolling size',
    async (dir) => {
      await publish(env.collector, flow([{ id: 's', target: '#t', title: 'Wide', body: 'A page wider than the window' }]));
      // 3,000 px wide: what overflows lies left of the window in a right-to-left page, right of it otherwise.
      // (Headless Chromium shows no scrollbars: a scrollbar's width, followed through clientWidth, is not exercised here.)
      const page = await env.openSdkPage(
        `wide-${dir}`,
        '<div style="position:relative;width:3000px;height:1500px"><button id="t" style="position:absolute;inset-inline-end:300px;top:200px">Target</button></div>',
        { html: `dir="${dir}"` },
      );
      const size = () => page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
      const before = await size();
      // At the far end, where the target is.
      await page.evaluate((rtl) => scrollTo(rtl ? -document.documentElement.scrollWidth : document.documentElement.scrollWidth, 0), dir === 'rtl');
      expect(Math.abs(await page.evaluate(() => scrollX))).toBeGreaterThan(1900);
      await page.evaluate(() => (window as any).touchpoint.startFlow('t'));
      await waitForStep(page);
      const t = await boxOf(page, '#t');
      expectHoleAround((await measureStep(page)).hole, t);
      expect(await atCorners(page)).toEqual(Array(4).fill('touchpoint-ui'));
      // Scrolled back to the start and down: still covered, the page no bigger.
      await page.evaluate(() => scrollTo(0, 300));
      await expect.poll(() => atCorners(page)).toEqual(Array(4).fill('touchpoint-ui'));
      expect(await size()).toEqual(before);
    },
  );
});
