import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { startCollector, type RunningCollector } from './support/collector.js';
import { measureStep, waitForStep } from './support/tours.js';

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
  // The welcome tour greets first visits; close it to use the app.
  await waitForStep(page);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('New todo').fill('Write the quarterly plan');
  await page.getByRole('button', { name: 'Add' }).click();
  await page.getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('button', { name: 'Export report' }).click();
  await page.evaluate(() => (window as any).touchpoint.flush());

  const res = await fetch(`${collector.url}/v1/events?limit=100`, { headers: { authorization: 'Bearer sk_demo' } });
  const events = ((await res.json()) as { events: Array<Record<string, any>> }).events
    .reverse()
    .filter((e) => !/^(Flow|Message|Experiment|Element Clicked|Feature Used|Checklist|Survey)/.test(String(e.event)));
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

  // The getting-started checklist filled itself from the todo and the export.
  const ui = page.locator('touchpoint-ui');
  await ui.getByRole('button', { name: 'Get started with Tasklane: 2 of 4 done' }).waitFor();
  // The help button opens the resource center; a typo still finds the article.
  await page.getByRole('button', { name: 'Search help' }).click();
  await ui.getByRole('searchbox', { name: 'Search help articles' }).fill('shortcts');
  await expect.poll(() => ui.locator('.result').first().textContent()).toBe('Keyboard shortcuts');
  expect(await ui.locator('.result').count()).toBeGreaterThan(0);
  await page.keyboard.press('Escape');

  // The demo names the collector it really runs on (this one's port is not 8787).
  expect(await page.locator('#events-curl').textContent()).toBe(`curl -H 'Authorization: Bearer sk_demo' ${collector.url}/v1/events`);

  // A deep link into the single-page app loads it too.
  await page.goto(`${collector.url}/demo/reports`);
  await expect.poll(() => page.getByRole('heading', { name: 'Reports' }).isVisible()).toBe(true);
  expect(errors).toEqual([]);
});

it('the demo welcome tour: a centred step, an event, a click, a hotspot on another route, done', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${collector.url}/demo/`);
  await waitForStep(page);
  const ui = page.locator('touchpoint-ui');
  expect((await measureStep(page)).title).toBe('Welcome to Tasklane');
  await ui.getByRole('button', { name: 'Next' }).click();
  await expect.poll(async () => (await measureStep(page)).title).toBe('Add your first todo');
  // Advanced by the app's own event: adding a todo.
  await page.getByLabel('New todo').fill('Plan the launch');
  await page.getByLabel('New todo').press('Enter');
  await expect.poll(async () => (await measureStep(page)).title).toBe('Reports live here');
  // Advanced by a click on the target, which also navigates (SPA) to the next step's page.
  await page.getByRole('link', { name: 'Reports' }).click();
  const beacon = ui.getByRole('button', { name: 'Open hint: Export to CSV' });
  await beacon.click();
  await expect.poll(async () => (await measureStep(page)).title).toBe('Export to CSV');
  await ui.getByRole('button', { name: 'Next' }).click();
  await expect.poll(async () => (await measureStep(page)).title).toBe("You're all set");
  await ui.getByRole('button', { name: 'Done', exact: true }).click();
  await expect.poll(async () => (await measureStep(page)).dialog).toBeNull();
  await page.evaluate(() => (window as any).touchpoint.flush());
  await expect
    .poll(async () => {
      const res = await fetch(`${collector.url}/v1/events?limit=200&type=track`, { headers: { authorization: 'Bearer sk_demo' } });
      const events = ((await res.json()) as { events: Array<Record<string, any>> }).events.reverse();
      const mine = events.filter((e) => e.anonymousId === events.at(-1)?.anonymousId && String(e.event).startsWith('Flow'));
      return mine.map((e) => `${e.event}${e.properties.step_id ? ` ${e.properties.step_id}` : ''}`);
    })
    .toEqual([
      'Flow Started',
      'Flow Step Viewed hello',
      'Flow Step Viewed add',
      'Flow Step Viewed reports',
      'Flow Step Viewed export',
      'Flow Step Viewed done',
      'Flow Completed',
    ]);
  await context.close();
});
