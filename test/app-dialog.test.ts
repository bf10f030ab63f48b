import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { hostPage, sdkReady } from './support/browser.js';
import { e2eEnvironment } from './support/env.js';
import { flowEvents, onScreen, publish } from './support/tours.js';

/**
 * What we show while the app has its own modal <dialog> open: the app's dialog must stay
 * usable (its buttons clicked, its fields typed into), what is ours must be usable too, and
 * Esc closes only what is ours.
 */
const env = e2eEnvironment();
let context: BrowserContext | undefined;

afterEach(async () => {
  await context?.close();
  context = undefined;
});

/**
 * An app with a Settings dialog its own code opens (at load with `opened`, focus on Save),
 * whose Save button tracks `Settings Saved`. The dialog's children are spaced the way Tailwind
 * 3 and 4 space them (`space-y-*`), so anything that becomes a child of the dialog could move
 * them.
 */
const app = (opened: boolean) => `<style>
  #app { width: 420px; padding: 16px; }
  #app > :not([hidden]) ~ :not([hidden]) { margin-top: 12px; }
  #app > :not(:last-child) { margin-bottom: 8px; }
  #app h2, #app p { margin: 0; }
</style>
<main><h1>App</h1><button id="settings">Settings</button><p>Content</p></main>
<dialog id="app" aria-labelledby="app-title">
  <h2 id="app-title">Settings</h2>
  <p><label>Name <input id="name" autocomplete="off"></label></p>
  <button id="save">Save</button>
</dialog>
<script>
  const dialog = document.getElementById('app');
  document.getElementById('settings').addEventListener('click', () => dialog.showModal());
  document.getElementById('save').addEventListener('click', () => touchpoint.track('Settings Saved'));
  ${opened ? `dialog.showModal(); document.getElementById('save').focus();` : ''}
</script>`;

/** Opens the app at `path` as a fresh user, once the engine is ready. */
async function open(path: string, opened = true): Promise<Page> {
  env.pages[path] = hostPage(env.collector.url, env.collector.writeKey, `touchpoint.identify('d-user-' + Math.random(), {})`, { body: app(opened) });
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
const appOpen = (page: Page) => page.evaluate(() => (document.getElementById('app') as HTMLDialogElement).open);
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id);
/** A short timeout for what a user does: an inert control never becomes clickable, however long one waits. */
const quick = { timeout: 3000 };

/** The dialogs in Chromium's accessibility tree (what assistive technology sees), with their names. */
async function dialogs(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: Array<{ ignored: boolean; role?: { value: string }; name?: { value: string } }>;
  };
  await cdp.detach();
  return nodes.filter((n) => !n.ignored && /dialog/.test(n.role?.value ?? '')).map((n) => `${n.role!.value} "${n.name?.value ?? ''}"`);
}

const over = {
  version: 1,
  flows: [
    {
      id: 'over',
      steps: [
        { id: 'save', target: '#save', title: 'Save your settings', body: 'Press **Save** when done.', advance: { click: true } },
        { id: 'name', target: '#name', kind: 'tooltip', title: 'Name it', advance: { event: 'Settings Saved' } },
        { id: 'end', body: 'All set.' },
      ],
    },
  ],
};

describe('inside the app’s own modal <dialog>', () => {
  it('a step on the app’s Save button advances when the user clicks Save, and the next one on the app’s event', async () => {
    await publish(env.collector, over);
    const page = await open('/d-click.html');
    await page.evaluate(() => (window as any).touchpoint.startFlow('over'));
    await ui(page).getByRole('dialog', { name: 'Save your settings' }).waitFor();
    await page.locator('#save').click(quick);
    await ui(page).getByRole('dialog', { name: 'Name it' }).waitFor(quick);
    await page.locator('#save').click(quick);
    await ui(page).getByRole('dialog', { name: 'Step 3 of 3' }).waitFor(quick);
    expect(await appOpen(page)).toBe(true);
    await onScreen(page);
    await page.evaluate(() => (window as any).touchpoint.flush());
    await expect
      .poll(() => flowEvents(env.collector).then((e) => e.slice(-3)))
      .toEqual(['Flow Step Viewed save', 'Flow Step Viewed name', 'Flow Step Viewed end']);
  });

  it('a tooltip on a field of the dialog stays while the user types into the field', async () => {
    await publish(env.collector, {
      version: 1,
      messages: [{ id: 'name-tip', kind: 'tooltip', target: '#name', trigger: { on: 'manual' }, title: 'Your full name', body: 'As on your invoices.' }],
    });
    const page = await open('/d-type.html');
    await page.evaluate(() => (window as any).touchpoint.show('name-tip'));
    const tip = ui(page).getByRole('dialog', { name: 'Your full name' });
    await tip.waitFor();
    await page.locator('#name').click(quick);
    await page.keyboard.type('Ada Lovelace');
    expect(await page.locator('#name').inputValue()).toBe('Ada Lovelace');
    expect(await focused(page)).toBe('name');
    expect(await tip.isVisible()).toBe(true);
    // It points at the field, below it.
    const t = (await tip.boundingBox())!;
    const f = (await page.locator('#name').boundingBox())!;
    expect(Math.abs(t.y - (f.y + f.height + 12))).toBeLessThan(3);
  });

  it('the step is one dialog beside the app’s, named by its title (or “Step n of m”); axe-clean', async () => {
    await publish(env.collector, over);
    const page = await open('/d-ax.html');
    await page.evaluate(() => (window as any).touchpoint.startFlow('over'));
    await ui(page).getByRole('dialog', { name: 'Save your settings' }).waitFor();
    expect((await dialogs(page)).sort()).toEqual(['dialog "Save your settings"', 'dialog "Settings"']);
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate(() => (window as any).touchpoint.startFlow('over'));
    await page.locator('#save').click(quick);
    await page.locator('#save').click(quick);
    await ui(page).getByRole('dialog', { name: 'Step 3 of 3' }).waitFor(quick);
    expect((await dialogs(page)).sort()).toEqual(['dialog "Settings"', 'dialog "Step 3 of 3"']);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('what we show there leaves the app’s dialog as it was laid out', async () => {
    await publish(env.collector, over);
    const page = await open('/d-layout.html');
    const layout = () =>
      page.evaluate(() => [...document.querySelectorAll('#app, #app > :not(touchpoint-ui)')].map((el) => JSON.stringify(el.getBoundingClientRect())));
    const before = await layout();
    await page.evaluate(() => (window as any).touchpoint.startFlow('over'));
    await ui(page).getByRole('dialog', { name: 'Save your settings' }).waitFor();
    expect(await page.locator('#app touchpoint-ui').count()).toBe(1);
    expect(await layout()).toEqual(before);
  });

  it('Esc on the step closes the step only: the app’s dialog stays open and focus goes back to its button', async () => {
    await publish(env.collector, over);
    const page = await open('/d-esc.html');
    await page.evaluate(() => (window as any).touchpoint.startFlow('over'));
    const step = ui(page).getByRole('dialog', { name: 'Save your settings' });
    await step.waitFor();
    await page.waitForFunction(() =>
      (document.querySelector('#app touchpoint-ui') ?? document.querySelector('touchpoint-ui'))!.shadowRoot!.activeElement?.classList.contains('step'),
    );
    await page.keyboard.press('Escape');
    await step.waitFor({ state: 'detached' });
    expect(await appOpen(page)).toBe(true);
    expect(await focused(page)).toBe('save');
    await page.evaluate(() => (window as any).touchpoint.flush());
    await expect.poll(() => flowEvents(env.collector).then((e) => e.slice(-1))).toEqual(['Flow Dismissed save']);
  });

  it('a modal message over it is one dialog named by its title, and Esc closes only it', async () => {
    await publish(env.collector, {
      version: 1,
      messages: [{ id: 'export-news', kind: 'modal', trigger: { on: 'manual' }, title: 'Export is here', body: 'Try CSV export.' }],
    });
    const page = await open('/d-message.html');
    await page.evaluate(() => (window as any).touchpoint.show('export-news'));
    await ui(page).getByRole('heading', { name: 'Export is here' }).waitFor();
    expect((await dialogs(page)).filter((d) => d !== 'dialog "Settings"')).toEqual(['dialog "Export is here"']);
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await ui(page).getByRole('heading', { name: 'Export is here' }).waitFor({ state: 'detached' });
    expect(await appOpen(page)).toBe(true);
    expect(await focused(page)).toBe('save');
  });

  it('Esc on a survey or on a hint’s beacon closes it, and only it', async () => {
    await publish(env.collector, {
      version: 1,
      surveys: [{ id: 'nps', kind: 'nps', question: 'How likely are you to recommend us?', trigger: { on: 'manual' } }],
      messages: [{ id: 'name-hint', kind: 'hotspot', target: '#name', trigger: { on: 'manual' }, title: 'Names' }],
    });
    const page = await open('/d-esc-widgets.html');
    await page.evaluate(() => (window as any).touchpoint.show('nps'));
    const survey = ui(page).getByRole('group', { name: 'How likely are you to recommend us?' });
    await survey.getByRole('radio', { name: '7' }).check(quick);
    await page.keyboard.press('Escape');
    await survey.waitFor({ state: 'detached', ...quick });
    expect(await appOpen(page)).toBe(true);
    expect(await focused(page)).toBe('save');

    await page.evaluate(() => (window as any).touchpoint.show('name-hint'));
    const beacon = ui(page).getByRole('button', { name: 'Open hint: Names' });
    await beacon.focus(quick);
    await page.keyboard.press('Escape');
    await beacon.waitFor({ state: 'detached', ...quick });
    expect(await appOpen(page)).toBe(true);
    expect(await focused(page)).toBe('save');
    await page.evaluate(() => (window as any).touchpoint.flush());
    await expect
      .poll(async () =>
        (await env.collector.events())
          .filter((e) => /Dismissed/.test(String(e.event)))
          .map((e) => e.event)
          .slice(-2),
      )
      .toEqual(['Survey Dismissed', 'Message Dismissed']);
  });
});

describe('when the app opens or closes its dialog while something of ours shows', () => {
  const centred = {
    version: 1,
    flows: [
      {
        id: 'tour',
        steps: [
          { id: 'one', title: 'Hello' },
          { id: 'two', title: 'Second' },
          { id: 'three', title: 'Third' },
        ],
      },
    ],
  };

  it('a step shown before the app opens its dialog goes into it: the step and the dialog stay usable', async () => {
    await publish(env.collector, centred);
    const page = await open('/d-opens.html', false);
    await page.evaluate(() => (window as any).touchpoint.startFlow('tour'));
    await ui(page).getByRole('dialog', { name: 'Hello' }).waitFor();
    await page.locator('#settings').click(quick);
    expect(await appOpen(page)).toBe(true);
    await page.locator('#name').click(quick);
    await page.keyboard.type('Grace');
    expect(await page.locator('#name').inputValue()).toBe('Grace');
    await ui(page).getByRole('button', { name: 'Next' }).click(quick);
    await ui(page).getByRole('dialog', { name: 'Second' }).waitFor(quick);
  });

  it('when the app closes or removes its dialog, the step comes back out of it and the page is usable again', async () => {
    await publish(env.collector, centred);
    const page = await open('/d-closes.html');
    await page.evaluate(() => (window as any).touchpoint.startFlow('tour'));
    await ui(page).getByRole('dialog', { name: 'Hello' }).waitFor();
    await page.evaluate(() => (document.getElementById('app') as HTMLDialogElement).close());
    // The page behind is no longer inert: the app's own button opens the dialog again.
    await page.locator('#settings').click(quick);
    expect(await appOpen(page)).toBe(true);
    await ui(page).getByRole('button', { name: 'Next' }).click(quick);
    await ui(page).getByRole('dialog', { name: 'Second' }).waitFor(quick);
    // A framework that unmounts its dialog takes it out of the page, open.
    await page.evaluate(() => document.getElementById('app')!.remove());
    await ui(page).getByRole('button', { name: 'Next' }).click(quick);
    await ui(page).getByRole('dialog', { name: 'Third' }).waitFor(quick);
    expect(await page.locator('touchpoint-ui').count()).toBe(1);
  });
});
