/**
 * The builder in the app (CONTRACT §7), end to end: a builder link opens the panel on a page
 * built like a real app (hashed class names, lists, re-renders that replace nodes, an open
 * shadow root, a same-origin iframe); picking proposes selectors that hold; the draft saved
 * from the panel is the collector's draft; the panel survives a reload; axe finds nothing.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
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

/** The app: generated class names everywhere, a list, a re-render that replaces every node, a web component with an open shadow root, a settings iframe. */
const APP = `
<style>._hdr_1a2b3{display:flex;gap:12px;padding:8px}.sc-bdVaJa{list-style:none;padding:0}.css-1n7v3ny{display:flex;gap:8px;padding:4px}</style>
<header class="_hdr_1a2b3"><a class="_nav_9f8e7" href="/reports">Reports</a><x-toolbar></x-toolbar></header>
<main id="root"></main>
<iframe id="settings" title="Settings" src="/frame.html" style="width:320px;height:90px;border:3px solid #999"></iframe>
<script>
  window.appClicks = [];
  customElements.define('x-toolbar', class extends HTMLElement {
    connectedCallback() {
      const root = this.attachShadow({ mode: 'open' });
      root.innerHTML = '<button class="_t_1q2w3" id="share">Share</button>';
      root.querySelector('button').addEventListener('click', () => window.appClicks.push('share'));
    }
  });
  const todos = ['Milk', 'Eggs', 'Bread'];
  // Like a framework without keys: every render builds new nodes.
  window.rerender = () => {
    const root = document.getElementById('root');
    root.innerHTML = '<h1 class="_title_7c8d9">Todos</h1>'
      + '<button class="Button_primary__3xYz1 w-[13px]" data-testid="export">Export</button>'
      + '<ul class="sc-bdVaJa">' + todos.map((t) => '<li class="css-1n7v3ny" data-id="' + t.toLowerCase() + '"><span>' + t + '</span>'
      + '<button class="_btn_9x8y7 destroy" aria-label="Delete ' + t + '">×</button></li>').join('') + '</ul>';
    for (const b of root.querySelectorAll('button')) {
      b.addEventListener('mousedown', () => window.appClicks.push('mousedown ' + b.textContent));
      b.addEventListener('click', () => window.appClicks.push('click ' + b.textContent));
    }
  };
  window.rerender();
</script>`;

const FRAME = `<!doctype html><html lang="en"><head><title>Settings</title></head><body>
<button class="sc-kEYyzF" name="save-settings">Save settings</button>
<script>document.querySelector('button').addEventListener('click', () => parent.appClicks.push('frame click'));</script></body></html>`;

async function builderLink(path = '/app.html'): Promise<string> {
  const res = await fetch(`${env.collector.url}/v1/builder/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.collector.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${env.host.origin}${path}` }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { url: string }).url;
}

async function openBuilder(locale?: string): Promise<{ page: Page; panel: Locator }> {
  env.pages['/app.html'] = hostPage(env.collector.url, env.collector.writeKey, '', { body: APP });
  env.pages['/frame.html'] = FRAME;
  context = await env.browser.newContext({ viewport: { width: 1100, height: 760 }, ...(locale && { locale }) });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(await builderLink());
  if (locale) return { page, panel: page.locator('touchpoint-builder').getByRole('region') };
  const panel = page.getByRole('region', { name: 'Touchpoint builder' });
  await panel.getByRole('button', { name: 'Pick an element' }).first().waitFor();
  return { page, panel };
}

const targetField = (panel: Locator) => panel.getByLabel('Target (CSS selector)');

/** Picks `element` with the pointer, as a PM does: hover (the outline follows), then click. */
async function pick(page: Page, panel: Locator, element: Locator): Promise<string> {
  await panel.getByRole('button', { name: 'Pick an element' }).first().click();
  await element.hover();
  const outline = page.locator('touchpoint-builder .outline');
  await expect.poll(() => outline.isVisible()).toBe(true);
  // The outline follows the pointer's element on the next frame: wait until it sits on it, in
  // place and in size (on a busy machine its place could match a frame before its size).
  const e = (await element.boundingBox())!;
  await expect
    .poll(async () => {
      const o = (await outline.boundingBox())!;
      return Math.max(Math.abs(o.x - e.x), Math.abs(o.width - e.width));
    })
    .toBeLessThan(2);
  const before = await targetField(panel)
    .inputValue()
    .catch(() => '');
  await element.click();
  await expect.poll(() => targetField(panel).inputValue()).not.toBe(before);
  return targetField(panel).inputValue();
}

/** Every element the selector matches wherever the SDK looks (document, open shadow roots, same-origin frames), described. */
function matches(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((css) => {
    const out: string[] = [];
    const visit = (root: Document | ShadowRoot, where: string) => {
      for (const el of root.querySelectorAll(css)) out.push(`${where}:${el.textContent}`);
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot, `${where}/shadow`);
      for (const f of root.querySelectorAll('iframe')) if (f.contentDocument) visit(f.contentDocument, `${where}/frame`);
    };
    visit(document, 'doc');
    return out;
  }, selector);
}

describe('the builder in the app', () => {
  it('opens from a builder link; picking proposes selectors that match exactly the element, through re-renders, shadow roots and frames, and the app never sees the click', async () => {
    const { page, panel } = await openBuilder();
    // The token left the URL before the app could read it.
    expect(page.url()).not.toContain('touchpoint-builder');
    await panel.getByRole('button', { name: 'Add step' }).click();

    // A button with a test id and generated classes.
    const selector = await pick(page, panel, page.getByTestId('export'));
    expect(selector).toBe('[data-testid="export"]');
    await expect.poll(() => panel.getByText('Matches 1 element (unique)').isVisible()).toBe(true);
    // The live preview: the real UI's step, on the picked element.
    const step = page.locator('touchpoint-ui').getByRole('dialog');
    await step.waitFor();
    // The re-render replaces the node: the selector still matches exactly it.
    await page.evaluate(() => (window as any).rerender());
    expect(await matches(page, selector)).toEqual(['doc:Export']);

    // In a list: the second item's delete button, without generated classes or positions.
    const eggs = await pick(page, panel, page.getByRole('button', { name: 'Delete Eggs' }));
    expect(eggs).not.toMatch(/_btn_|sc-|css-|nth-/);
    expect(await matches(page, eggs)).toEqual(['doc:×']);
    expect(await page.evaluate((css) => document.querySelector(css)?.getAttribute('aria-label'), eggs)).toBe('Delete Eggs');
    await page.evaluate(() => (window as any).rerender());
    expect(await page.evaluate((css) => [...document.querySelectorAll(css)].map((e) => e.getAttribute('aria-label')), eggs)).toEqual(['Delete Eggs']);

    // Inside the web component's open shadow root.
    const share = await pick(page, panel, page.getByRole('button', { name: 'Share' }));
    expect(share).toBe('#share');
    expect(await matches(page, share)).toEqual(['doc/shadow:Share']);

    // Inside the same-origin iframe.
    const save = await pick(page, panel, page.frameLocator('#settings').getByRole('button', { name: 'Save settings' }));
    expect(save).toBe('button[name="save-settings"]');
    expect(await matches(page, save)).toEqual(['doc/frame:Save settings']);

    // None of the picking clicks reached the app (its handlers run during the very click that picked).
    expect(await page.evaluate(() => (window as any).appClicks)).toEqual([]);
    // Once picking is over, clicks reach the app again (the preview's spotlight covers the page: a click from code).
    await page.getByTestId('export').evaluate((el: HTMLElement) => el.click());
    expect(await page.evaluate(() => (window as any).appClicks)).toEqual(['click Export']);
  });

  it('Esc cancels picking: no selector taken, the outline goes, the app still gets nothing', async () => {
    const { page, panel } = await openBuilder();
    await panel.getByRole('button', { name: 'Add step' }).click();
    const pickButton = panel.getByRole('button', { name: 'Pick an element' });
    const before = await targetField(panel)
      .inputValue({ timeout: 500 })
      .catch(() => null);
    await pickButton.click();
    await expect.poll(() => pickButton.getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('export').hover();
    await page.locator('touchpoint-builder .outline').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => pickButton.getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('touchpoint-builder .outline').isVisible()).toBe(false);
    expect(
      await targetField(panel)
        .inputValue({ timeout: 500 })
        .catch(() => null),
    ).toBe(before);
    expect(await page.evaluate(() => (window as any).appClicks)).toEqual([]);
  });

  it('adds a step and saves the draft: the collector holds it; the panel comes back after a reload; axe finds nothing; the panel moves by keyboard and drag', async () => {
    const { page, panel } = await openBuilder();
    // The first creates the tour (with a centred welcome step), the second adds a step after it.
    await panel.getByRole('button', { name: 'Add step' }).click();
    await panel.getByRole('button', { name: 'Add step' }).click();
    await pick(page, panel, page.getByTestId('export'));
    await panel.getByLabel('Title').fill('Export your data');
    await panel.getByLabel(/^Body/).fill('Click **Export** for a CSV.');
    // The body as users read it.
    await panel.getByRole('group', { name: 'The body as users see it' }).locator('strong', { hasText: 'Export' }).waitFor();
    await panel.getByRole('button', { name: 'Add step' }).click();
    await panel.getByLabel('Title').fill('All set');
    await panel.getByRole('button', { name: 'Save draft' }).click();
    await panel.getByText('Draft saved').waitFor();

    const res = await fetch(`${env.collector.url}/v1/content/draft`, { headers: { authorization: `Bearer ${env.collector.secretKey}` } });
    const draft = (await res.json()) as { flows: Array<{ steps: Array<Record<string, unknown>> }> };
    expect(draft.flows[0]!.steps.map((s) => [s.title, s.target])).toEqual([
      ['Welcome', undefined],
      ['Export your data', '[data-testid="export"]'],
      ['All set', undefined],
    ]);
    expect(draft.flows[0]!.steps[1]!.body).toBe('Click **Export** for a CSV.');

    // Reorder, then reload: the panel is back on the same tour and step, unsaved change included.
    await panel.getByRole('button', { name: 'Move step 3 up' }).click();
    await page.reload();
    await panel.getByRole('button', { name: 'Pick an element' }).first().waitFor();
    expect(await panel.getByLabel('Title').inputValue()).toBe('All set');
    expect(await panel.getByRole('list', { name: 'Steps' }).getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining('1. Welcome'),
      expect.stringContaining('2. All set'),
      expect.stringContaining('3. Export your data'),
    ]);
    await panel.getByText('Unsaved changes').waitFor();

    expect(await axeViolations(page)).toEqual([]);

    // Moved from the keyboard (20 px a press) and by dragging its handle.
    const handle = panel.getByRole('button', { name: 'Move the builder panel' });
    const start = (await panel.boundingBox())!;
    await handle.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await panel.boundingBox())!.x).toBe(start.x - 20);
    expect((await panel.boundingBox())!.y).toBe(start.y + 20);
    const h = (await handle.boundingBox())!;
    await page.mouse.move(h.x + 5, h.y + 5);
    await page.mouse.down();
    await page.mouse.move(h.x - 300, h.y + 200, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await panel.boundingBox())!.x).toBe(start.x - 20 - 305);
  });

  it('Preview saves and opens the draft in a new tab of its own, with a preview token that gets the draft', async () => {
    const { panel } = await openBuilder();
    await panel.getByRole('button', { name: 'Add step' }).click();
    await panel.getByRole('button', { name: 'Add step' }).click();
    await panel.getByLabel('Title').fill('Previewed');
    const [tab] = await Promise.all([context!.waitForEvent('page'), panel.getByRole('button', { name: 'Preview', exact: true }).click()]);
    await tab.waitForFunction(() => sessionStorage.getItem('tp.tool.preview'));
    const token = await tab.evaluate(() => sessionStorage.getItem('tp.tool.preview'));
    // noopener: the new tab did not inherit the builder's tab storage.
    expect(await tab.evaluate(() => sessionStorage.getItem('tp.tool.builder'))).toBeNull();
    const content = await fetch(`${env.collector.url}/v1/content?key=${env.collector.writeKey}&preview=${token}`);
    const doc = (await content.json()) as { flows: Array<{ steps: Array<{ title: string }> }> };
    // (The draft an earlier test saved is where this one started.)
    expect(doc.flows[0]!.steps.map((s) => s.title)).toContain('Previewed');
    await panel.getByText('Preview opened in a new tab').waitFor();
  });

  it("'Why doesn't it show?' opens the draft's preview with the debugger beside it", async () => {
    const { panel } = await openBuilder();
    const [tab] = await Promise.all([context!.waitForEvent('page'), panel.getByRole('button', { name: "Why doesn't it show?" }).click()]);
    // Both tools open in the new tab: the draft, and the debugger explaining each item of it.
    await tab.getByRole('region', { name: 'Touchpoint debugger' }).waitFor();
    expect(await tab.evaluate(() => [sessionStorage.getItem('tp.tool.preview') !== null, sessionStorage.getItem('tp.tool.debug')])).toEqual([true, '']);
    await tab.close();
  });

  it('edits a message with its audience and an A/B variant of its copy, each previewed live with the real UI, and saves them', async () => {
    const { page, panel } = await openBuilder();
    await panel.getByRole('button', { name: 'Messages' }).click();
    await panel.getByRole('button', { name: 'New modal' }).click();
    await panel.getByLabel('Title').fill('Big news');
    await panel.getByLabel(/^Body/).fill('Exports are *here*.');
    const modal = page.locator('touchpoint-ui').getByRole('dialog', { name: 'Big news' });
    await modal.waitFor();
    await panel.getByLabel('Button label').fill('Try it');
    await panel.getByLabel('Audience').selectOption({ label: 'Users whose trait…' });
    await panel.getByLabel('Trait', { exact: true }).fill('plan');
    await panel.getByLabel('Value', { exact: true }).fill('free');

    // A variant of the copy, side by side with the message's own: each shows as users would see it.
    await panel.getByRole('button', { name: 'Test another copy (A/B)' }).click();
    await panel.getByLabel('Title').fill('Bigger news');
    await page.locator('touchpoint-ui').getByRole('dialog', { name: 'Bigger news' }).waitFor();
    await panel.getByRole('button', { name: 'Own copy' }).click();
    await modal.waitFor();
    expect(await panel.getByLabel('Title').inputValue()).toBe('Big news');
    await panel.getByLabel('Weight of b').fill('30');
    await panel.getByLabel('Goal event').fill('Report Exported');
    await panel.getByRole('button', { name: 'Save draft' }).click();
    await panel.getByText('Draft saved').waitFor();

    const res = await fetch(`${env.collector.url}/v1/content/draft`, { headers: { authorization: `Bearer ${env.collector.secretKey}` } });
    const draft = (await res.json()) as { messages: Array<Record<string, any>> };
    const message = draft.messages.find((m) => m.id === 'new-modal')!;
    expect(message).toMatchObject({
      kind: 'modal',
      title: 'Big news',
      body: 'Exports are *here*.',
      cta: { label: 'Try it', action: 'dismiss' },
      audience: { trait: 'plan', op: 'eq', value: 'free' },
    });
    expect(message.experiment.goal.event).toBe('Report Exported');
    expect(message.experiment.variants.map((v: any) => [v.id, v.weight, v.content.title])).toEqual([
      ['a', 50, 'Big news'],
      ['b', 30, 'Bigger news'],
    ]);
  });

  it('never overwrites a save made meanwhile by someone else unseen: it offers to load theirs or replace it', async () => {
    const { panel } = await openBuilder();
    await panel.getByLabel('Tour name').waitFor();
    // Someone else saves the draft after this builder read it.
    const headers = { authorization: `Bearer ${env.collector.secretKey}`, 'content-type': 'application/json' };
    const theirs = (await (await fetch(`${env.collector.url}/v1/content/draft`, { headers })).json()) as { flows: Array<{ name?: string }> };
    theirs.flows[0]!.name = 'Their tour';
    expect((await fetch(`${env.collector.url}/v1/content/draft`, { method: 'PUT', headers, body: JSON.stringify(theirs) })).status).toBe(200);

    await panel.getByLabel('Tour name').fill('My tour');
    await panel.getByRole('button', { name: 'Save draft' }).click();
    await panel.getByText('Someone else saved the draft since you opened it.').waitFor();
    await panel.getByRole('button', { name: 'Load their version' }).click();
    await expect.poll(() => panel.getByLabel('Tour name').inputValue()).toBe('Their tour');
    // From there, saving works again.
    await panel.getByLabel('Tour name').fill('Our tour');
    await panel.getByRole('button', { name: 'Save draft' }).click();
    await panel.getByText('Draft saved').waitFor();
  });

  it('stays usable while the app shows a modal dialog, and picks inside it', async () => {
    const { page, panel } = await openBuilder();
    await page.evaluate(() => {
      const dialog = document.createElement('dialog');
      dialog.innerHTML = '<h2>Invite</h2><button data-tour="send-invite">Send invite</button>';
      document.body.append(dialog);
      dialog.showModal();
    });
    // Everything outside an open modal dialog is inert: the panel must not be.
    await panel.getByRole('button', { name: 'New tour' }).click();
    const selector = await pick(page, panel, page.getByRole('button', { name: 'Send invite' }));
    expect(selector).toBe('[data-tour="send-invite"]');
  });

  it('respects reduced motion: the outline does not animate', async () => {
    const { page, panel } = await openBuilder();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await panel.getByRole('button', { name: 'Pick an element' }).first().click();
    await page.getByTestId('export').hover();
    const outline = page.locator('touchpoint-builder .outline');
    await outline.waitFor();
    expect(await outline.evaluate((el) => getComputedStyle(el).transitionDuration)).toBe('0s');
  });

  it('edits fallback selectors: add, type with the live match count, pick for one, reorder, remove; the draft keeps them in order', async () => {
    const { page, panel } = await openBuilder();
    // A tour of its own (earlier tests saved others), with a step after its welcome.
    await panel.getByRole('button', { name: 'New tour' }).click();
    await panel.getByRole('button', { name: 'Add step' }).click();
    expect(await pick(page, panel, page.getByTestId('export'))).toBe('[data-testid="export"]');

    // A fallback typed by hand, counted live like the target.
    await panel.getByRole('button', { name: 'Add fallback' }).click();
    const fallback = (i: number) => panel.getByRole('textbox', { name: `Fallback ${i}`, exact: true });
    const fallbacks = panel.getByRole('list', { name: /^Fallback selectors/ });
    await fallback(1).fill('._nav_9f8e7');
    await fallbacks.getByText('Matches 1 element (unique)').waitFor();
    await fallback(1).fill('li');
    await fallbacks.getByText('Matches 3 elements').waitFor();

    // A fallback picked on the page: a new one, then fallback 1 picked again over what was typed.
    const outline = page.locator('touchpoint-builder .outline');
    const pickFor = async (button: Locator, element: Locator, field: Locator) => {
      await button.click();
      await element.hover();
      await expect.poll(() => outline.isVisible()).toBe(true);
      const e = (await element.boundingBox())!;
      await expect.poll(async () => Math.abs((await outline.boundingBox())!.x - e.x)).toBeLessThan(2);
      await element.click();
      await expect.poll(() => field.inputValue()).not.toBe('');
      return field.inputValue();
    };
    await pickFor(panel.getByRole('button', { name: 'Pick a fallback' }), page.getByRole('button', { name: 'Share' }), fallback(2));
    expect(await fallback(2).inputValue()).toBe('#share');
    await expect
      .poll(() =>
        pickFor(panel.getByRole('button', { name: 'Pick an element for fallback 1' }), page.getByRole('button', { name: 'Delete Eggs' }), fallback(1)),
      )
      .not.toBe('li');
    const eggs = await fallback(1).inputValue();
    expect(await matches(page, eggs)).toEqual(['doc:×']);
    // The target itself did not change, and the live preview still shows the step on it.
    expect(await targetField(panel).inputValue()).toBe('[data-testid="export"]');
    await page.locator('touchpoint-ui').getByRole('dialog').waitFor();
    expect(await page.evaluate(() => (window as any).appClicks)).toEqual([]);

    // Reordered, one removed, then saved: the draft's target is the list, in order.
    await panel.getByRole('button', { name: 'Move fallback 2 up' }).click();
    expect([await fallback(1).inputValue(), await fallback(2).inputValue()]).toEqual(['#share', eggs]);
    // The picked element's check moved with its selector: neither is said to miss it.
    expect(await fallbacks.getByText('Matches 1 element (unique)').count()).toBe(2);
    expect(await fallbacks.getByText('Its first match is not the element you picked.').count()).toBe(0);
    await panel.getByRole('button', { name: 'Add fallback' }).click();
    await fallback(3).fill('.gone');
    await fallbacks.getByText('Nothing on this page matches it.').waitFor();
    await panel.getByRole('button', { name: 'Remove fallback 3' }).click();
    await expect.poll(() => fallback(3).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await panel.getByRole('button', { name: 'Save draft' }).click();
    await panel.getByText('Draft saved').waitFor();
    const res = await fetch(`${env.collector.url}/v1/content/draft`, { headers: { authorization: `Bearer ${env.collector.secretKey}` } });
    const draft = (await res.json()) as { flows: Array<{ steps: Array<{ target?: unknown }> }> };
    expect(draft.flows.at(-1)!.steps[1]!.target).toEqual(['[data-testid="export"]', '#share', eggs]);
  });

  it('moving the panel while picking keeps the preview hidden until the pick ends (Esc or a pick)', async () => {
    const { page, panel } = await openBuilder();
    await panel.getByRole('button', { name: 'New tour' }).click();
    await panel.getByRole('button', { name: 'Add step' }).click();
    await pick(page, panel, page.getByTestId('export'));
    const step = page.locator('touchpoint-ui').getByRole('dialog');
    await step.waitFor();
    // From here on, every frame notes whether the preview's step is on the page.
    await page.evaluate(() => {
      const w = window as any;
      w.previewFrames = [];
      const look = () => {
        w.previewFrames.push(!!document.querySelector('touchpoint-ui')?.shadowRoot?.querySelector('[role="dialog"]'));
        if (!w.stopLooking) requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    const pickButton = panel.getByRole('button', { name: 'Pick an element' }).first();
    const handle = panel.getByRole('button', { name: 'Move the builder panel' });
    for (const end of ['Escape', 'pick'] as const) {
      await pickButton.click();
      await expect.poll(() => step.count()).toBe(0);
      await page.evaluate(() => ((window as any).previewFrames = []));
      // Dragged by its handle, then moved from the keyboard, while picking.
      const h = (await handle.boundingBox())!;
      await page.mouse.move(h.x + 5, h.y + 5);
      await page.mouse.down();
      await page.mouse.move(h.x - 200, h.y + 100, { steps: 4 });
      await page.mouse.up();
      await expect.poll(async () => Math.round((await handle.boundingBox())!.x)).toBe(Math.round(h.x - 205));
      await handle.press('ArrowDown');
      await expect.poll(async () => Math.round((await handle.boundingBox())!.y)).toBe(Math.round(h.y + 95 + 20));
      // The builder redraws its preview 150 ms after a change: a timer set after the move's runs after it; then a few frames.
      await page.evaluate(
        () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              let n = 5;
              const next = () => (--n ? requestAnimationFrame(next) : resolve());
              requestAnimationFrame(next);
            }, 200),
          ),
      );
      expect(await pickButton.getAttribute('aria-pressed')).toBe('true');
      expect(await page.evaluate(() => (window as any).previewFrames.length)).toBeGreaterThan(3);
      expect(await page.evaluate(() => (window as any).previewFrames.includes(true))).toBe(false);
      // The pick ends: the preview is back.
      if (end === 'Escape') await page.keyboard.press('Escape');
      else await page.getByTestId('export').click();
      await step.waitFor();
      await handle.press('ArrowUp');
    }
  });

  it('speaks Japanese when the browser does (its words fetched only then), English otherwise; axe finds nothing', async () => {
    const { page, panel } = await openBuilder('ja-JP');
    await page.getByRole('region', { name: 'Touchpoint ビルダー' }).waitFor();
    expect(await panel.getAttribute('lang')).toBe('ja');
    await panel.getByRole('button', { name: '新しいツアー' }).click();
    await panel.getByRole('button', { name: 'ステップを追加' }).click();
    await panel.getByRole('button', { name: '要素を選択' }).first().click();
    await panel.getByText('ページ上の要素をクリックしてください', { exact: false }).waitFor();
    await page.getByTestId('export').click();
    await expect.poll(() => panel.getByLabel('ターゲット (CSS セレクター)').inputValue()).toBe('[data-testid="export"]');
    await panel.getByText('1 個の要素に一致 (一意)').waitFor();
    await panel.getByRole('button', { name: '代替を追加' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await panel.getByRole('button', { name: '下書きを保存' }).click();
    await panel.getByText('下書きを保存しました').waitFor();
    await context!.close();

    // An English browser: the English panel, and the Japanese words were never fetched (they are asked for before the panel draws).
    const english = await openBuilder('en-US');
    const requested: string[] = [];
    english.page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await english.page.reload();
    await english.page.getByRole('region', { name: 'Touchpoint builder' }).getByRole('button', { name: 'Save draft' }).waitFor();
    expect(await english.panel.getAttribute('lang')).toBe('en');
    expect(requested.some((p) => p.endsWith('/builder.js'))).toBe(true);
    expect(requested.filter((p) => p.includes('strings-ja'))).toEqual([]);
  });

  it('a builder tab shows only what the builder previews: the published content does not run there, while another tab gets it', async () => {
    const modal = (id: string, title: string) => ({ id, kind: 'modal', title, repeat: 'always', trigger: { on: 'page', url: '/published-app*' } });
    const headers = { authorization: `Bearer ${env.collector.secretKey}`, 'content-type': 'application/json' };
    await publish(env.collector, {
      version: 1,
      settings: { throttle: { maxPerSession: 100, minMinutesBetween: 0 } },
      messages: [modal('live', 'Published news')],
    });
    const draft = { version: 1, messages: [modal('next', 'Draft news')] };
    expect((await fetch(`${env.collector.url}/v1/content/draft`, { method: 'PUT', headers, body: JSON.stringify(draft) })).status).toBe(200);
    env.pages['/published-app.html'] = hostPage(env.collector.url, env.collector.writeKey, '', { body: '<main><h1>Reports</h1></main>' });
    context = await env.browser.newContext({ viewport: { width: 1100, height: 760 } });
    const ui = (page: Page, name: string) => page.locator('touchpoint-ui').getByRole('dialog', { name });

    // An end user's tab: the published modal triggers on this page.
    const user = await context.newPage();
    await user.goto(`${env.host.origin}/published-app.html`);
    await ui(user, 'Published news').waitFor();

    // The builder's tab: the draft's modal, previewed by the builder; the published one never runs.
    const page = await context.newPage();
    await page.goto(await builderLink('/published-app.html'));
    const panel = page.getByRole('region', { name: 'Touchpoint builder' });
    await ui(page, 'Draft news').waitFor();
    // The runtime is ready (its content loaded, and an engine for it started if it runs one), and the UI showed a frame since.
    await sdkReady(page);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await ui(page, 'Published news').count()).toBe(0);
    expect(await page.evaluate(() => (window as any).touchpoint.explain('live').eligible)).toBe(false);
    await panel.getByLabel('Title').fill('Draft news, edited');
    await ui(page, 'Draft news, edited').waitFor();
    expect(await ui(page, 'Published news').count()).toBe(0);
  });
});
