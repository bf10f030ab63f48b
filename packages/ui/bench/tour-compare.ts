/**
 * Side-by-side tour bench (`pnpm bench`; alone: `node --import tsx packages/ui/bench/tour-compare.ts`
 * after `pnpm build`): Shepherd.js, driver.js, intro.js and Touchpoint in one Chromium, on the
 * same page with the same 3-step tour (tour-libraries.ts). Prints the median of each figure for
 * every library and Touchpoint's ratio to the best of the others (below 1: Touchpoint is ahead).
 * BENCH_RUNS page loads per timing (default 8), BENCH_SCROLL_MS of scrolling (default 3000), the
 * median of BENCH_SCROLL_RUNS such scrolls (default 3).
 */
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { launchChromium, serveHostPages } from '../../../test/support/browser.js';
import { startCollector } from '../../../test/support/collector.js';
import { publish } from '../../../test/support/tours.js';
import { timed } from './timed.js';
import { appPage, type Library, median, OTHERS, slug, TITLES, TOUCHPOINT_CONTENT, touchpoint } from './tour-libraries.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 8);
const SCROLL_MS = Number(process.env.BENCH_SCROLL_MS ?? 3000);
const SCROLL_RUNS = Math.max(1, Number(process.env.BENCH_SCROLL_RUNS ?? 3));
const LATENCY = 50;

/** What the page logs to the console, with the time, when step 1 first shows. */
const SHOWN = 'touchpoint-bench: step one shown at';

/** Runs before the page's scripts: how to tell a step is on screen (laid out, not hidden, not transparent), and, with `auto`, when step 1 first was. */
const probe = (lib: Library | null, auto: boolean) => `(() => {
  window.__card = ${lib?.card ?? '() => null'};
  window.__shown = (title) => {
    const el = window.__card(title);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) return false;
    for (let e = el; e; e = e.parentElement ?? e.getRootNode().host) {
      const s = getComputedStyle(e);
      if ((e === el && s.visibility !== 'visible') || s.display === 'none' || Number(s.opacity) === 0) return false;
    }
    return true;
  };
  window.__t = {};
  ${auto ? `const loop = () => (window.__shown('Step one') ? console.debug(${JSON.stringify(SHOWN)}, (window.__t.one = performance.now())) : requestAnimationFrame(loop)); requestAnimationFrame(loop);` : ''}
})();`;

/** Page code: runs `action` and resolves with `[ms, frame]` once the step titled `title` shows (see timed.ts). */
const shows = (action: string, title: string) => timed(action, `window.__shown(${JSON.stringify(title)})`);

async function open(context: BrowserContext, url: string, latency = 0, created?: (page: Page) => void): Promise<Page> {
  const page = await context.newPage();
  created?.(page);
  if (latency) {
    // Latency added by Chromium to every request that goes to the network (cache hits stay instant).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency, downloadThroughput: -1, uploadThroughput: -1 });
  }
  await page.goto(url);
  return page;
}

/** Ready to start: the library loaded (Touchpoint: its engine has the content). */
const ready = (page: Page, lib: Library) =>
  lib.name === 'Touchpoint'
    ? page.evaluate(
        'new Promise((resolve) => { const wait = () => (window.touchpoint?.__touchpoint ? window.touchpoint.ready(resolve) : setTimeout(wait, 5)); wait(); })',
      )
    : page.waitForFunction('typeof window.startTour === "function"');

/** Ends the tour and waits until no step shows (Touchpoint would resume a running tour on the next load). */
async function end(page: Page, lib: Library) {
  await page.evaluate(lib.end);
  await page.waitForFunction(`!${JSON.stringify(TITLES)}.some((t) => window.__card(t))`);
}

/** startFlow → step 1 visible, the library's files in the HTTP cache; then Next → step 2 visible. */
async function starts(browser: Browser, origin: string, lib: Library, reducedMotion: 'reduce' | 'no-preference') {
  const context = await browser.newContext({ reducedMotion, viewport: { width: 1280, height: 800 } });
  await context.addInitScript(probe(lib, false));
  const page = await context.newPage();
  const first: number[] = [];
  const frames: number[] = [];
  const next: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    await page.goto(`${origin}/${slug(lib)}.html`);
    await ready(page, lib);
    const [one, frame] = await page.evaluate<[number, number]>(shows(lib.start, 'Step one'));
    const [two] = await page.evaluate<[number, number]>(shows(lib.next, 'Step two'));
    // The first run fetched the files (and, for Touchpoint, the UI chunk): not counted.
    if (i > 0) first.push(one), frames.push(frame), next.push(two);
    await end(page, lib);
  }
  await context.close();
  return { first: median(first), frame: median(frames), next: median(next) };
}

/**
 * Page load → step 1 visible (the tour starts by itself), cold (a new profile each time) or warm
 * (the same one, after a first load), for every library: in rounds, one load of each library a
 * round, so that a machine growing busier or quieter over the minutes shifts all of them alike.
 */
async function loads(browser: Browser, origin: string, libraries: Library[], warm: boolean, latency: number) {
  const times = new Map(libraries.map((lib) => [lib, [] as number[]]));
  const contexts = new Map<Library, BrowserContext>();
  const once = async (lib: Library) => {
    let context = contexts.get(lib);
    if (!context) {
      context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript(probe(lib, true));
      if (warm) contexts.set(lib, context);
    }
    // The page says when step 1 showed on its console: a waitForFunction would compile
    // Playwright's injected script (about 330 KB of source, some 19 ms here) in the page while
    // the tour may still be on its way, delaying libraries that show it after the load event.
    let shown: Promise<ConsoleMessage> | undefined;
    const page = await open(context, `${origin}/${slug(lib)}-auto.html`, latency, (created) => {
      shown = created.waitForEvent('console', { predicate: (message) => message.text().startsWith(SHOWN), timeout: 30_000 });
    });
    const time = Number((await shown!).text().slice(SHOWN.length));
    await end(page, lib);
    await page.close();
    if (!warm) await context.close();
    return time;
  };
  // A first round, not counted: warm, it fills each profile's cache; cold, it warms the servers
  // (the collector's Node process has answered almost nothing yet when the page loads go first).
  for (const lib of libraries) await once(lib);
  for (let i = 0; i < RUNS; i++) for (const lib of libraries) times.get(lib)!.push(await once(lib));
  for (const context of contexts.values()) await context.close();
  return new Map(libraries.map((lib) => [lib, median(times.get(lib)!)]));
}

/** The gzipped bytes and the requests it took to show step 1 on a first visit, and the JS heap it added (after a GC) over the same page without a tour. */
async function cost(browser: Browser, origin: string, lib: Library | null) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(probe(lib, !!lib));
  const page = await context.newPage();
  // Each file once (the largest body seen for it): one fetched ahead and then imported from the
  // HTTP cache is one download, whichever of the two answers Playwright can read the body of.
  const bodies = new Map<string, Promise<number>>();
  page.on('response', (response) => {
    const request = response.request();
    if (request.resourceType() === 'document' || request.method() !== 'GET') return;
    const size = response.body().then(
      (body) => gzipSync(body).length,
      () => 0,
    );
    const before = bodies.get(request.url()) ?? Promise.resolve(0);
    bodies.set(
      request.url(),
      Promise.all([before, size]).then(([a, b]) => Math.max(a, b)),
    );
  });
  await page.goto(`${origin}/${slug(lib)}-auto.html`);
  // The page without a tour waits through the same call: Playwright's injected script (about 330 KB
  // of source in the page's heap) then counts on both sides, not as the library's.
  await page.waitForFunction(lib ? 'window.__t.one' : 'document.readyState === "complete"');
  const requests = bodies.size;
  const bytes = (await Promise.all(bodies.values())).reduce((a, b) => a + b, 0);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const heap = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
  await context.close();
  return { bytes, requests, heap };
}

/** Main-thread time (script, layout, style) while the page scrolls up and down for SCROLL_MS with step 1 shown, and the layouts in that time. */
async function scrollOnce(browser: Browser, origin: string, lib: Library | null, big: boolean) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(probe(lib, false));
  const page = await context.newPage();
  await page.goto(`${origin}/${slug(lib)}${big ? '-big' : ''}.html`);
  if (lib) {
    await ready(page, lib);
    await page.evaluate(shows(lib.start, 'Step one'));
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
    return { time: (m.ScriptDuration! + m.LayoutDuration! + m.RecalcStyleDuration!) * 1000, layouts: m.LayoutCount! };
  };
  const before = await read();
  // Within the first 120 px: step 1's target stays in view, so every library keeps its step on screen.
  await page.evaluate(
    `new Promise((resolve) => { const t0 = performance.now(); let d = 2; const f = () => { if (performance.now() - t0 > ${SCROLL_MS}) return resolve(); if (scrollY >= 120) d = -2; if (scrollY <= 0) d = 2; scrollBy(0, d); requestAnimationFrame(f); }; f(); })`,
  );
  const after = await read();
  await context.close();
  return { time: after.time - before.time, layouts: after.layouts - before.layouts };
}

/** The median of SCROLL_RUNS scrolls (in a new page each): one alone moved by ±40% between runs. */
async function scrolling(browser: Browser, origin: string, lib: Library | null, big: boolean) {
  const runs: Array<{ time: number; layouts: number }> = [];
  for (let i = 0; i < SCROLL_RUNS; i++) runs.push(await scrollOnce(browser, origin, lib, big));
  return { time: median(runs.map((r) => r.time)), layouts: median(runs.map((r) => r.layouts)) };
}

const collector = await startCollector();
const browser = await launchChromium();
try {
  await publish(collector, TOUCHPOINT_CONTENT);
  const libraries = [...OTHERS, touchpoint(collector.url, collector.writeKey)];
  const pages: Parameters<typeof serveHostPages>[0] = { '/none.html': appPage(''), '/none-auto.html': appPage(''), '/none-big.html': appPage('', 5000) };
  for (const lib of libraries) {
    pages[`/${slug(lib)}.html`] = appPage(lib.head(false));
    pages[`/${slug(lib)}-auto.html`] = appPage(lib.head(true));
    pages[`/${slug(lib)}-big.html`] = appPage(lib.head(false), 5000);
    for (const [path, [type, text]] of Object.entries(lib.files))
      pages[path] = { html: text, headers: { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable' } };
  }
  const host = await serveHostPages(pages);
  const o = host.origin;
  const base = await cost(browser, o, null);
  const idle = { small: await scrolling(browser, o, null, false), big: await scrolling(browser, o, null, true) };
  const rows: Array<[string, string, number[]]> = [];
  // Both pages: the time added over the same page without a tour, and the layouts on the small one.
  const scrolled = async (lib: Library) => {
    const small = await scrolling(browser, o, lib, false);
    const big = await scrolling(browser, o, lib, true);
    return [small.time - idle.small.time, big.time - idle.big.time, small.layouts - idle.small.layouts];
  };
  const figures = new Map<Library, number[]>();
  const pageLoads = [];
  for (const [warm, latency] of [
    [false, 0],
    [true, 0],
    [false, LATENCY],
    [true, LATENCY],
  ] as const)
    pageLoads.push(await loads(browser, o, libraries, warm, latency));
  console.log('  measured the page loads');
  for (const lib of libraries) {
    const motion = await starts(browser, o, lib, 'no-preference');
    const reduced = await starts(browser, o, lib, 'reduce');
    const bytes = await cost(browser, o, lib);
    figures.set(lib, [
      motion.first,
      reduced.first,
      motion.frame,
      motion.next,
      ...pageLoads.map((times) => times.get(lib)!),
      ...(await scrolled(lib)),
      bytes.bytes / 1024,
      bytes.requests,
      (bytes.heap - base.heap) / 1024,
    ]);
    console.log(`  measured ${lib.name}`);
  }
  const names = [
    ['startFlow() → step 1 visible, files cached', 'ms'],
    ['… with reduced motion', 'ms'],
    ['startFlow() → the frame that first paints step 1 (1: the first after the call)', ''],
    ['Next → step 2 visible', 'ms'],
    ['page load → step 1 visible, cold', 'ms'],
    ['… warm', 'ms'],
    [`… cold, +${LATENCY} ms per request`, 'ms'],
    [`… warm, +${LATENCY} ms per request`, 'ms'],
    [`main-thread time added while scrolling ${SCROLL_MS / 1000} s (script + layout + style)`, 'ms'],
    ['… on a page of 5,000 elements', 'ms'],
    [`layouts added in those ${SCROLL_MS / 1000} s (small page)`, ''],
    ['bytes to show step 1 (gzipped)', 'KB'],
    ['requests to show step 1', ''],
    ['JS heap added after step 1', 'KB'],
  ] as const;
  names.forEach(([name, unit], i) => rows.push([name, unit, libraries.map((lib) => figures.get(lib)![i]!)]));
  console.log(`\nTours side by side (Chromium; median of ${RUNS} runs, of ${SCROLL_RUNS} for scrolling; ratio: Touchpoint ÷ the best of the others)\n`);
  console.log(`| figure | ${libraries.map((l) => l.name).join(' | ')} | ratio |`);
  console.log(`|---|${libraries.map(() => '---:').join('|')}|---:|`);
  for (const [name, unit, values] of rows) {
    const mine = values[values.length - 1]!;
    const best = Math.min(...values.slice(0, -1));
    const show = (v: number) => `${unit === '' ? v : v.toFixed(1)}${unit ? ` ${unit}` : ''}`;
    console.log(`| ${name} | ${values.map(show).join(' | ')} | ${best > 0 ? (mine / best).toFixed(2) : '–'} |`);
  }
  await host.close();
} finally {
  await browser.close();
  await collector.stop();
}
