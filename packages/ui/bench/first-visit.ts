/**
 * Browser bench (`pnpm bench`): a first visit (a new browser profile) until what the page
 * triggers shows, with the script tag's key in its URL (the collector's first-visit hint) and
 * without, for each widget a page load may show: a tour step, a modal message, an NPS survey and
 * a checklist's launcher. Chromium adds LATENCY ms to every request (CDP network emulation;
 * default 50, and 0), against the built collector. The page logs on its console when the widget
 * has a box: nothing of Playwright runs in the page meanwhile. Median of BENCH_RUNS (default 8)
 * a cell; a widget's cells in rounds (one load of each a round).
 */
import { hostPage, launchChromium, serveHostPages } from '../../../test/support/browser.js';
import { startCollector } from '../../../test/support/collector.js';
import { publish } from '../../../test/support/tours.js';
import { median } from './tour-libraries.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 8);
const LATENCIES = (process.env.BENCH_LATENCIES ?? '50,0').split(',').map(Number);
const trigger = { on: 'page', url: '/*' };

/** Each widget: the content that shows it on any page, and a selector in our shadow root that finds it once drawn. */
const WIDGETS = [
  {
    name: 'tour step',
    content: { flows: [{ id: 'f', trigger, repeat: 'always', steps: [{ id: 's', title: 'Welcome', body: 'A tour.' }] }] },
    shown: '.step h2',
  },
  { name: 'modal message', content: { messages: [{ id: 'm', kind: 'modal', title: 'News', body: 'Read it.', trigger }] }, shown: '[role=dialog] h2' },
  { name: 'NPS survey', content: { surveys: [{ id: 's', kind: 'nps', question: 'How likely…?', trigger }] }, shown: '.survey' },
  {
    name: 'checklist',
    content: { checklists: [{ id: 'c', title: 'Get started', items: [{ id: 'i', title: 'Add a todo', done: { event: 'Todo Added' } }] }] },
    shown: '.launcher',
  },
] as const;

const collector = await startCollector();
const browser = await launchChromium();
try {
  const times = new Map<string, number[]>();
  for (const widget of WIDGETS) {
    await publish(collector, { version: 1, ...widget.content });
    const probe = `<script>(function look(){var r=document.querySelector('touchpoint-ui'),e=r&&r.shadowRoot&&r.shadowRoot.querySelector(${JSON.stringify(widget.shown)});if(e&&e.getBoundingClientRect().width)console.log('SHOWN '+performance.now());else requestAnimationFrame(look)})()</script>`;
    const host = await serveHostPages({
      '/key.html': hostPage(collector.url, collector.writeKey, '', { keyInUrl: true, head: probe }),
      '/plain.html': hostPage(collector.url, collector.writeKey, '', { head: probe }),
    });
    for (let run = 0; run < RUNS; run++)
      for (const latency of LATENCIES)
        for (const tag of ['key', 'plain'] as const) {
          const context = await browser.newContext();
          try {
            const page = await context.newPage();
            const cdp = await context.newCDPSession(page);
            await cdp.send('Network.enable');
            await cdp.send('Network.emulateNetworkConditions', { offline: false, latency, downloadThroughput: -1, uploadThroughput: -1 });
            const shown = page.waitForEvent('console', { predicate: (m) => m.text().startsWith('SHOWN '), timeout: 20_000 });
            await page.goto(`${host.origin}/${tag}.html`);
            const cell = `${widget.name}|${latency}|${tag}`;
            times.set(cell, [...(times.get(cell) ?? []), Number((await shown).text().slice(6))]);
          } finally {
            await context.close();
          }
        }
    await host.close();
    console.log(`  measured the ${widget.name}`);
  }
  console.log(`\nFirst visit → the widget shown (Chromium, a new profile each load; median of ${RUNS}; key: \`sdk.js?key=\`, the first-visit hint)\n`);
  console.log(`| widget | ${LATENCIES.map((l) => `+${l} ms a request: with the key | without | saved`).join(' | ')} |`);
  console.log(`|---|${LATENCIES.map(() => '---:|---:|---:').join('|')}|`);
  for (const widget of WIDGETS) {
    const cells = LATENCIES.map((latency) => {
      const [key, plain] = (['key', 'plain'] as const).map((tag) => median(times.get(`${widget.name}|${latency}|${tag}`)!));
      return `${key!.toFixed(1)} ms | ${plain!.toFixed(1)} ms | ${(plain! - key!).toFixed(1)} ms`;
    });
    console.log(`| ${widget.name} | ${cells.join(' | ')} |`);
  }
} finally {
  await browser.close();
  await collector.stop();
}
