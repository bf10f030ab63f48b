/**
 * Browser bench (`pnpm bench`): the main-thread time a `track()` call costs the page, the
 * microtasks it queues included (the outbox's storage write and, where the browser has
 * `fetchLater`, re-arming the request the browser sends if the page dies). Real Chromium
 * against the built collector and script tag; each call in a task of its own, as clicks are.
 * Measured with CDP's TaskDuration over the whole loop, less the same loop without calls,
 * so the 100 µs resolution of `performance.now()` does not blur it.
 */
import type { Page } from 'playwright-core';
import { hostPage, launchChromium, serveHostPages } from '../../../test/support/browser.js';
import { startCollector } from '../../../test/support/collector.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 300);
const ROUNDS = Number(process.env.BENCH_RUNS ?? 5);

const collector = await startCollector();
const browser = await launchChromium();
try {
  const host = await serveHostPages({ '/app.html': hostPage(collector.url, collector.writeKey) });

  /** Milliseconds of main-thread tasks spent by `CALLS` tasks, each tracking one event (or nothing). */
  async function loop(page: Page, track: boolean): Promise<number> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskTime = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
    const before = await taskTime();
    // A string, not a function: tsx would wrap a function's inner names with a helper that does not exist in the page.
    await page.evaluate(`(async () => {
      for (let i = 0; i < ${CALLS}; i++) {
        await new Promise((resolve) => setTimeout(() => {
          if (${track}) touchpoint.track('Clicked', { i, label: 'Export the report', plan: 'team' });
          resolve();
        }, 2));
      }
    })()`);
    const spent = (await taskTime()) - before;
    await cdp.detach();
    return spent;
  }

  const results: Record<string, number[]> = { with: [], without: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of ['with', 'without'] as const) {
      const context = await browser.newContext();
      if (mode === 'without') await context.addInitScript('delete window.fetchLater');
      const page = await context.newPage();
      await page.goto(`${host.origin}/app.html`);
      await page.waitForFunction('window.touchpoint && window.touchpoint.__touchpoint === true');
      const idle = await loop(page, false);
      const busy = await loop(page, true);
      results[mode]!.push(((busy - idle) / CALLS) * 1000);
      await context.close();
    }
  }
  await host.close();
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[list.length >> 1]!;
  const withLater = median(results.with!);
  const without = median(results.without!);
  console.log(`\ntrack() cost, main-thread time a call adds with its microtasks (Chromium, ${CALLS} calls each in its own task, median of ${ROUNDS})`);
  console.log(`  with fetchLater (armed copy re-armed)   ${withLater.toFixed(0)} µs`);
  console.log(`  without fetchLater                      ${without.toFixed(0)} µs`);
  console.log(`  re-arming adds                          ${(withLater - without).toFixed(0)} µs a task that queues events`);
} finally {
  await browser.close();
  await collector.stop();
}
