/**
 * Browser bench (`pnpm bench`): time from opening a builder link (navigation start) to the
 * builder's panel being usable (its "Pick an element" button in the page), in real Chromium
 * against the built collector, script tag and chunks, with a draft of 20 tours to load.
 * The first load fetches builder.js (cold); the others come from the browser's cache (warm),
 * as when a PM navigates the app with the builder open.
 */
import { hostPage, launchChromium, serveHostPages } from '../../../test/support/browser.js';
import { startCollector } from '../../../test/support/collector.js';
import { publish } from '../../../test/support/tours.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);

const collector = await startCollector();
const browser = await launchChromium();
try {
  const flows = Array.from({ length: 20 }, (_, i) => ({
    id: `tour-${i}`,
    steps: Array.from({ length: 5 }, (_, j) => ({ id: `s${j}`, target: `#t${j}`, title: `Step ${j}`, body: 'Some **bold** text.' })),
  }));
  await publish(collector, { version: 1, flows });
  const host = await serveHostPages({
    '/app.html': hostPage(collector.url, collector.writeKey, '', { body: '<main><h1>App</h1><button id="t0">Target</button></main>' }),
  });
  const res = await fetch(`${collector.url}/v1/builder/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${collector.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${host.origin}/app.html` }),
  });
  const { url } = (await res.json()) as { url: string };
  const context = await browser.newContext();
  const page = await context.newPage();
  const times: number[] = [];
  // From sdk.js loaded to the panel usable: what the builder adds (builder.js, the panel's first render), apart from the page's own load.
  const added: number[] = [];
  const parts: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    // The first run opens the link; later ones reload the tab, which keeps the builder open.
    if (i === 0) await page.goto(url);
    else await page.reload();
    // A string, not a function: tsx would wrap a function's inner names with a helper that does not exist in the page.
    times.push(
      await page.evaluate<number>(`new Promise((resolve) => {
        const check = () => {
          const button = document.querySelector('touchpoint-builder')?.shadowRoot?.querySelector('section[aria-label="Touchpoint builder"] button[aria-pressed]');
          if (button) resolve(performance.now());
          else requestAnimationFrame(check);
        };
        check();
      })`),
    );
    added.push(times.at(-1)! - (await page.evaluate<number>(`performance.getEntriesByType('resource').find((e) => e.name.endsWith('/sdk.js')).responseEnd`)));
    parts.push(
      await page.evaluate<string>(
        `performance.getEntriesByType('resource').filter((e) => /sdk|builder/.test(e.name)).map((e) => e.name.split('/').pop() + ' ' + e.startTime.toFixed(0) + '→' + e.responseEnd.toFixed(0)).join(', ') + ', DOMContentLoaded ' + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd.toFixed(0)`,
      ),
    );
  }
  if (process.env.BENCH_DETAIL) console.log(parts.join('\n'));
  await context.close();
  await host.close();
  const quantile = (list: number[], q: number) => {
    const warm = list.slice(1).sort((a, b) => a - b);
    return warm[Math.min(warm.length - 1, Math.floor(q * warm.length))]!;
  };
  const at = (q: number) => quantile(times, q);
  console.log(`\nBuilder open, navigation start → panel usable (Chromium, ${RUNS} page loads, a draft of 20 tours)`);
  console.log(`  first load (builder.js fetched)  ${times[0]!.toFixed(1)} ms`);
  console.log(`  median of the rest (cached)      ${at(0.5).toFixed(1)} ms   p90 ${at(0.9).toFixed(1)} ms`);
  console.log(
    `  of which after sdk.js loaded     first ${added[0]!.toFixed(1)} ms, median ${quantile(added, 0.5).toFixed(1)} ms, p90 ${quantile(added, 0.9).toFixed(1)} ms`,
  );
} finally {
  await browser.close();
  await collector.stop();
}
