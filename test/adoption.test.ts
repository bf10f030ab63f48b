import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hostPage, launchChromium, serveHostPages, sdkReady } from './support/browser.js';
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
  await sdkReady(page);
  await page.click('.export');
  await page.click('x-widget >> button.inside');
  await page.fill('input.search', 'my secret search terms');
  await page.locator('input.search').blur();
  await page.evaluate(() => (window as any).touchpoint.flush());

  const used = (await collector.waitForEvents((e) => e.filter((x) => x.event === 'Feature Used').length >= 3)).filter((e) => e.event === 'Feature Used');
  expect(used.map((e) => e.properties).sort((a, b) => a.feature_id.localeCompare(b.feature_id))).toEqual([
    { feature_id: 'export' },
    { feature_id: 'search' },
    { feature_id: 'widget' },
  ]);
  expect(JSON.stringify(await collector.events())).not.toContain('secret search');

  const adoption = await (await fetch(`${collector.url}/v1/reports/adoption`, { headers: { authorization: `Bearer ${collector.secretKey}` } })).json();
  expect(adoption).toMatchObject({ activeUsers: 1, features: expect.arrayContaining([{ feature_id: 'export', name: 'Export', users: 1, adoption: 1 }]) });
  await server.close();
});

it('retroactive: clicks made before a feature existed count once it is defined; the paths carry no text or values', async () => {
  await publish(collector, { version: 1, flows: [] });
  const html = hostPage(collector.url, collector.writeKey, `touchpoint.identify('early-user', {})`, {
    body: `<nav id="top" data-area="nav"><button class="btn share" data-action="share" aria-label="Share with Jane Roe">Share with Jane Roe</button></nav>
      <input class="name" aria-label="Name" value=""><x-panel></x-panel>
      <script>document.querySelector('x-panel').attachShadow({ mode: 'open' }).innerHTML = '<section class="panel"><button class="archive">Archive</button></section>';</script>`,
  });
  const server = await serveHostPages({ '/retro.html': html });
  const page = await browser.newPage();
  await page.goto(`${server.origin}/retro.html`);
  await sdkReady(page);
  await page.fill('input.name', 'Jane Roe private');
  await page.click('button.share');
  await page.click('x-panel >> button.archive');
  await page.evaluate(() => (window as any).touchpoint.flush());
  const clicks = (await collector.waitForEvents((e) => e.filter((x) => x.event === 'Element Clicked' && x.userId === 'early-user').length >= 2)).filter(
    (e) => e.event === 'Element Clicked' && e.userId === 'early-user',
  );
  const paths = clicks.map((e) => e.properties.path);
  expect(paths).toContainEqual([
    { tag: 'button', classes: ['btn', 'share'], attrs: { 'data-action': 'share' } },
    { tag: 'nav', id: 'top', attrs: { 'data-area': 'nav' } },
  ]);
  expect(paths).toContainEqual([{ tag: 'button', classes: ['archive'] }, { tag: 'section', classes: ['panel'] }, { tag: 'x-panel' }]);
  expect(JSON.stringify(clicks)).not.toMatch(/Jane|private|Archive</);

  // Defined afterwards: the past clicks count, across the shadow boundary too.
  const put = await fetch(`${collector.url}/v1/content`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${collector.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      version: 1,
      features: [
        { id: 'share', selector: '#top [data-action="share"]' },
        { id: 'archive', selector: 'x-panel .archive' },
        { id: 'never', selector: '.nope' },
      ],
    }),
  });
  expect(((await put.json()) as { retroactive?: string[] }).retroactive).toEqual(['share', 'archive', 'never']);
  const usersOf = async () => {
    const report = (await (await fetch(`${collector.url}/v1/reports/adoption`, { headers: { authorization: `Bearer ${collector.secretKey}` } })).json()) as {
      features: Array<{ feature_id: string; users: number }>;
    };
    return Object.fromEntries(report.features.map((f) => [f.feature_id, f.users]));
  };
  await expect.poll(usersOf).toEqual({ share: 1, archive: 1, never: 0 });
  await server.close();
});
