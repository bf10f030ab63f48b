import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { hostPage, sdkReady } from './support/browser.js';
import { e2eEnvironment } from './support/env.js';
import { publish } from './support/tours.js';

const env = e2eEnvironment();
let context: BrowserContext | undefined;

afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** Opens `path` as a fresh user of the free plan, with `body` as the app, once the engine is ready. */
async function open(path: string, body = '<main><h1>App</h1><p>Content</p></main>', traits = `{ plan: 'free' }`): Promise<Page> {
  env.pages[path] = hostPage(env.collector.url, env.collector.writeKey, `touchpoint.identify('o-user-' + Math.random(), ${traits})`, { body });
  context = await env.browser.newContext({ viewport: { width: 1024, height: 700 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(env.host.origin + path);
  await sdkReady(page);
  return page;
}

const ui = (page: Page) => page.locator('touchpoint-ui');
const explain = (page: Page, id: string) => page.evaluate((x) => (window as any).touchpoint.explain(x), id);

const banner = {
  id: 'free-plan',
  kind: 'banner',
  position: 'top',
  audience: { trait: 'plan', op: 'eq', value: 'free' },
  trigger: { on: 'page', url: '/orch*' },
  title: 'You are on the Free plan',
  body: 'Unlimited reports come with **Team**.',
};
const modal = { id: 'export-news', kind: 'modal', trigger: { on: 'page', url: '/orch*' }, title: 'Export is here', body: 'Try CSV export.' };

describe('which items share the screen', () => {
  it('a banner stays while a modal opens and closes, and a survey that waited for the modal shows when it closes; axe-clean', async () => {
    await publish(env.collector, {
      version: 1,
      messages: [banner, modal],
      surveys: [{ id: 'nps', kind: 'nps', question: 'How likely are you to recommend us?', trigger: { on: 'delay', seconds: 1 } }],
    });
    const page = await open('/orch-banner.html');
    const bar = ui(page).getByRole('region', { name: 'You are on the Free plan' });
    await bar.waitFor();
    const dialog = ui(page).getByRole('dialog', { name: 'Export is here' });
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const before = await bar.boundingBox();
    // The survey's delay passes while the modal holds the main slot: it says what it waits for.
    await expect
      .poll(() => explain(page, 'nps'), { timeout: 5000 })
      .toEqual({ eligible: false, reasons: ['slot "main": waits for message "export-news" to close'] });

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await ui(page).getByRole('group', { name: 'How likely are you to recommend us?' }).waitFor();
    expect(await bar.boundingBox()).toEqual(before);
    expect(await explain(page, 'nps')).toEqual({ eligible: true, reasons: [] });
    expect(await explain(page, 'free-plan')).toEqual({ eligible: true, reasons: [] });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('what shows together does not overlap: a bottom banner lifts the survey, the slideout and the launchers above it, and they go back when it closes', async () => {
    await publish(env.collector, {
      version: 1,
      messages: [
        { ...banner, position: 'bottom' },
        { id: 'hello', kind: 'slideout', trigger: { on: 'page', url: '/orch*' }, title: 'Meet your success manager' },
      ],
      surveys: [{ id: 'nps', kind: 'nps', question: 'How likely are you to recommend us?', trigger: { on: 'page', url: '/orch*' } }],
      checklists: [{ id: 'start', title: 'Get started', items: [{ id: 'first', title: 'Add a todo', done: { event: 'Todo Added' } }] }],
    });
    const page = await open('/orch-stack.html');
    const bar = ui(page).getByRole('region', { name: 'You are on the Free plan' });
    const survey = ui(page).getByRole('group', { name: 'How likely are you to recommend us?' });
    const slideout = ui(page).getByRole('region', { name: 'Meet your success manager' });
    const launcher = ui(page).getByRole('button', { name: /Get started/ });
    for (const l of [bar, survey, slideout, launcher]) await l.waitFor();
    const bottom = async (l: typeof bar) => {
      const b = (await l.boundingBox())!;
      return Math.round(b.y + b.height);
    };
    const barTop = Math.round((await bar.boundingBox())!.y);
    await expect.poll(async () => Math.max(await bottom(survey), await bottom(slideout), await bottom(launcher))).toBeLessThanOrEqual(barTop);
    await bar.getByRole('button', { name: 'Close' }).click();
    await bar.waitFor({ state: 'detached' });
    // The survey's card ends 16 px above the bottom edge again.
    await expect.poll(async () => 700 - (await bottom(ui(page).locator('.survey')))).toBe(16);
  });

  it('a tour does not hold back a banner; the modal waiting for the tour shows when the user dismisses it, and the banner stays', async () => {
    await publish(env.collector, {
      version: 1,
      flows: [{ id: 'welcome', priority: 10, trigger: { on: 'page', url: '/orch*' }, steps: [{ id: 'hi', title: 'Welcome aboard' }] }],
      messages: [banner, modal],
    });
    const page = await open('/orch-tour.html');
    const bar = ui(page).getByRole('region', { name: 'You are on the Free plan' });
    const step = ui(page).getByRole('dialog', { name: 'Welcome aboard' });
    await step.waitFor();
    await bar.waitFor();
    expect(await explain(page, 'export-news')).toEqual({ eligible: false, reasons: ['slot "main": waits for flow "welcome" to close'] });
    await step.getByRole('button', { name: 'Close' }).click();
    await ui(page).getByRole('dialog', { name: 'Export is here' }).waitFor();
    expect(await bar.isVisible()).toBe(true);
    expect(await explain(page, 'export-news')).toEqual({ eligible: true, reasons: [] });
  });

  it('a hint (a persistent hotspot) shows beside a tour and then a modal: none replaces another, none waits for another', async () => {
    const hotspot = {
      id: 'filters-new',
      kind: 'hotspot',
      target: '#filters',
      trigger: { on: 'page', url: '/orch*' },
      repeat: 'until-completed',
      title: 'New: filters',
      body: 'Narrow the list.',
    };
    await publish(env.collector, {
      version: 1,
      flows: [{ id: 'welcome', priority: 10, trigger: { on: 'page', url: '/orch*' }, steps: [{ id: 'hi', title: 'Welcome aboard' }] }],
      messages: [hotspot, modal],
    });
    const page = await open('/orch-hint.html', '<main><h1>App</h1><button id="filters" style="margin:120px">Filters</button></main>');
    const beacon = ui(page).getByRole('button', { name: 'Open hint: New: filters' });
    const step = ui(page).getByRole('dialog', { name: 'Welcome aboard' });
    await beacon.waitFor();
    await step.waitFor();
    expect(await explain(page, 'filters-new')).toEqual({ eligible: true, reasons: [] });
    await step.getByRole('button', { name: 'Close' }).click();
    const dialog = ui(page).getByRole('dialog', { name: 'Export is here' });
    await dialog.waitFor();
    expect(await beacon.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Opened, the hint is a card at its target; a tour started now shows beside it.
    await beacon.click();
    const hint = ui(page).getByRole('dialog', { name: 'New: filters' });
    await hint.waitFor();
    await page.evaluate(() => (window as any).touchpoint.startFlow('welcome'));
    await step.waitFor();
    expect(await hint.isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('the UI loads once', () => {
  it('its chunks share the one ui.js module the SDK loaded: fetched once, and a closed message leaves nothing behind', async () => {
    await publish(env.collector, { version: 1, messages: [{ ...modal, trigger: { on: 'page', url: '/orch*' } }] });
    env.pages['/orch-once.html'] = hostPage(env.collector.url, env.collector.writeKey, `touchpoint.identify('o-once', {})`, {
      body: '<main><h1>App</h1></main>',
    });
    context = await env.browser.newContext();
    const page = await context.newPage();
    const fetched: string[] = [];
    page.on('request', (r) => void (/\/ui\.js(\?|$)/.test(r.url()) && fetched.push(r.url())));
    await page.goto(env.host.origin + '/orch-once.html');
    const dialog = ui(page).getByRole('dialog', { name: 'Export is here' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.querySelector('touchpoint-ui')!.shadowRoot!.querySelectorAll('.message').length)).toBe(0);
    expect(fetched).toHaveLength(1);
  });
});

describe('show() of a checklist', () => {
  it('opens its panel and launcher whatever its audience; explain() answers for it', async () => {
    await publish(env.collector, {
      version: 1,
      checklists: [
        {
          id: 'getting-started',
          title: 'Get started',
          audience: { trait: 'role', op: 'eq', value: 'admin' },
          items: [{ id: 'first', title: 'Add a todo', done: { event: 'Todo Added' } }],
        },
      ],
    });
    const page = await open('/orch-checklist.html', undefined, `{ role: 'member' }`);
    expect(await explain(page, 'getting-started')).toEqual({ eligible: false, reasons: ['audience: trait "role" is "member", not eq "admin"'] });
    await page.evaluate(() => (window as any).touchpoint.show('getting-started'));
    await ui(page).getByRole('dialog', { name: 'Get started' }).waitFor();
    expect(
      await ui(page)
        .getByRole('button', { name: /Get started/ })
        .getAttribute('aria-expanded'),
    ).toBe('true');
    expect(await explain(page, 'getting-started')).toEqual({ eligible: true, reasons: [] });
  });
});
