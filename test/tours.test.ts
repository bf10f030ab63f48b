import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { hostPage, sdkReady } from './support/browser.js';
import { startCollector } from './support/collector.js';
import { e2eEnvironment } from './support/env.js';
import { axeViolations } from './support/axe.js';
import { atCorners, boxOf, expectAttached, expectHoleAround, flowEvents, measureStep, onScreen, publish, waitForStep } from './support/tours.js';

let context: BrowserContext | undefined;
const env = e2eEnvironment();

afterEach(async () => {
  await context?.close();
  context = undefined;
});

const flow = (steps: unknown[], extra: Record<string, unknown> = {}) => ({ version: 1, flows: [{ id: 't', repeat: 'always', steps, ...extra }] });

/** Serves `body` as a host page, opens it, and starts flow `t`. */
async function open(
  name: string,
  body: string,
  options: { viewport?: { width: number; height: number }; html?: string; head?: string; before?: string; start?: boolean } = {},
): Promise<Page> {
  env.pages[`/${name}.html`] = hostPage(env.collector.url, env.collector.writeKey, options.before ?? '', { body, html: options.html, head: options.head });
  context = await env.browser.newContext({ viewport: options.viewport ?? { width: 1024, height: 700 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(`${env.host.origin}/${name}.html`);
  await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
  if (options.start !== false) await page.evaluate(() => (window as any).touchpoint.startFlow('t'));
  return page;
}

const viewportOf = (page: Page) => page.viewportSize()!;

describe('positions on hard pages', () => {
  it('reaches a target in nested scroll containers, scrolled out of view', async () => {
    await publish(env.collector, flow([{ id: 's', target: '#t', title: 'Deep', body: 'Inside two scrollers' }]));
    const page = await open(
      'nested',
      `<div id="outer" style="height:300px;overflow:auto;border:1px solid"><div style="height:900px">spacer</div>
        <div id="inner" style="height:200px;overflow:auto;border:1px solid"><div style="height:700px">spacer</div><button id="t">Deep target</button><div style="height:400px"></div></div>
        <div style="height:900px"></div></div>`,
    );
    await waitForStep(page);
    const target = await boxOf(page, '#t');
    const { dialog, hole } = await measureStep(page);
    expectAttached(dialog, target, viewportOf(page));
    expectHoleAround(hole, target);
    // Scrolling the inner container moves the target: the step and the hole follow it.
    await page.evaluate(() => (document.getElementById('inner')!.scrollTop -= 40));
    await page.waitForTimeout(200);
    const moved = await boxOf(page, '#t');
    expect(moved.y).not.toBe(target.y);
    const after = await measureStep(page);
    expectAttached(after.dialog, moved, viewportOf(page));
    expectHoleAround(after.hole, moved);
  });

  it('stays on a target in a sticky header while the page scrolls', async () => {
    await publish(env.collector, flow([{ id: 's', target: '#t', title: 'Sticky' }]));
    const page = await open(
      'sticky',
      `<header style="position:sticky;top:0;height:60px;background:#eee"><button id="t" style="margin:15px">Sticky target</button></header><div style="height:3000px"></div>`,
    );
    await waitForStep(page);
    for (const y of [0, 800, 1600]) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.waitForTimeout(150);
      const target = await boxOf(page, '#t');
      const { dialog, hole } = await measureStep(page);
      expectAttached(dialog, target, viewportOf(page), 'bottom');
      expectHoleAround(hole, target);
    }
  });

  it('flips above a fixed target at the bottom of the screen and stays with it', async () => {
    await publish(env.collector, flow([{ id: 's', target: '#t', placement: 'bottom', title: 'Fixed', body: 'Bottom right' }]));
    const page = await open('fixed', `<button id="t" style="position:fixed;right:20px;bottom:20px">Help</button><div style="height:3000px"></div>`);
    await waitForStep(page);
    await page.evaluate(() => window.scrollTo(0, 1200));
    await page.waitForTimeout(150);
    const target = await boxOf(page, '#t');
    const { dialog, hole } = await measureStep(page);
    expectAttached(dialog, target, viewportOf(page), 'top');
    expectHoleAround(hole, target);
  });

  it('scrolls with the page, and flips above its target once the page scrolls it to the bottom of the screen', async () => {
    await publish(env.collector, flow([{ id: 's', target: '#t', placement: 'bottom', title: 'Scrolled', body: 'Stays with its target' }]));
    const page = await open(
      'scrolled',
      `<div style="height:1200px"></div><button id="t" style="margin-left:400px">Target</button><div style="height:3000px"></div>`,
    );
    await waitForStep(page);
    const sides = async () => {
      const target = await boxOf(page, '#t');
      const { dialog, hole } = await measureStep(page);
      expectHoleAround(hole, target);
      return dialog && Math.round(dialog.y - (target.y + target.height)) === 12
        ? 'bottom'
        : dialog && Math.round(target.y - (dialog.y + dialog.height)) === 12
          ? 'top'
          : 'off';
    };
    expect(await sides()).toBe('bottom');
    // (Brought into view, in the middle of the screen.) Down by 100 px, it still fits below: it moved with the page.
    await page.evaluate(() => window.scrollBy(0, 100));
    await expect.poll(sides).toBe('bottom');
    // Up the page until the target is 80 px above the screen's bottom: no room below any more.
    await page.evaluate(() => window.scrollTo(0, document.getElementById('t')!.getBoundingClientRect().bottom + scrollY - innerHeight + 80));
    await expect.poll(sides).toBe('top');
    expectAttached((await measureStep(page)).dialog, await boxOf(page, '#t'), viewportOf(page), 'top');
  });

  it('dims the whole screen around a target near the end of a page 150,000 px tall', async () => {
    await publish(env.collector, flow([{ id: 's', target: '#t', title: 'Far down', body: 'The spotlight reaches it' }]));
    const page = await open(
      'tall',
      `<div style="height:140000px"></div><button id="t" style="margin-left:400px">Target</button><div style="height:10000px"></div>`,
    );
    await waitForStep(page);
    const target = await boxOf(page, '#t');
    expectHoleAround((await measureStep(page)).hole, target);
    expect(await atCorners(page)).toEqual(Array(4).fill('touchpoint-ui'));
  });

  it('waits for a target added 2 s late, showing nothing before it', async () => {
    await publish(env.collector, flow([{ id: 's', target: '#t', title: 'Late' }]));
    // Just before adding the target, 2 s after the flow started, the page notes whether a step was already on screen.
    const page = await open(
      'late',
      `<p>Loading…</p><script>window.later = () => setTimeout(() => { window.shownBefore = !!document.querySelector('touchpoint-ui')?.shadowRoot?.querySelector('[role=dialog]'); const b = document.createElement('button'); b.id = 't'; b.textContent = 'Late target'; b.style.margin = '200px'; document.body.append(b); }, 2000);</script>`,
      { start: false },
    );
    await page.evaluate(() => {
      (window as any).touchpoint.startFlow('t');
      (window as any).later();
    });
    await page.waitForFunction(() => 'shownBefore' in window);
    expect(await page.evaluate(() => (window as any).shownBefore)).toBe(false);
    await waitForStep(page);
    expectAttached((await measureStep(page)).dialog, await boxOf(page, '#t'), viewportOf(page));
  });

  it('follows a target the app re-renders mid-step', async () => {
    await publish(env.collector, flow([{ id: 's', target: '#t', title: 'Re-rendered' }]));
    const page = await open('rerender', `<div id="app"><button id="t" style="margin:40px">First render</button></div>`);
    await waitForStep(page);
    expectAttached((await measureStep(page)).dialog, await boxOf(page, '#t'), viewportOf(page));
    await page.evaluate(() => {
      document.getElementById('t')!.remove();
      const b = document.createElement('button');
      b.id = 't';
      b.textContent = 'Second render';
      b.style.margin = '300px 0 0 500px';
      document.getElementById('app')!.append(b);
    });
    await page.waitForTimeout(400);
    const target = await boxOf(page, '#t');
    expect(target.x).toBeGreaterThan(400);
    const { dialog, hole } = await measureStep(page);
    expectAttached(dialog, target, viewportOf(page));
    expectHoleAround(hole, target);
  });

  it('finds a target inside an open shadow root', async () => {
    await publish(env.collector, flow([{ id: 's', target: '.inner-target', title: 'Shadow' }]));
    const page = await open(
      'shadow',
      `<x-widget></x-widget><script>const h = document.querySelector('x-widget').attachShadow({ mode: 'open' }); h.innerHTML = '<div style="padding:120px"><button class="inner-target">In shadow</button></div>';</script>`,
    );
    await waitForStep(page);
    const target = await page.evaluate(() => {
      const r = document.querySelector('x-widget')!.shadowRoot!.querySelector('.inner-target')!.getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    });
    const { dialog, hole } = await measureStep(page);
    expectAttached(dialog, target, viewportOf(page));
    expectHoleAround(hole, target);
  });

  it('finds a target inside a same-origin iframe and places the step in page coordinates', async () => {
    await publish(env.collector, flow([{ id: 's', target: '#t', title: 'Frame' }]));
    const page = await open(
      'frame',
      `<iframe id="f" title="Embedded" style="width:500px;height:300px;margin:60px;border:0" srcdoc="<button id='t' style='margin:100px'>In frame</button>"></iframe>`,
      { start: false },
    );
    await page.waitForFunction(() => !!(document.getElementById('f') as HTMLIFrameElement).contentDocument?.getElementById('t'));
    await page.evaluate(() => (window as any).touchpoint.startFlow('t'));
    await waitForStep(page);
    const target = await page.evaluate(() => {
      const f = document.getElementById('f') as HTMLIFrameElement;
      const fr = f.getBoundingClientRect();
      const r = f.contentDocument!.getElementById('t')!.getBoundingClientRect();
      return { x: fr.left + r.left, y: fr.top + r.top, width: r.width, height: r.height };
    });
    const { dialog, hole } = await measureStep(page);
    expectAttached(dialog, target, viewportOf(page));
    expectHoleAround(hole, target);
  });

  it('shows above an open modal <dialog> of the app, and stays usable', async () => {
    await publish(
      env.collector,
      flow([
        { id: 's', target: '#t', title: 'Over the modal' },
        { id: 'two', title: 'Second' },
      ]),
    );
    const page = await open(
      'dialog',
      `<dialog id="d"><p>The app's own modal</p><button id="t">Inside the modal</button></dialog><script>document.getElementById('d').showModal();</script>`,
    );
    await waitForStep(page);
    const target = await boxOf(page, '#t');
    expectAttached((await measureStep(page)).dialog, target, viewportOf(page));
    // The step's Next button is what a real click at its centre hits.
    const next = page.locator('touchpoint-ui').getByRole('button', { name: 'Next' });
    const b = (await next.boundingBox())!;
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.tagName, [b.x + b.width / 2, b.y + b.height / 2]);
    expect(hit).toBe('TOUCHPOINT-UI');
    await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
    await page.waitForFunction(() => document.querySelector('touchpoint-ui')?.shadowRoot?.querySelector('.title')?.textContent === 'Second');
  });

  it('is untouched by hostile host CSS', async () => {
    await publish(
      env.collector,
      flow([
        { id: 's', target: '#t', title: 'Hostile', body: 'Styles from the host must not reach here.' },
        { id: 'two', title: 'Two' },
      ]),
    );
    const page = await open('hostile', `<button id="t" style="margin:150px">Target</button>`, {
      head: `<style>div { display: none !important; } button { font-size: 40px; } * { z-index: 2147483647 !important; position: relative; }</style>`,
    });
    await waitForStep(page);
    const target = await boxOf(page, '#t');
    const { dialog, hole } = await measureStep(page);
    expectAttached(dialog, target, viewportOf(page));
    expectHoleAround(hole, target);
    const next = page.locator('touchpoint-ui').getByRole('button', { name: 'Next' });
    expect(await next.evaluate((el) => getComputedStyle(el).fontSize)).toBe('14px');
    const b = (await next.boundingBox())!;
    expect(await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.tagName, [b.x + b.width / 2, b.y + b.height / 2])).toBe('TOUCHPOINT-UI');
    // The host page's own styles and positions are as they were.
    expect(await page.evaluate(() => document.getElementById('t')!.getAttribute('style'))).toBe('margin:150px');
  });

  it('mirrors in a right-to-left page', async () => {
    await publish(env.collector, flow([{ id: 's', target: '#t', placement: 'right', title: 'يمين' }]));
    const page = await open('rtl', `<button id="t" style="margin:200px 400px">هدف</button>`, { html: 'dir="rtl"' });
    await waitForStep(page);
    const target = await boxOf(page, '#t');
    const { dialog, layerDir } = await measureStep(page);
    expect(layerDir).toBe('rtl');
    // "right" is the inline end: in RTL that is the left side.
    expectAttached(dialog, target, viewportOf(page), 'left');
  });

  it('fits a 375 px wide screen', async () => {
    await publish(
      env.collector,
      flow([
        { id: 's', target: '#t', placement: 'right', title: 'Narrow', body: 'A long body that must wrap inside the narrow viewport without overflowing it.' },
      ]),
    );
    const page = await open('narrow', `<button id="t" style="margin:100px 0 0 300px">Edge</button>`, { viewport: { width: 375, height: 667 } });
    await waitForStep(page);
    expectAttached((await measureStep(page)).dialog, await boxOf(page, '#t'), viewportOf(page));
  });

  it('follows its target when the window is resized', async () => {
    await publish(env.collector, flow([{ id: 's', target: '#t', title: 'Resize' }]));
    const page = await open('resize', `<button id="t" style="display:block;margin:120px auto">Centred</button>`);
    await waitForStep(page);
    const before = await boxOf(page, '#t');
    await page.setViewportSize({ width: 700, height: 600 });
    await page.waitForTimeout(250);
    const after = await boxOf(page, '#t');
    expect(after.x).toBeLessThan(before.x);
    const { dialog, hole } = await measureStep(page);
    expectAttached(dialog, after, viewportOf(page));
    expectHoleAround(hole, after);
  });
});

const deepFocus = (page: Page) =>
  page.evaluate(() => {
    let el = document.activeElement as Element | null;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el
      ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('role') ? `[${el.getAttribute('role')}]` : ''}${el.textContent && el.tagName === 'BUTTON' ? `:${el.textContent}` : ''}`
      : null;
  });

describe('keyboard, focus and screen readers', () => {
  it('moves focus in, traps Tab on spotlight steps, navigates with arrows, dismisses with Esc and gives focus back', async () => {
    await publish(
      env.collector,
      flow([
        { id: 'one', target: '#t', title: 'First', body: 'Body **one**' },
        { id: 'two', title: 'Second' },
        { id: 'three', title: 'Third' },
      ]),
    );
    const page = await open('keys', `<main><input id="before" aria-label="Search"><button id="t" style="margin:100px">Target</button></main>`, {
      start: false,
    });
    await page.focus('#before');
    await page.evaluate(() => (window as any).touchpoint.startFlow('t'));
    await waitForStep(page);
    expect(await deepFocus(page)).toBe('div[dialog]');
    const dialog = page.locator('touchpoint-ui').getByRole('dialog');
    await expect.poll(() => dialog.getAttribute('aria-modal')).toBe('true');
    expect(await dialog.evaluate((d) => (d.getRootNode() as ShadowRoot).getElementById(d.getAttribute('aria-labelledby')!)?.textContent)).toBe('First');
    expect(await dialog.evaluate((d) => (d.getRootNode() as ShadowRoot).getElementById(d.getAttribute('aria-describedby')!)?.textContent)).toBe('Body one');
    await expect.poll(() => page.locator('touchpoint-ui').locator('[aria-live]').textContent()).toBe('Step 1 of 3: First');

    // Tab cycles inside the step (close, Next) and never reaches the page.
    const seen = new Set<string | null>();
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      seen.add(await deepFocus(page));
    }
    expect([...seen].sort()).toEqual(['button:Next', 'button:×']);

    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await measureStep(page)).title).toBe('Second');
    await expect.poll(() => page.locator('touchpoint-ui').locator('[aria-live]').textContent()).toBe('Step 2 of 3: Second');
    // (A step counts as viewed once a frame has drawn it: a key pressed sooner would leave it unseen.)
    await onScreen(page);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await measureStep(page)).title).toBe('First');
    await onScreen(page);
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await measureStep(page)).dialog).toBeNull();
    expect(await deepFocus(page)).toBe('input#before');

    await page.evaluate(() => (window as any).touchpoint.flush());
    await expect
      .poll(() => flowEvents(env.collector).then((e) => e.slice(-5)))
      .toEqual(['Flow Started', 'Flow Step Viewed one', 'Flow Step Viewed two', 'Flow Step Viewed one', 'Flow Dismissed one']);
  });

  it('keeps focus where the user put it in the step while the app re-renders the target', async () => {
    await publish(
      env.collector,
      flow([
        { id: 'one', target: '#t', title: 'Re-rendered' },
        { id: 'two', title: 'Second' },
      ]),
    );
    const page = await open(
      'refocus',
      `<div id="app"></div><script>
        let n = 0;
        const app = document.getElementById('app');
        // Each render replaces the target with a new node, a row further down (as an unkeyed list
        // does); with \`loading\`, after a frame or two of a loading state without it.
        const draw = () => { n++; app.innerHTML = '<p style="height:' + (40 * n) + 'px">Row</p><button id="t">Render ' + n + '</button>'; };
        window.rerender = (loading) => { if (!loading) return draw(); app.innerHTML = '<p>Loading…</p>'; setTimeout(draw, 100); };
        draw();
      </script>`,
    );
    await waitForStep(page);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await deepFocus(page)).toBe('button:Next');
    for (const loading of [false, true, false]) {
      const y = (await measureStep(page)).dialog!.y;
      await page.evaluate((l) => (window as any).rerender(l), loading);
      // The step has moved to the new node (40 px lower): the UI has drawn it again.
      await expect.poll(async () => Math.round((await measureStep(page)).dialog!.y - y)).toBe(40);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      expect(await deepFocus(page)).toBe('button:Next');
    }
  });

  it('from an opened hotspot to the next hotspot step, shows only its beacon (no card for it comes and goes), and focus moves to it', async () => {
    await publish(
      env.collector,
      flow([
        { id: 'a', target: '#a', kind: 'hotspot', title: 'First hotspot' },
        { id: 'b', target: '#b', kind: 'hotspot', title: 'Second hotspot' },
      ]),
    );
    const page = await open('hotspots', `<main><button id="a" style="margin:80px">A</button><button id="b" style="margin:80px">B</button></main>`);
    const ui = page.locator('touchpoint-ui');
    await ui.getByRole('button', { name: 'Open hint: First hotspot' }).click();
    await expect.poll(async () => (await measureStep(page)).title).toBe('First hotspot');
    // Every step card the UI ever inserts, by title.
    await page.evaluate(() => {
      (window as any).cards = [];
      new MutationObserver((records) => {
        for (const r of records)
          for (const n of r.addedNodes) if (n instanceof Element && n.matches('.step')) (window as any).cards.push(n.querySelector('.title')?.textContent);
      }).observe(document.querySelector('touchpoint-ui')!.shadowRoot!, { childList: true, subtree: true });
    });
    // By keyboard: focus goes from the card the user left to the beacon that takes its place.
    await ui.getByRole('button', { name: 'Next' }).focus();
    await page.keyboard.press('Enter');
    await ui.getByRole('button', { name: 'Open hint: Second hotspot' }).waitFor();
    expect(await page.evaluate(() => (window as any).cards)).toEqual([]);
    await expect
      .poll(() => page.evaluate(() => document.querySelector('touchpoint-ui')!.shadowRoot!.activeElement?.getAttribute('aria-label')))
      .toBe('Open hint: Second hotspot');
  });

  it('passes axe-core in every widget state', async () => {
    await publish(
      env.collector,
      flow([
        {
          id: 'spot',
          target: '#t',
          title: 'Spotlight step',
          body: 'With a [link](https://example.com) and a list:\n\n- one\n- two',
          image: '/missing.png',
          imageAlt: 'Diagram',
        },
        { id: 'centre', title: 'Centred step', body: 'No target.' },
        { id: 'tip', target: '#t', kind: 'tooltip', title: 'A tooltip', body: 'Small hint' },
        { id: 'hot', target: '#t', kind: 'hotspot', title: 'A hotspot', body: 'Opened hint' },
      ]),
    );
    const page = await open('axe', `<main><h1>Axe page</h1><button id="t" style="margin:150px">Target</button></main>`);
    const states: Record<string, string[]> = {};
    await waitForStep(page);
    states.spotlight = await axeViolations(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await measureStep(page)).title).toBe('Centred step');
    states.centred = await axeViolations(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await measureStep(page)).title).toBe('A tooltip');
    states.tooltip = await axeViolations(page);
    await page.locator('touchpoint-ui').getByRole('button', { name: 'Next' }).click();
    const beacon = page.locator('touchpoint-ui').getByRole('button', { name: 'Open hint: A hotspot' });
    await beacon.waitFor();
    states.beacon = await axeViolations(page);
    await beacon.click();
    await expect.poll(async () => (await measureStep(page)).title).toBe('A hotspot');
    states.hotspotOpen = await axeViolations(page);
    expect(states).toEqual({ spotlight: [], centred: [], tooltip: [], beacon: [], hotspotOpen: [] });
  });

  it('speaks Japanese, themes from settings, follows dark mode and reduced motion', async () => {
    await publish(env.collector, {
      ...flow([
        { id: 'one', title: { en: 'Hello', ja: 'こんにちは' } },
        { id: 'two', title: 'Two' },
      ]),
      settings: { theme: { accent: '#e11d48', radius: 4, mode: 'auto' } },
    });
    env.pages['/ja.html'] = hostPage(env.collector.url, env.collector.writeKey, '', { body: '<main><p>ja</p></main>' });
    context = await env.browser.newContext({ locale: 'ja-JP', colorScheme: 'dark', reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${env.host.origin}/ja.html`);
    await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
    await page.evaluate(() => (window as any).touchpoint.startFlow('t'));
    await waitForStep(page);
    expect((await measureStep(page)).title).toBe('こんにちは');
    const next = page.locator('touchpoint-ui').getByRole('button', { name: '次へ' });
    expect(await next.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(225, 29, 72)');
    const dialog = page.locator('touchpoint-ui').getByRole('dialog');
    expect(await dialog.evaluate((d) => [getComputedStyle(d).backgroundColor, getComputedStyle(d).borderRadius, getComputedStyle(d).animationName])).toEqual([
      'rgb(29, 32, 48)',
      '4px',
      'none',
    ]);
  });
});

describe('flows across pages', () => {
  it('resumes a multi-page flow after a full navigation, a reload and an SPA route change; events arrive in order', async () => {
    await publish(
      env.collector,
      flow([
        { id: 'a', url: '/page-a.html', target: '#a', title: 'On A' },
        { id: 'b', url: '/page-b.html', target: '#b', title: 'On B' },
        { id: 'c', url: '/app/c', target: '#c', title: 'On C' },
      ]),
    );
    const body = (id: string) => `<main><button id="${id}" style="margin:80px">${id}</button><a href="/page-b.html">to B</a></main>`;
    env.pages['/page-a.html'] = hostPage(env.collector.url, env.collector.writeKey, '', { body: body('a') });
    env.pages['/page-b.html'] = hostPage(env.collector.url, env.collector.writeKey, '', {
      body: `${body('b')}<script>document.getElementById('b').addEventListener('dblclick', () => { history.pushState({}, '', '/app/c'); const c = document.createElement('button'); c.id = 'c'; c.textContent = 'c'; document.body.append(c); });</script>`,
    });
    context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${env.host.origin}/page-a.html`);
    await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
    await page.evaluate(() => (window as any).touchpoint.startFlow('t'));
    await waitForStep(page);
    expect((await measureStep(page)).title).toBe('On A');
    await page.locator('touchpoint-ui').getByRole('button', { name: 'Next' }).click();
    // Step b lives on page B: nothing shows on A.
    await expect.poll(async () => (await measureStep(page)).dialog).toBeNull();
    await page.click('text=to B');
    await waitForStep(page);
    expect((await measureStep(page)).title).toBe('On B');
    await page.reload();
    await waitForStep(page);
    expect((await measureStep(page)).title).toBe('On B');
    await page.locator('touchpoint-ui').getByRole('button', { name: 'Next' }).click();
    await expect.poll(async () => (await measureStep(page)).dialog).toBeNull();
    await page.dblclick('#b');
    await waitForStep(page);
    expect((await measureStep(page)).title).toBe('On C');
    expectAttached((await measureStep(page)).dialog, await boxOf(page, '#c'), viewportOf(page));
    await page.locator('touchpoint-ui').getByRole('button', { name: 'Done' }).click();
    await expect.poll(async () => (await measureStep(page)).dialog).toBeNull();
    await page.evaluate(() => (window as any).touchpoint.flush());
    await expect
      .poll(() => flowEvents(env.collector).then((e) => e.slice(-6)))
      .toEqual(['Flow Started', 'Flow Step Viewed a', 'Flow Step Viewed b', 'Flow Step Viewed b', 'Flow Step Viewed c', 'Flow Completed']);
  });

  it('reports a missing target and skips to the next step; page triggers and repeat "once" hold', async () => {
    await publish(env.collector, {
      version: 1,
      flows: [
        {
          id: 'auto',
          trigger: { on: 'page', url: '/auto.html' },
          repeat: 'once',
          steps: [
            { id: 'gone', target: ['#nope', '.also-nope'], timeout: 0.5, title: 'Never' },
            { id: 'next', title: 'Shown instead' },
          ],
        },
      ],
    });
    const page = await open('auto', '<main><p>auto</p></main>', { start: false });
    await waitForStep(page);
    expect((await measureStep(page)).title).toBe('Shown instead');
    await page.locator('touchpoint-ui').getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
    await sdkReady(page);
    expect(await page.evaluate(() => (window as any).touchpoint.explain('auto'))).toEqual({
      eligible: false,
      reasons: ['repeat: repeat "once": already shown'],
    });
    expect((await measureStep(page)).dialog).toBeNull();
    await page.evaluate(() => (window as any).touchpoint.flush());
    await expect
      .poll(() => flowEvents(env.collector).then((e) => e.slice(-4)))
      .toEqual(['Flow Started', 'Flow Target Missing gone', 'Flow Step Viewed next', 'Flow Completed']);
  });
});

describe('strict CSP and triggers', () => {
  it('renders styled under a strict Content-Security-Policy, with no violation', async () => {
    await publish(env.collector, flow([{ id: 's', target: '#t', title: 'Under CSP', body: 'No inline styles needed.' }], { settings: undefined }));
    const nonce = 'n0nce';
    const html = hostPage(env.collector.url, env.collector.writeKey, '', { body: '<main><button id="t" style="margin:120px">Target</button></main>' })
      .replace(/<script>/g, `<script nonce="${nonce}">`)
      .replace('<script async', `<script nonce="${nonce}" async`);
    env.pages['/csp.html'] = {
      html,
      headers: {
        'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}' ${env.collector.url}; connect-src ${env.collector.url}; style-src 'self'; img-src 'self'`,
      },
    };
    context = await env.browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      (window as any).violations = [];
      // (Composed: one in our shadow root reaches the document retargeted to our host.)
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as any).violations.push(`${e.violatedDirective} ${e.blockedURI} ${(e.target as Element).localName ?? ''}#${(e.target as Element).id ?? ''}`),
      );
    });
    await page.goto(`${env.host.origin}/csp.html`);
    await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
    await page.evaluate(() => (window as any).touchpoint.startFlow('t'));
    await waitForStep(page);
    const done = page.locator('touchpoint-ui').getByRole('button', { name: 'Done' });
    expect(await done.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(79, 70, 229)');
    const { dialog, hole } = await measureStep(page);
    expectAttached(dialog, await boxOf(page, '#t'), viewportOf(page));
    expectHoleAround(hole, await boxOf(page, '#t'));
    // The page's own inline style attribute is blocked by its CSP; ours are style properties, not attributes.
    expect(await page.evaluate(() => (window as any).violations as string[])).toEqual(['style-src-attr inline button#t']);
  });

  it('starts flows from click and delay triggers', async () => {
    await publish(env.collector, {
      version: 1,
      flows: [
        { id: 'on-click', trigger: { on: 'click', selector: '.help' }, repeat: 'always', steps: [{ id: 'c', title: 'From a click' }] },
        { id: 'on-delay', trigger: { on: 'delay', seconds: 1, url: '/triggers.html' }, repeat: 'once', steps: [{ id: 'd', title: 'After a second' }] },
      ],
    });
    const page = await open('triggers', `<main><button class="help"><span id="inside">Help</span></button></main>`, { start: false });
    await waitForStep(page, 3000);
    expect((await measureStep(page)).title).toBe('After a second');
    // It waited its second: it started at least 1 s after this page's view (times as the SDK stamped them).
    const anonymousId = await page.evaluate(() => JSON.parse(localStorage.getItem('tp.aid') ?? 'null'));
    const mine = (e: Record<string, any>) => e.anonymousId === anonymousId;
    const events = await env.collector.waitForEvents((all) => all.some((e) => mine(e) && e.event === 'Flow Started' && e.properties?.flow_id === 'on-delay'));
    const view = events.find((e) => mine(e) && e.type === 'page' && e.properties?.path === '/triggers.html')!;
    const started = events.find((e) => mine(e) && e.event === 'Flow Started' && e.properties?.flow_id === 'on-delay')!;
    expect(Date.parse(started.originalTimestamp ?? started.timestamp) - Date.parse(view.originalTimestamp ?? view.timestamp)).toBeGreaterThanOrEqual(1000);
    await page.keyboard.press('Escape');
    await page.click('#inside');
    await waitForStep(page);
    expect((await measureStep(page)).title).toBe('From a click');
  });
});

describe('lazy loading', () => {
  it('loads no engine without content, the engine when the content has something to run, the UI when something may show (at idle) or shows', async () => {
    // `visits`: page loads in one browser profile; what the last one loaded.
    const chunks = async (content: unknown, until: 'ready' | 'ui' | 'start', visits = 1) => {
      if (content) await publish(env.collector, content);
      env.pages['/lazy.html'] = hostPage(env.collector.url, env.collector.writeKey, '', { body: '<main><p>lazy</p></main>' });
      context = await env.browser.newContext();
      for (let i = 1; i < visits; i++) {
        const before = await context.newPage();
        await before.goto(`${env.host.origin}/lazy.html`);
        await sdkReady(before);
        await before.close();
      }
      const page = await context.newPage();
      const loaded: string[] = [];
      page.on('request', (r) => {
        // The script tag loads them under a path of its release: /sdk/0.1.0/engine.js.
        const m = /\/sdk\/(?:[\w.]+\/)?([a-z]+)[\w-]*\.js/.exec(r.url());
        if (m) loaded.push(m[1]!);
      });
      const ui = until === 'ui' ? page.waitForRequest(/\/presenter[\w-]*\.js$/) : undefined;
      await page.goto(`${env.host.origin}/lazy.html`);
      // ready: the content has answered and the engine, if any, has started.
      await sdkReady(page);
      if (until === 'ui') {
        await ui;
        // Fetched, not drawn: nothing is in the page until something shows.
        expect(await page.locator('touchpoint-ui').count()).toBe(0);
      }
      if (until === 'start') {
        await page.evaluate(() => (window as any).touchpoint.startFlow('t'));
        await waitForStep(page);
      }
      await context.close();
      context = undefined;
      return [...new Set(loaded)].sort();
    };
    const fresh = await startCollector();
    const saved = env.collector;
    env.collector = fresh;
    try {
      // A first visit cannot know: it fetches the engine beside the content (and runs nothing);
      // the next visit knows from its copy that nothing is published, and fetches none.
      expect(await chunks(undefined, 'ready')).toEqual(['engine']);
      expect(await chunks(undefined, 'ready', 2)).toEqual([]);
      // Features only: the engine (it watches for their use), and nothing that shows.
      expect(await chunks({ version: 1, features: [{ id: 'f', event: 'F' }] }, 'ready', 2)).toEqual(['engine']);
    } finally {
      env.collector = saved;
      await fresh.stop();
    }
    // A flow that does not start here: the UI and the presenter come once the page is idle.
    expect(await chunks(flow([{ id: 'x', title: 'X' }], { trigger: { on: 'page', url: '/elsewhere' } }), 'ui')).toEqual(['engine', 'presenter', 'ui']);
    expect(await chunks(flow([{ id: 'x', title: 'X' }]), 'start')).toEqual(['engine', 'presenter', 'ui']);
  });
});
