/**
 * Browser bench (`pnpm bench`): time from `touchpoint.startFlow()` to the first step
 * visible and positioned at its target, in real Chromium against the built collector,
 * script tag and chunks. 50 page loads: the first loads the UI chunk from the collector
 * (cold), the others from the browser's cache (warm), as returning users do.
 */
import { hostPage, launchChromium, serveHostPages } from '../../../test/support/browser.js';
import { startCollector } from '../../../test/support/collector.js';
import { publish } from '../../../test/support/tours.js';
import { timed } from './timed.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);

const collector = await startCollector();
const browser = await launchChromium();
try {
  await publish(collector, {
    version: 1,
    flows: [
      {
        id: 'bench',
        repeat: 'always',
        steps: [
          { id: 'one', target: '#t', title: 'Benchmark', body: 'From **startFlow** to here.' },
          { id: 'two', title: 'Two' },
        ],
      },
    ],
  });
  const host = await serveHostPages({
    '/bench.html': hostPage(collector.url, collector.writeKey, '', { body: '<main><h1>Bench</h1><button id="t" style="margin:200px">Target</button></main>' }),
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`${host.origin}/bench.html`);
    await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
    // The engine is loaded once the content is: startFlow acts at once from here.
    await page.evaluate('new Promise((resolve) => window.touchpoint.ready(resolve))');
    if (await page.evaluate('!!document.querySelector("touchpoint-ui")?.shadowRoot?.querySelector("[role=dialog]")'))
      throw new Error('a step is already showing before startFlow');
    const [ms] = await page.evaluate<[number, number]>(
      timed(
        "window.touchpoint.startFlow('bench')",
        "(() => { const d = document.querySelector('touchpoint-ui')?.shadowRoot?.querySelector('[role=dialog]'); return !!d && !d.hasAttribute('data-hidden'); })()",
      ),
    );
    times.push(ms);
    // End the flow, or the next page load would resume it before startFlow is called.
    await page.evaluate('window.touchpoint.dismiss()');
    await page.waitForFunction('!document.querySelector("touchpoint-ui")?.shadowRoot?.querySelector("[role=dialog]")');
  }
  await context.close();
  await host.close();
  const warm = times.slice(1).sort((a, b) => a - b);
  const at = (q: number) => warm[Math.min(warm.length - 1, Math.floor(q * warm.length))]!;
  console.log(`\nTour start, startFlow() → first step visible and positioned (Chromium, ${RUNS} page loads)`);
  console.log(`  first load (UI chunk fetched)   ${times[0]!.toFixed(1)} ms`);
  console.log(`  median of the rest (cached)     ${at(0.5).toFixed(1)} ms   p90 ${at(0.9).toFixed(1)} ms`);
} finally {
  await browser.close();
  await collector.stop();
}
