/**
 * Target health end to end: a release removed the element a tour step points at; every user
 * who reaches the page reports the missing target from real Chromium, the collector counts it
 * per step and page, the project's alert webhook gets one signed "target broken" alert, and the
 * dashboard's Flows page marks the step with its selector, page and since when (axe-clean).
 */
import { signInAs } from './support/dashboard-sign-in.js';
import { createHmac } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { hostPage, launchChromium, serveHostPages } from './support/browser.js';
import { startCollector, type RunningCollector } from './support/collector.js';
import { publish } from './support/tours.js';
import { startWebhookReceiver } from '../packages/collector/src/testing/webhook-receiver.js';

let browser: Browser;
let collector: RunningCollector;
let host: Awaited<ReturnType<typeof serveHostPages>>;
const pages: Parameters<typeof serveHostPages>[0] = {};
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  browser = await launchChromium();
  collector = await startCollector(['--allow-private-webhooks']);
  host = await serveHostPages(pages);
  hook = await startWebhookReceiver();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await collector?.stop();
  await hook?.close();
});

describe('target health', () => {
  it('missing targets from real pages: counted per step and page, one signed alert, the Flows page marks the broken step', async () => {
    const webhook = hook.url;
    await publish(collector, {
      version: 1,
      flows: [
        {
          id: 'reports-tour',
          name: 'Reports tour',
          trigger: { on: 'page', url: '/app/*' },
          steps: [{ id: 'export', title: 'Export', target: ['[data-tour=export]', '#export'], timeout: 0.3 }],
        },
      ],
      health: { signals: [{ event: 'Report Exported', weight: 1 }], alerts: [{ below: 40, webhook }] },
    });
    // The release renamed the button: neither selector finds it any more.
    pages['/app/reports.html'] = hostPage(collector.url, collector.writeKey, `touchpoint.identify('th-' + Math.random(), {})`, {
      body: '<main><h1>Reports</h1><button class="btn-x1f3">Download</button></main>',
    });
    // Five users, each in a browser of their own, reach the page one after the other.
    for (let i = 0; i < 5; i++) {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${host.origin}/app/reports.html?report=${i}`);
      await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
      await collector.waitForEvents((events) => events.filter((e) => e.event === 'Flow Target Missing').length === i + 1, 60_000);
      await page.context().close();
    }

    await expect.poll(() => hook.received.length, { timeout: 15_000 }).toBe(1);
    const alert = JSON.parse(hook.received[0]!.body);
    expect(alert).toMatchObject({
      type: 'target_broken',
      flow_id: 'reports-tour',
      step_id: 'export',
      selectors: ['[data-tour=export]', '#export'],
      missing: 5,
      viewed: 0,
      rate: 1,
      pages: [{ url: `${host.origin}/app/reports.html`, missing: 5 }],
    });
    expect(hook.received[0]!.headers['x-touchpoint-signature']).toBe(
      `sha256=${createHmac('sha256', collector.secretKey).update(hook.received[0]!.body).digest('hex')}`,
    );

    const dash = await (await browser.newContext({ viewport: { width: 1280, height: 860 }, bypassCSP: true })).newPage();
    await dash.goto(`${collector.url}/dashboard/`);
    await signInAs(dash, collector.owner);
    await dash.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Flows' }).click();
    const health = dash.getByRole('region', { name: 'Target health' });
    await health.waitFor();
    const text = await health.textContent();
    expect(text).toContain('⚠ Broken: step 1 (export), [data-tour=export], #export since ');
    expect(text).toContain(`${host.origin}/app/reports.html: 5 times`);
    expect(await health.locator('time').first().getAttribute('datetime')).toBe(await sinceOf());
    expect(await axeViolations(dash)).toEqual([]);
    // Five page loads, the alert and the dashboard: more than one test's usual minute on a busy machine.
  }, 180_000);
});

/** When the step broke, by the report: its first miss. */
async function sinceOf(): Promise<string> {
  const res = await fetch(`${collector.url}/v1/reports/targets`, { headers: { authorization: `Bearer ${collector.secretKey}` } });
  const { steps } = (await res.json()) as { steps: Array<{ since: string }> };
  return steps[0]!.since;
}
