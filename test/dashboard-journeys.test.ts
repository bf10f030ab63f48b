import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { signInAs } from './support/dashboard-sign-in.js';
import { e2eEnvironment } from './support/env.js';
import { publish } from './support/tours.js';

/*
 * Journeys in the dashboard, against a real collector: a PM writes a journey in the content
 * editor without JSON, sees how many users would enter now, publishes it, and once the collector
 * has run it, reads who entered and was acted on in the Journeys page. axe finds nothing.
 */
const env = e2eEnvironment();

/** Three users the collector knows: two on the trial plan, one paying. */
async function seedUsers(): Promise<void> {
  const now = new Date().toISOString();
  const batch = [
    ['ada', 'trial'],
    ['bob', 'trial'],
    ['cy', 'paid'],
  ].map(([userId, plan]) => ({ type: 'identify', messageId: `m-${userId}`, userId, traits: { plan }, timestamp: now, anonymousId: `a-${userId}` }));
  const res = await fetch(`${env.collector.url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ writeKey: env.collector.writeKey, batch, sentAt: now }),
  });
  if (!res.ok) throw new Error(`batch: ${res.status} ${await res.text()}`);
  await env.collector.waitForEvents((events) => events.filter((e) => e.type === 'identify').length === 3);
}

async function dashboard(path: string, heading: string): Promise<Page> {
  // bypassCSP: axe-core is injected as an inline script (the dashboard's CSP is checked in dashboard.test.ts).
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US', bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as any).errors = errors;
  await page.goto(`${env.collector.url}/dashboard/#/${path}`);
  await signInAs(page, env.collector.owner, { heading });
  return page;
}

describe('dashboard: journeys', () => {
  it('a PM writes a journey in the forms, counts who would enter now, publishes it, and reads its results', { timeout: 120_000 }, async () => {
    await seedUsers();
    await publish(env.collector, {
      version: 1,
      messages: [{ id: 'come-back', name: 'Welcome back', kind: 'modal', title: 'Welcome back', trigger: { on: 'event', event: 'Never Sent' } }],
    });
    const page = await dashboard('content', 'Content');
    await page.getByText('No problems: the document is valid.').waitFor();
    const journeys = page.locator('details[data-section="journeys"]');
    await journeys.locator('summary').click();
    await journeys.getByRole('button', { name: 'Add a journey' }).click();
    await journeys.getByLabel('Id', { exact: true }).fill('trial-nudge');
    await journeys.getByLabel('Name', { exact: true }).fill('Trial nudge');
    // Who enters: users on the trial plan.
    await journeys.getByLabel('Condition', { exact: true }).selectOption({ label: "User's trait" });
    await journeys.getByLabel('Trait (such as role, plan)').fill('plan');
    await journeys.getByLabel('Value', { exact: true }).fill('trial');
    // What happens: the message, picked by its name.
    await journeys.getByLabel('What happens').selectOption({ label: 'Show content on their next visit' });
    await journeys.getByLabel('Content to show').selectOption({ label: 'Message: Welcome back' });
    await page.getByText('No problems: the document is valid.').waitFor();

    await journeys.getByRole('button', { name: 'Who would enter now?' }).click();
    await journeys.getByText('2 user(s) would enter now: 2 of 3 known users match the audience; 0 of those entering would be held out.').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('button', { name: 'Publish…' }).click();
    await page.getByRole('dialog', { name: 'Publish these changes to every user?' }).getByRole('button', { name: 'Publish' }).click();
    await page.getByText(/Published as version/).waitFor();

    const run = await fetch(`${env.collector.url}/v1/journeys/run`, { method: 'POST', headers: { authorization: `Bearer ${env.collector.secretKey}` } });
    expect(((await run.json()) as { journeys: unknown[] }).journeys).toMatchObject([{ id: 'trial-nudge', entered: 2, acted: 2 }]);

    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Journeys' }).click();
    const card = page.getByRole('region', { name: 'Trial nudge' });
    await card.getByText('No holdout: give the journey a holdout to measure what it is worth.').waitFor();
    expect(await card.locator('.stats').textContent()).toBe('Entered: 2Acted on: 2Converted: 0');
    await card.getByText('Shows Welcome back on the next visit').waitFor();
    const recent = card.getByRole('table').nth(1);
    expect((await recent.locator('tbody th').allTextContents()).sort()).toEqual(['ada', 'bob']);
    expect(await recent.locator('tbody td:nth-child(3)').allTextContents()).toEqual(['Acted on', 'Acted on']);
    expect(await axeViolations(page)).toEqual([]);

    // In Japanese, its words fetched then.
    await page.getByLabel('Language').selectOption('ja');
    await page.getByRole('heading', { level: 1, name: 'ジャーニー' }).waitFor();
    await card.getByText('ホールドアウトがありません。効果を測るにはホールドアウトを設定してください。').waitFor();
    expect(await card.locator('.stats').textContent()).toBe('参加: 2アクション実行: 2コンバージョン: 0');
    expect(await axeViolations(page)).toEqual([]);
    expect((page as any).errors).toEqual([]);
  });
});
