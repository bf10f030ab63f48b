import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { startCollector, type RunningCollector } from './support/collector.js';

let browser: Browser;
let collector: RunningCollector;

beforeAll(async () => {
  browser = await launchChromium();
  // What `pnpm start` runs: the collector serving the demo and creating its project.
  collector = await startCollector(['--demo', 'demo']);
});
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

it('the demo app tracks sign-in, todos, navigation and export into the demo project', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${collector.url}/`);
  await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('New todo').fill('Write the quarterly plan');
  await page.getByRole('button', { name: 'Add' }).click();
  await page.getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('button', { name: 'Export report' }).click();
  await page.evaluate(() => (window as any).touchpoint.flush());

  const res = await fetch(`${collector.url}/v1/events?limit=100`, { headers: { authorization: 'Bearer sk_demo' } });
  const events = ((await res.json()) as { events: Array<Record<string, any>> }).events.reverse();
  expect(events.map((e) => (e.type === 'track' ? e.event : `${e.type}${e.type === 'page' ? ` ${e.properties.path}` : ''}`))).toEqual([
    'page /demo/',
    'identify',
    'group',
    'Todo Added',
    'page /demo/reports',
    'Report Exported',
  ]);
  expect(events[3]).toMatchObject({ userId: 'ada', properties: { length: 24 }, context: { groupId: 'globex' } });
  // The todo's text never leaves the app.
  expect(JSON.stringify(events)).not.toContain('quarterly');

  // A deep link into the single-page app loads it too.
  await page.goto(`${collector.url}/demo/reports`);
  await expect.poll(() => page.getByRole('heading', { name: 'Reports' }).isVisible()).toBe(true);
  expect(errors).toEqual([]);
});
