/**
 * Browser bench (`pnpm bench`): time to the first meaningful render of the dashboard's
 * experiments page with 50 experiments (each with exposures and conversions), in real
 * Chromium against the built collector and dashboard: from navigation start to all 50
 * verdicts drawn (the page fetches the content, then the 50 reports). Cold (first load)
 * and warm (assets cached; the median of 10).
 */
import { launchChromium } from '../../../test/support/browser.js';
import { startCollector } from '../../../test/support/collector.js';
import { signInAs } from '../../../test/support/dashboard-sign-in.js';
import { publish } from '../../../test/support/tours.js';

const EXPERIMENTS = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

const collector = await startCollector();
const browser = await launchChromium();
try {
  await publish(collector, {
    version: 1,
    messages: Array.from({ length: EXPERIMENTS }, (_, i) => ({
      id: `m${i}`,
      kind: 'modal',
      experiment: {
        id: `exp-${i}`,
        goal: { event: `Goal ${i}` },
        variants: [
          { id: 'a', weight: 50, content: { title: 'A' } },
          { id: 'b', weight: 50, content: { title: 'B' } },
        ],
      },
    })),
  });
  // 40 users per experiment, a third of them converting.
  const batch = [];
  for (let i = 0; i < EXPERIMENTS; i++) {
    for (let u = 0; u < 40; u++) {
      batch.push({ type: 'track', event: 'Experiment Viewed', userId: `u${u}`, properties: { experiment_id: `exp-${i}`, variation_id: u % 2 ? 'b' : 'a' } });
      if (u % 3 === 0) batch.push({ type: 'track', event: `Goal ${i}`, userId: `u${u}`, properties: {} });
    }
  }
  for (let i = 0; i < batch.length; i += 500) {
    const res = await fetch(`${collector.url}/v1/batch`, {
      method: 'POST',
      body: JSON.stringify({ writeKey: collector.writeKey, batch: batch.slice(i, i + 500) }),
    });
    if (!res.ok) throw new Error(`seed: ${res.status}`);
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // Signed in once as the collector's owner: the session cookie stays in the context.
  await page.goto(`${collector.url}/dashboard/`);
  await signInAs(page, collector.owner);
  const render = async () => {
    await page.goto('about:blank');
    await page.goto(`${collector.url}/dashboard/#/experiments`);
    // A string: tsx would wrap a function with helpers the page does not have. Bounded, so a
    // page that never draws them fails the bench instead of hanging it.
    return page.evaluate<number>(`new Promise((resolve, reject) => {
      const until = performance.now() + 60000;
      const check = () =>
        document.querySelectorAll('.verdict').length === ${EXPERIMENTS}
          ? resolve(performance.now())
          : performance.now() > until
            ? reject(new Error('the ${EXPERIMENTS} verdicts were not drawn within 60 s'))
            : requestAnimationFrame(check);
      check();
    })`);
  };
  const cold = await render();
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) warm.push(await render());
  warm.sort((a, b) => a - b);
  // Where the last warm run's time went: when each step of the chain was asked for and answered.
  const chain = await page.evaluate<Record<string, [number, number]>>(`(() => {
    const steps = {};
    for (const e of performance.getEntriesByType('resource')) {
      const path = new URL(e.name).pathname;
      const step = path === '/v1/auth/session' ? 'session' : path.includes('/ExperimentsPage') ? 'page chunk' : path === '/v1/content' ? 'content' : path.startsWith('/v1/reports/') ? 'reports' : null;
      if (!step) continue;
      const [start, end] = steps[step] ?? [Infinity, 0];
      steps[step] = [Math.min(start, e.startTime), Math.max(end, e.responseEnd)];
    }
    return steps;
  })()`);
  console.log(`\nDashboard, experiments page with ${EXPERIMENTS} experiments (Chromium; navigation start to every verdict drawn)`);
  console.log(`  cold ${cold.toFixed(0)} ms, warm median ${warm[Math.floor(RUNS / 2)]!.toFixed(0)} ms, slowest ${warm[RUNS - 1]!.toFixed(0)} ms`);
  console.log(
    `  last warm run: ${Object.entries(chain)
      .map(([step, [start, end]]) => `${step} ${start.toFixed(0)}–${end.toFixed(0)} ms`)
      .join(', ')}`,
  );
} finally {
  await browser.close();
  await collector.stop();
}
