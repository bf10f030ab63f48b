import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hostPage, launchChromium, serveHostPages } from './support/browser.js';
import { startCollector, type RunningCollector } from './support/collector.js';
import { publish } from './support/tours.js';

let browser: Browser;
let collector: RunningCollector;

beforeAll(async () => {
  browser = await launchChromium();
  collector = await startCollector();
});
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

it('clicking a tagged feature (also one rendered late, or inside a shadow root) shows up in adoption; typed text is never sent', async () => {
  await publish(collector, {
    version: 1,
    features: [
      { id: 'export', name: 'Export', selector: '.export' },
      { id: 'widget', selector: 'button.inside' },
      { id: 'search', selector: 'input.search', on: 'change' },
    ],
  });
  const html = hostPage(collector.url, collector.writeKey, `touchpoint.identify('feature-user', {})`, {
    body: `<main><input class="search" aria-label="Search"><x-widget></x-widget></main>
      <script>
        setTimeout(() => { const b = document.createElement('button'); b.className = 'export'; b.textContent = 'Export'; document.querySelector('main').append(b); }, 800);
        document.querySelector('x-widget').attachShadow({ mode: 'open' }).innerHTML = '<button class="inside">In shadow</button>';
      </script>`,
  });
  const server = await serveHostPages({ '/features.html': html });
  const page = await browser.newPage();
  await page.goto(`${server.origin}/features.html`);
  await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
  await page.evaluate(() => new Promise((resolve) => (window as any).touchpoint.ready(resolve)));
  await page.click('.export');
  await page.click('x-widget >> button.inside');
  await page.fill('input.search', 'my secret search terms');
  await page.locator('input.search').blur();
  await page.evaluate(() => (window as any).touchpoint.flush());

  const used = (await collector.waitForEvents((e) => e.filter((x) => x.event === 'Feature Used').length >= 3)).filter((e) => e.event === 'Feature Used');
  expect(used.map((e) => e.properties).sort((a, b) => a.feature_id.localeCompare(b.feature_id))).toEqual([{ feature_id: 'export' }, { feature_id: 'search' }, { feature_id: 'widget' }]);
  expect(JSON.stringify(await collector.events())).not.toContain('secret search');

  const adoption = await (await fetch(`${collector.url}/v1/reports/adoption`, { headers: { authorization: `Bearer ${collector.secretKey}` } })).json();
  expect(adoption).toMatchObject({ activeUsers: 1, features: expect.arrayContaining([{ feature_id: 'export', name: 'Export', users: 1, adoption: 1 }]) });
  await server.close();
});
