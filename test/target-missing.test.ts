/**
 * A flow whose last step's target never appears, on an app that keeps re-rendering its list:
 * the flow ends as `Flow Dismissed` with `reason: "target_missing"` (never `Flow Completed`),
 * the checklist item tied to it stays open, debug mode says which selector was missing where,
 * the flow report counts the step's `missing`, and the dashboard's Flows page marks the step.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { hostPage } from './support/browser.js';
import { signInAs } from './support/dashboard-sign-in.js';
import { e2eEnvironment } from './support/env.js';
import { flowEvents, publish } from './support/tours.js';

const env = e2eEnvironment();

/** A todo list that replaces its nodes on every render (as a framework does), and never renders an export button. */
const APP = `<main><h1>Todos</h1><ul id="list"></ul></main>
<script>
  let n = 0;
  setInterval(() => {
    n++;
    document.getElementById('list').replaceChildren(...Array.from({ length: n % 4 }, (_, i) => Object.assign(document.createElement('li'), { textContent: 'Todo ' + i })));
  }, 150);
</script>`;

describe('a missing target', () => {
  it('ends the flow as dismissed (target_missing), not completed; the checklist item stays open; debug logs it; the report and dashboard show the broken step', async () => {
    await publish(env.collector, {
      version: 1,
      flows: [
        {
          id: 'setup',
          name: 'Setup tour',
          trigger: { on: 'page', url: '/app*' },
          steps: [
            { id: 'hello', title: 'Welcome' },
            { id: 'export', title: 'Export your todos', target: ['#export-button', '[data-tour=export]'], timeout: 1 },
          ],
        },
      ],
      checklists: [
        {
          id: 'start',
          title: 'Get started',
          items: [
            { id: 'tour', title: 'Take the tour', done: { flow: 'setup' } },
            { id: 'other', title: 'Add a todo', done: { event: 'Todo Added' } },
          ],
        },
      ],
    });
    env.pages['/app.html'] = hostPage(env.collector.url, env.collector.writeKey, `touchpoint.identify('tm-user', {})`, { body: APP, attributes: 'data-debug' });
    const page = await (await env.browser.newContext()).newPage();
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.goto(`${env.host.origin}/app.html`);
    const ui = page.locator('touchpoint-ui');

    await ui.getByRole('dialog', { name: 'Welcome' }).waitFor();
    await ui.getByRole('button', { name: 'Next' }).click();
    await page.evaluate(() => (window as any).touchpoint.flush());
    const events = await env.collector.waitForEvents((e) => e.some((x) => x.event === 'Flow Dismissed'));
    expect(await flowEvents(env.collector)).toEqual(['Flow Started', 'Flow Step Viewed hello', 'Flow Target Missing export', 'Flow Dismissed export']);
    expect(events.find((e) => e.event === 'Flow Target Missing')!.properties).toEqual({
      flow_id: 'setup',
      step_id: 'export',
      url: `${env.host.origin}/app.html`,
    });
    expect(events.find((e) => e.event === 'Flow Dismissed')!.properties).toEqual({
      flow_id: 'setup',
      step_id: 'export',
      step_index: 1,
      reason: 'target_missing',
    });
    await expect.poll(() => ui.getByRole('dialog').count()).toBe(0);

    // Debug mode names the step, its selectors and the page, as `touchpoint check` does.
    expect(warnings).toContain(`[touchpoint] setup/export  #export-button,[data-tour=export]  ${env.host.origin}/app.html  missing`);

    // The checklist item tied to the flow does not tick, and nothing announces it.
    await ui.getByRole('button', { name: 'Get started: 0 of 2 done' }).waitFor();
    await page.evaluate(() => (window as any).touchpoint.track('Sentinel', {}));
    await page.evaluate(() => (window as any).touchpoint.flush());
    const after = await env.collector.waitForEvents((e) => e.some((x) => x.event === 'Sentinel'));
    expect(after.filter((e) => e.event === 'Checklist Item Completed' || e.event === 'Flow Completed')).toEqual([]);

    // The flow report: the step's target was missing for one user; nobody completed or dismissed it.
    const res = await fetch(`${env.collector.url}/v1/reports/flows/setup`, { headers: { authorization: `Bearer ${env.collector.secretKey}` } });
    expect(await res.json()).toMatchObject({
      started: 1,
      completed: 0,
      dismissed: 0,
      steps: [
        { step_id: 'hello', step_index: 0, viewed: 1, missing: 0 },
        { step_id: 'export', step_index: 1, viewed: 0, missing: 1 },
      ],
    });

    // The dashboard marks the broken step.
    const dash = await (await env.browser.newContext({ viewport: { width: 1280, height: 860 }, bypassCSP: true })).newPage();
    await dash.goto(`${env.collector.url}/dashboard/`);
    await signInAs(dash, env.collector.owner);
    await dash.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Flows' }).click();
    const funnel = dash.getByRole('list', { name: 'Funnel of Setup tour' });
    await funnel.waitFor();
    expect(await funnel.getByRole('listitem').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')))).toEqual([
      'Started: 1',
      'Step 1: hello: 1',
      'Step 2: export: 0, −100%, ⚠ target missing for 1 user',
      'Completed: 0',
    ]);
    expect(await dash.locator('.warning').textContent()).toBe(
      'Step 2 (export): its target never appeared for 1 user. Check its selector on the page with touchpoint check.',
    );
    expect(await axeViolations(dash)).toEqual([]);
  });
});
