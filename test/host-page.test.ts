import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eEnvironment } from './support/env.js';
import { publish, waitForStep } from './support/tours.js';

/**
 * Host pages that changed the language's built-ins before the SDK loaded, as old libraries do
 * (Prototype-era `Object.prototype` extensions, MooTools' `Array.from`): the SDK still counts,
 * shows and answers, and never throws into the page (an error in the page fails the test).
 */
const env = e2eEnvironment();

const CONTENT = {
  version: 1,
  flows: [
    {
      id: 'tour',
      steps: [
        { id: 'one', target: '#t', title: 'Start here' },
        { id: 'two', title: 'Done' },
      ],
    },
  ],
  surveys: [{ id: 'nps', kind: 'nps', question: 'How likely are you to recommend us?', trigger: { on: 'manual' } }],
};
const BODY = '<main><h1>App</h1><button id="t">Target</button></main>';

const events = (user: string) => env.collector.waitForEvents((all) => all.some((e) => e.userId === user && e.event === 'Element Clicked'));

describe('a page that changed built-ins before the SDK loaded', () => {
  it('an enumerable property on Object.prototype (a legacy extend): events are sent, the tour shows, nothing throws into the page', async () => {
    await publish(env.collector, CONTENT);
    const page = await env.openSdkPage('object-prototype', BODY, {
      initScript: 'Object.prototype.extend = function (o) { for (var k in o) this[k] = o[k]; return this; };',
      inline: "touchpoint.identify('legacy-extend');",
    });
    await page.evaluate(() => (window as any).touchpoint.startFlow('tour'));
    await waitForStep(page);
    await page.click('#t');
    await page.evaluate(() => (window as any).touchpoint.flush());
    const sent = (await events('legacy-extend')).filter((e) => e.userId === 'legacy-extend').map((e) => e.event ?? e.type);
    expect(sent).toEqual(expect.arrayContaining(['page', 'Flow Started', 'Element Clicked']));
  });

  it("MooTools' Array.from, which ignores a map function: the NPS survey still offers its eleven scores", async () => {
    await publish(env.collector, CONTENT);
    const page: Page = await env.openSdkPage('mootools', BODY, {
      initScript:
        "Array.from = function (item) { if (item == null) return []; return typeof item.length == 'number' && typeof item != 'string' ? (Array.isArray(item) ? item : Array.prototype.slice.call(item)) : [item]; };",
    });
    await page.evaluate(() => (window as any).touchpoint.show('nps'));
    const scores = page.locator('touchpoint-ui input[name="tp-score"]');
    await expect.poll(() => scores.count()).toBe(11);
  });

  it('an app that replaces its whole body (innerHTML, our host with it) while a step shows: the step follows the new target', async () => {
    await publish(env.collector, CONTENT);
    const page = await env.openSdkPage('body-swap', BODY);
    await page.evaluate(() => (window as any).touchpoint.startFlow('tour'));
    await waitForStep(page);
    await page.evaluate(() => {
      document.body.innerHTML = '<main><h1>App</h1><p>Rendered again</p><button id="t">Target</button></main>';
    });
    // Shown at the new button (was: hidden for good, the change taken for our own host's).
    const gap = () =>
      page.evaluate(() => {
        const step = document.querySelector('touchpoint-ui')!.shadowRoot!.querySelector('.step')!;
        if (step.matches('[data-hidden]')) return Infinity;
        const card = step.getBoundingClientRect();
        const target = document.getElementById('t')!.getBoundingClientRect();
        // Beside it, on whichever side it was placed: the gap between the two boxes.
        return Math.max(0, card.left - target.right, target.left - card.right, card.top - target.bottom, target.top - card.bottom);
      });
    await expect.poll(gap).toBeLessThan(20);
  });

  it('an app that takes its body out and puts a new one in a task later while a step shows: nothing throws, the step follows into the new body', async () => {
    await publish(env.collector, CONTENT);
    const page = await env.openSdkPage('body-out', BODY);
    await page.evaluate(() => (window as any).touchpoint.startFlow('tour'));
    await waitForStep(page);
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          document.body.remove();
          // The page has no body for a task (was: the UI's dialog watch threw into the page).
          setTimeout(() => {
            const body = document.createElement('body');
            body.innerHTML = '<main><button id="t">Target</button></main>';
            document.documentElement.append(body);
            done();
          }, 50);
        }),
    );
    await expect.poll(() => page.evaluate(() => document.querySelector('touchpoint-ui')?.parentNode === document.body)).toBe(true);
  });

  it('a tooltip that shows by itself while the user types in a field leaves the keys in the field', async () => {
    await publish(env.collector, {
      version: 1,
      flows: [{ id: 'tip', trigger: { on: 'delay', seconds: 1 }, steps: [{ id: 'one', target: '#t', kind: 'tooltip', title: 'New: shortcuts' }] }],
    });
    const page = await env.openSdkPage('typing', `${BODY}<textarea id="notes" aria-label="Notes"></textarea>`);
    await page.focus('#notes');
    await waitForStep(page);
    await page.keyboard.type('still here');
    // Was: focus moved into the tooltip, and the rest of the typing went there.
    expect(await page.inputValue('#notes')).toBe('still here');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('notes');
  });

  it('a step at a target taller than the viewport (no side has room) is shown in the viewport, over the target', async () => {
    await publish(env.collector, { version: 1, flows: [{ id: 'big', steps: [{ id: 'one', target: '#big', title: 'A long list' }] }] });
    const page = await env.openSdkPage('tall-target', '<main><div id="big" style="height:1500px;background:#eee">List</div></main>', {
      viewport: { width: 800, height: 600 },
    });
    await page.evaluate(() => (window as any).touchpoint.startFlow('big'));
    await waitForStep(page);
    const box = await page.evaluate(() => {
      const r = document.querySelector('touchpoint-ui')!.shadowRoot!.querySelector('.step')!.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom };
    });
    // Was: placed below the target, 1,062 px down a 600 px viewport.
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.bottom).toBeLessThanOrEqual(600);
  });

  it('a tour started from a button that then goes away (its card closes) still takes focus, from the body', async () => {
    await publish(env.collector, { version: 1, flows: [{ id: 'go', steps: [{ id: 'one', target: '#t', title: 'Here' }] }] });
    const page = await env.openSdkPage('start-and-go', `${BODY}<div id="card"><button id="start">Start the tour</button></div>`);
    await page.evaluate(() =>
      document.getElementById('start')!.addEventListener('click', () => {
        (window as any).touchpoint.startFlow('go');
        document.getElementById('card')!.remove();
      }),
    );
    await page.focus('#start');
    await page.keyboard.press('Enter');
    await waitForStep(page);
    await expect.poll(() => page.evaluate(() => document.querySelector('touchpoint-ui')?.shadowRoot?.activeElement?.getAttribute('role'))).toBe('dialog');
  });

  it('a message shown while the page has no body (an app swapping it) throws nothing, and shows once the new body is in', async () => {
    await publish(env.collector, { ...CONTENT, messages: [{ id: 'note', kind: 'modal', trigger: { on: 'manual' }, title: 'Saved' }] });
    const page = await env.openSdkPage('show-no-body', BODY);
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          document.body.remove();
          (window as any).touchpoint.show('note');
          setTimeout(() => {
            document.documentElement.append(document.createElement('body'));
            done();
          }, 50);
        }),
    );
    await page.locator('touchpoint-ui').getByRole('dialog', { name: 'Saved' }).waitFor();
  });
});
