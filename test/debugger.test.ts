import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { hostPage, sdkReady } from './support/browser.js';
import { e2eEnvironment } from './support/env.js';
import { publish } from './support/tours.js';

const env = e2eEnvironment();

/** Content where, for a member who is no admin, one message shows, one is held back by its audience and one by its trigger. */
const CONTENT = {
  version: 1,
  segments: [{ id: 'admins', all: [{ trait: 'role', op: 'eq', value: 'admin' }] }],
  messages: [
    { id: 'hello', kind: 'banner', trigger: { on: 'page', url: '/app/*' }, body: 'Welcome back' },
    { id: 'admin-news', kind: 'modal', audience: 'admins', trigger: { on: 'page', url: '/app/*' }, title: 'For admins', body: 'New settings' },
    { id: 'export-tip', kind: 'slideout', trigger: { on: 'event', event: 'Report Exported' }, title: 'Exported', body: 'Nice' },
  ],
};

async function openDebugger(): Promise<Page> {
  env.pages['/app/home.html'] = hostPage(env.collector.url, env.collector.writeKey, `touchpoint.identify('pm-1', { role: 'member', plan: 'free' })`, {
    body: '<main><h1>App</h1><button id="export">Export</button></main>',
  });
  const page = await (await env.browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
  await page.goto(`${env.host.origin}/app/home.html#touchpoint-debug`);
  return page;
}

/** The debugger's line for an item: its kind, id, verdict and reasons, as the PM reads them. */
const line = (page: Page, id: string) =>
  page
    .getByRole('region', { name: 'Touchpoint debugger' })
    .getByRole('listitem')
    .filter({ has: page.getByText(id, { exact: true }) });

describe('debugger (#touchpoint-debug)', () => {
  it('lists every item with the real reasons, the user, segments and events; reset lets a dismissed message show again; keyboard and axe', async () => {
    await publish(env.collector, CONTENT);
    const page = await openDebugger();
    const panel = page.getByRole('region', { name: 'Touchpoint debugger' });
    await panel.waitFor();
    // The banner shows; the panel says so.
    await page.locator('touchpoint-ui').getByText('Welcome back').waitFor();
    await expect.poll(() => line(page, 'hello').innerText()).toMatch(/eligible, shows now/);
    expect(await line(page, 'admin-news').innerText()).toContain('audience:');
    expect(await line(page, 'admin-news').innerText()).toMatch(/not eligible/);
    expect(await line(page, 'export-tip').innerText()).toContain('trigger: waits for the event "Report Exported"');
    // The user, their segments and events.
    await expect.poll(() => panel.innerText()).toContain('pm-1');
    expect(await panel.innerText()).toMatch(/role\s+member/);
    expect(await panel.innerText()).toMatch(/admins: not in/);
    await page.evaluate(() => (window as any).touchpoint.track('Report Exported'));
    await expect.poll(() => panel.innerText()).toMatch(/Report Exported/);
    // The token-less fragment is gone from the URL: the app's router never sees it.
    expect(new URL(page.url()).hash).toBe('');

    // Dismissed: the repeat rule holds it back.
    await page.evaluate(() => (window as any).touchpoint.dismiss());
    await expect.poll(() => line(page, 'hello').innerText()).toContain('repeat');
    await expect.poll(() => page.locator('touchpoint-ui').getByText('Welcome back').count()).toBe(0);

    expect(await axeViolations(page)).toEqual([]);

    // Keyboard: Tab reaches the panel's buttons; Enter on "Reset my content state" resets.
    const reset = panel.getByRole('button', { name: 'Reset my content state' });
    await reset.focus();
    await page.keyboard.press('Enter');
    await page.locator('touchpoint-ui').getByText('Welcome back').waitFor();
    await expect.poll(() => line(page, 'hello').innerText()).toMatch(/eligible, shows now/);
    expect(await panel.getByRole('status').innerText()).toMatch(/reset/i);
    // Who the user is stays.
    expect(await page.evaluate(() => (window as any).touchpoint.explain('admin-news').reasons.join(' '))).toContain('audience:');
    await expect.poll(() => panel.innerText()).toContain('pm-1');
    // Focus stayed on the button through the redraws.
    expect(await reset.evaluate((el) => el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);

    // A reload keeps the debugger open in this tab; Close closes it for good.
    await page.reload();
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Close the debugger' }).click();
    await expect.poll(() => panel.count()).toBe(0);
    await page.reload();
    await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
    await sdkReady(page);
    expect(await page.locator('touchpoint-debug').count()).toBe(0);
    await page.context().close();
  });

  it('is never downloaded without the fragment', async () => {
    await publish(env.collector, CONTENT);
    env.pages['/app/plain.html'] = hostPage(env.collector.url, env.collector.writeKey, `touchpoint.identify('u-2', {})`);
    const page = await (await env.browser.newContext()).newPage();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(`${env.host.origin}/app/plain.html`);
    await page.locator('touchpoint-ui').getByText('Welcome back').waitFor();
    expect(urls.some((u) => u.includes('/sdk/')) && urls.filter((u) => /debug|inspect/.test(u))).toEqual([]);
    await page.context().close();
  });
});
