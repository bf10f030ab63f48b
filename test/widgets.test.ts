import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { hostPage, sdkReady } from './support/browser.js';
import { e2eEnvironment } from './support/env.js';
import { publish } from './support/tours.js';

const env = e2eEnvironment();

interface OpenOptions {
  inline: string;
  viewport?: { width: number; height: number };
  html?: string;
  colorScheme?: 'light' | 'dark';
  locale?: string;
  body?: string;
}

async function open(path: string, o: OpenOptions): Promise<Page> {
  env.pages[path] = hostPage(env.collector.url, env.collector.writeKey, o.inline, { body: o.body ?? '<main><h1>App</h1><p>Content</p></main>', html: o.html });
  const context = await env.browser.newContext({ viewport: o.viewport ?? { width: 1024, height: 700 }, colorScheme: o.colorScheme, locale: o.locale });
  const page = await context.newPage();
  await page.goto(env.host.origin + path);
  await sdkReady(page);
  return page;
}

const ui = (page: Page) => page.locator('touchpoint-ui');
/** A page of an app: a search field and a Save button the user works with. */
const APP = '<main><h1>App</h1><label>Search <input id="search"></label><button id="save">Save</button></main>';
/** The focused element through shadow roots, as `tag#id`, `button:text`, `input:value` or `textarea:label`. */
const deepFocus = (page: Page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return null;
    if (el.id) return `${el.tagName.toLowerCase()}#${el.id}`;
    if (el instanceof HTMLInputElement) return `input:${el.value}`;
    if (el instanceof HTMLTextAreaElement) return `textarea:${el.getAttribute('aria-label')}`;
    return el instanceof HTMLButtonElement ? `button:${el.getAttribute('aria-label') ?? el.textContent}` : el.tagName.toLowerCase();
  });
const flush = (page: Page) => page.evaluate(() => (window as any).touchpoint.flush());
const activeText = (page: Page) => page.evaluate(() => document.querySelector('touchpoint-ui')!.shadowRoot!.activeElement?.textContent ?? null);
const sent = async (user: string, name: RegExp) =>
  (await env.collector.events()).filter((e) => e.userId === user && name.test(String(e.event))).map((e) => ({ event: e.event, ...e.properties }));

/** Events from "another session": sent straight to the env.collector, before the page exists. */
async function earlier(user: string, events: string[]) {
  const res = await fetch(`${env.collector.url}/v1/batch`, {
    method: 'POST',
    body: JSON.stringify({
      writeKey: env.collector.writeKey,
      batch: events.map((event) => ({ type: 'track', event, userId: user, timestamp: new Date(Date.now() - 86_400_000).toISOString() })),
    }),
  });
  expect(res.status).toBe(200);
}

const checklistContent = {
  version: 1,
  flows: [{ id: 'tour', steps: [{ id: 'hi', title: 'Hello from the tour' }] }],
  checklists: [
    {
      id: 'start',
      title: 'Get started',
      items: [
        { id: 'todo', title: 'Add a todo', done: { event: 'Todo Added' } },
        { id: 'export', title: 'Export a report', description: 'CSV or PDF', done: { event: 'Report Exported' } },
        { id: 'tour', title: 'Take the tour', done: { flow: 'tour' }, action: { flow: 'tour' } },
      ],
    },
  ],
};

describe('checklist', () => {
  it('fills itself from another session’s events and this page’s, runs item actions, survives a reload, collapses and goes when done; keyboard, axe', async () => {
    await publish(env.collector, checklistContent);
    await earlier('cl-user', ['Todo Added']);
    const page = await open('/checklist.html', { inline: `touchpoint.identify('cl-user', {})` });
    const launcher = ui(page).getByRole('button', { name: 'Get started: 1 of 3 done' });
    await launcher.waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Keyboard: focus the launcher, open with Enter; focus moves into the panel.
    await launcher.focus();
    await page.keyboard.press('Enter');
    const panel = ui(page).getByRole('dialog', { name: 'Get started' });
    await panel.waitFor();
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');
    expect(
      await ui(page)
        .locator('progress')
        .evaluate((p: HTMLProgressElement) => [p.value, p.max]),
    ).toEqual([1, 3]);
    expect(await ui(page).locator('.item[data-done] .item-title').allTextContents()).toEqual(['Add a todo']);
    expect(await axeViolations(page)).toEqual([]);

    // Done on this page by the app's event.
    await page.evaluate(() => (window as any).touchpoint.track('Report Exported', {}));
    await expect.poll(() => ui(page).locator('.item[data-done] .item-title').allTextContents()).toEqual(['Add a todo', 'Export a report']);

    // Esc closes, focus returns to the launcher.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.querySelector('touchpoint-ui')!.shadowRoot!.activeElement?.getAttribute('aria-controls'))).toBe('tp-checklist');

    // From the keyboard, the item's tour closed with Esc gives focus back to the launcher (was: to the page's body).
    await page.keyboard.press('Enter');
    await ui(page).getByRole('button', { name: 'Take the tour' }).focus();
    await page.keyboard.press('Enter');
    await ui(page).getByRole('dialog', { name: 'Hello from the tour' }).waitFor();
    await page.keyboard.press('Escape');
    await ui(page).getByRole('dialog', { name: 'Hello from the tour' }).waitFor({ state: 'detached' });
    await expect
      .poll(() => page.evaluate(() => document.querySelector('touchpoint-ui')!.shadowRoot!.activeElement?.getAttribute('aria-controls')))
      .toBe('tp-checklist');

    // The item's action starts the flow; completing the flow completes the item.
    await page.keyboard.press('Enter');
    await ui(page).getByRole('button', { name: 'Take the tour' }).click();
    await ui(page).getByRole('dialog', { name: 'Hello from the tour' }).waitFor();
    await ui(page).getByRole('button', { name: 'Done', exact: true }).click();
    await ui(page).getByRole('button', { name: 'Get started: 3 of 3 done' }).waitFor();

    await flush(page);
    await expect
      .poll(() => sent('cl-user', /^Checklist/))
      .toEqual([
        { event: 'Checklist Item Completed', checklist_id: 'start', item_id: 'todo' },
        { event: 'Checklist Item Completed', checklist_id: 'start', item_id: 'export' },
        { event: 'Checklist Item Completed', checklist_id: 'start', item_id: 'tour' },
      ]);

    // Another device (fresh storage): the same state from the server, nothing sent twice.
    const other = await open('/checklist.html', { inline: `touchpoint.identify('cl-user', {})` });
    await ui(other).getByRole('button', { name: 'Get started: 3 of 3 done' }).click();
    await ui(other).getByText('All done!').waitFor();
    await ui(other).getByRole('button', { name: 'Dismiss checklist' }).click();
    await ui(other)
      .getByRole('button', { name: /Get started/ })
      .waitFor({ state: 'detached' });
    await flush(other);
    await expect
      .poll(async () => (await sent('cl-user', /^Checklist/)).map((e) => `${e.event} ${e.item_id ?? ''}`))
      .toEqual(['Checklist Item Completed todo', 'Checklist Item Completed export', 'Checklist Item Completed tour', 'Checklist Dismissed ']);
    // Dismissed on one device: gone on the first one too after a reload.
    await page.reload();
    await sdkReady(page);
    expect((await page.evaluate(() => (window as any).touchpoint.explain('start'))).eligible).toBe(false);
    expect(
      await ui(page)
        .getByRole('button', { name: /Get started/ })
        .count(),
    ).toBe(0);
  });
});

const articles = [
  ['filters', 'Filtering your todos', 'Use the **filter bar** to show only active or completed todos.', ['filters']],
  ['export', 'Exporting reports to CSV', 'Open a report and press *Export*. Filters apply to the export.', ['reports', 'csv']],
  ['sso', 'Single sign-on with SAML', 'Admins connect Okta or Azure AD under Settings → Security.', ['security', 'admin']],
  ['shortcuts', 'Keyboard shortcuts', 'Press ? anywhere to list every shortcut.', ['productivity']],
  ['billing', 'Invoices and billing', 'Change your plan or download invoices from Billing.', ['plans']],
  ['invite', 'Inviting teammates', 'Send invitations from Members. Admins choose roles.', ['team']],
  ['roles', 'Roles and permissions', 'Owners, admins, members and guests see different things.', ['team', 'admin']],
  ['api', 'Using the REST API', 'Create a token under Settings → API.', ['developers']],
  ['webhooks', 'Webhooks', 'Get a POST on every change.', ['developers']],
  ['mobile', 'The mobile app', 'Install it from the App Store or Google Play.', ['mobile']],
  ['import', 'Importing from spreadsheets', 'Upload a CSV; map columns to fields.', ['csv']],
  ['delete', 'Deleting your account', 'Owners can delete the workspace under Settings.', ['account']],
].map(([id, title, body, tags]) => ({ id, title, body, tags, ...(id === 'export' && { url: 'https://docs.example.com/export' }) }));

const resourcesContent = {
  version: 1,
  resources: { articles, contact: { label: 'Contact support', email: 'help@example.com', accountTrait: 'csm_email', tiers: ['high'] } },
};

describe('resource center', () => {
  it('searches with typos and ranking, reports searches (empty ones too), shows articles, contacts by tier; keyboard, axe', async () => {
    await publish(env.collector, resourcesContent);
    const page = await open('/help.html', {
      inline: `touchpoint.identify('rc-user', {}); touchpoint.group('globex', { tier: 'low', csm_email: 'kim@vendor.example' })`,
    });
    await ui(page).getByRole('button', { name: 'Help' }).waitFor();
    await page.evaluate(() => (window as any).touchpoint.openResourceCenter('fitler'));
    const panel = ui(page).getByRole('dialog', { name: 'Help' });
    await panel.waitFor();
    await expect.poll(() => ui(page).locator('.result').first().textContent()).toBe('Filtering your todos');
    expect(await activeText(page)).toBe('');
    expect(await page.evaluate(() => (document.querySelector('touchpoint-ui')!.shadowRoot!.activeElement as HTMLInputElement).value)).toBe('fitler');
    expect(await axeViolations(page)).toEqual([]);
    // A low-touch account gets the help address, not the manager.
    expect(
      await ui(page)
        .getByRole('link', { name: /Contact support/ })
        .getAttribute('href'),
    ).toBe('mailto:help@example.com');

    // Typing: results while typing (prefix), ranked title first.
    await page.keyboard.press('Control+a');
    await page.keyboard.type('csv');
    await expect.poll(() => ui(page).locator('.result').allTextContents()).toEqual(['Exporting reports to CSV', 'Importing from spreadsheets']);
    // The search's status says what it found in words (was: a bare "2").
    await expect.poll(() => ui(page).locator('.panel [role=status]').textContent()).toBe('2 articles found');
    // Nothing found: said, and reported with 0 results once typing settles.
    await page.keyboard.press('Control+a');
    await page.keyboard.type('kubernetes');
    await ui(page).getByText('No articles match “kubernetes”').first().waitFor();
    await page.waitForTimeout(1200);

    // Enter opens the best result; the article's Markdown renders, with its link out; Back returns.
    await page.keyboard.press('Control+a');
    await page.keyboard.type('export');
    await page.keyboard.press('Enter');
    await ui(page).getByRole('heading', { name: 'Exporting reports to CSV' }).waitFor();
    expect(await ui(page).locator('.article em').textContent()).toBe('Export');
    expect(
      await ui(page)
        .getByRole('link', { name: /docs\.example\.com\/export/ })
        .getAttribute('target'),
    ).toBe('_blank');
    expect(await axeViolations(page)).toEqual([]);
    await ui(page).getByRole('button', { name: '← Back' }).click();
    await ui(page).locator('.result').first().waitFor();

    await flush(page);
    await expect
      .poll(() => sent('rc-user', /^Resource/))
      .toEqual([
        { event: 'Resource Searched', query: 'fitler', results: 1 },
        { event: 'Resource Searched', query: 'kubernetes', results: 0 },
        { event: 'Resource Searched', query: 'export', results: 1 },
        { event: 'Resource Viewed', article_id: 'export' },
      ]);

    // A high-touch account: its own success manager.
    const vip = await open('/help.html', {
      inline: `touchpoint.identify('rc-vip', {}); touchpoint.group('acme', { tier: 'high', csm_email: 'kim@vendor.example' })`,
    });
    await ui(vip).getByRole('button', { name: 'Help' }).click();
    expect(
      await ui(vip)
        .getByRole('link', { name: /Contact support/ })
        .getAttribute('href'),
    ).toBe('mailto:kim@vendor.example');
  });

  it('RTL, dark mode and a 375 px screen: launchers and panel stay inside the viewport, mirrored; axe', async () => {
    await publish(env.collector, { ...resourcesContent, checklists: checklistContent.checklists, flows: checklistContent.flows });
    const page = await open('/help-rtl.html', {
      inline: `touchpoint.identify('rc-rtl', {})`,
      viewport: { width: 375, height: 667 },
      html: 'dir="rtl"',
      colorScheme: 'dark',
    });
    const help = ui(page).getByRole('button', { name: 'Help' });
    await help.waitFor();
    const checklist = ui(page).getByRole('button', { name: /Get started/ });
    const [h, c] = [(await help.boundingBox())!, (await checklist.boundingBox())!];
    // RTL: the dock sits at the bottom left, the checklist launcher first (rightmost in reading order).
    expect(h.x).toBeLessThan(c.x);
    expect(h.x).toBeGreaterThanOrEqual(16 - 1);
    expect(h.y + h.height).toBeLessThanOrEqual(667 - 16 + 1);
    await help.click();
    const panel = ui(page).getByRole('dialog', { name: 'Help' });
    await panel.waitFor();
    const p = (await panel.boundingBox())!;
    expect(p.x).toBeGreaterThanOrEqual(0);
    expect(p.x + p.width).toBeLessThanOrEqual(375);
    expect(p.y).toBeGreaterThanOrEqual(0);
    // Dark: the panel's background is dark.
    const bg = await ui(page)
      .locator('.panel')
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(29, 32, 48)');
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('surveys', () => {
  it('NPS by keyboard: Tab in, a score with arrow keys, Enter offers the comment, Submit; focus goes back to the page; the answer reaches the survey report; axe', async () => {
    await publish(env.collector, {
      version: 1,
      surveys: [{ id: 'nps', kind: 'nps', question: 'How likely are you to recommend us?', trigger: { on: 'page', url: '/nps*' }, repeat: { everyDays: 90 } }],
    });
    const page = await open('/nps.html', { inline: `touchpoint.identify('nps-user', {})`, body: APP });
    const survey = ui(page).getByRole('region', { name: 'Survey' });
    await survey.waitFor();
    // Non-modal: the page keeps focus.
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    // The user was working in the app, then tabs into the survey: its close button, then the scale.
    await page.focus('#save');
    await page.keyboard.press('Tab');
    expect(await deepFocus(page)).toBe('button:Close');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const group = ui(page).getByRole('group', { name: 'How likely are you to recommend us?' });
    expect(await group.getByRole('radio', { name: '2' }).isChecked()).toBe(true);
    expect(await deepFocus(page)).toBe('input:2');
    // Enter settles on the score: the optional comment is offered (and focused), nothing is sent yet.
    await page.keyboard.press('Enter');
    await expect.poll(() => deepFocus(page)).toBe('textarea:Tell us more (optional)');
    expect(await ui(page).getByText('Thank you for your feedback!').count()).toBe(0);
    await page.keyboard.type('Too slow');
    // Back to the scale to change the score, and Enter again: the comment stays.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => deepFocus(page)).toBe('textarea:Tell us more (optional)');
    await page.keyboard.press('End');
    await page.keyboard.type(', but fine');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Tab');
    expect(await deepFocus(page)).toBe('button:Submit');
    await page.keyboard.press('Enter');
    await ui(page).getByText('Thank you for your feedback!').waitFor();
    // Focus is back where the user left the page, not on <body>.
    expect(await deepFocus(page)).toBe('button#save');
    await survey.waitFor({ state: 'detached', timeout: 5000 });
    expect(await deepFocus(page)).toBe('button#save');
    await flush(page);
    await expect
      .poll(() => sent('nps-user', /^Survey/))
      .toEqual([
        { event: 'Survey Shown', survey_id: 'nps' },
        { event: 'Survey Answered', survey_id: 'nps', score: 3, comment: 'Too slow, but fine' },
      ]);
    const report = await (
      await fetch(`${env.collector.url}/v1/reports/surveys/nps`, { headers: { authorization: `Bearer ${env.collector.secretKey}` } })
    ).json();
    expect(report).toMatchObject({ responses: 1, promoters: 0, passives: 0, detractors: 1, nps: -100 });
    // Answered: not again on the next page view (repeat every 90 days).
    const again = await open('/nps.html', { inline: `touchpoint.identify('nps-user', {})` });
    expect((await again.evaluate(() => (window as any).touchpoint.explain('nps'))).reasons).toEqual([expect.stringMatching(/^repeat: /)]);
    expect(await ui(again).getByRole('region', { name: 'Survey' }).count()).toBe(0);
  });

  it('closed by keyboard, a survey gives focus back to where the user left the page', async () => {
    await publish(env.collector, {
      version: 1,
      surveys: [{ id: 'nps-close', kind: 'nps', question: 'Would you recommend us?', trigger: { on: 'page', url: '/nps-close*' } }],
    });
    const page = await open('/nps-close.html', { inline: `touchpoint.identify('nps-closer', {})`, body: APP });
    await ui(page).getByRole('region', { name: 'Survey' }).waitFor();
    await page.focus('#search');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await deepFocus(page)).toBe('button:Close');
    await page.keyboard.press('Enter');
    await ui(page).getByRole('region', { name: 'Survey' }).waitFor({ state: 'detached' });
    expect(await deepFocus(page)).toBe('button#save');
  });

  it('choice (several), rating and text surveys; choices reported in the content’s language; close dismisses; 375 px dark RTL axe', async () => {
    await publish(env.collector, {
      version: 1,
      settings: { locale: 'en' },
      surveys: [
        {
          id: 'why',
          kind: 'choice',
          multiple: true,
          question: { en: 'What do you use us for?', ja: '何に使っていますか？' },
          choices: [
            { en: 'Planning', ja: '計画' },
            { en: 'Reporting', ja: 'レポート' },
            { en: 'Other', ja: 'その他' },
          ],
          trigger: { on: 'page', url: '/choice*' },
        },
        { id: 'stars', kind: 'rating', question: 'How was the export?', trigger: { on: 'page', url: '/rating*' } },
        { id: 'idea', kind: 'text', question: 'What should we build next?', trigger: { on: 'page', url: '/text*' } },
      ],
    });
    const ja = await open('/choice.html', {
      inline: `touchpoint.identify('sv-ja', {})`,
      locale: 'ja-JP',
      viewport: { width: 375, height: 667 },
      html: 'dir="rtl"',
      colorScheme: 'dark',
    });
    const group = ui(ja).getByRole('group', { name: '何に使っていますか？' });
    await group.waitFor();
    const box = (await ui(ja).locator('.survey').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(await axeViolations(ja)).toEqual([]);
    await group.getByRole('checkbox', { name: '計画' }).check();
    await group.getByRole('checkbox', { name: 'レポート' }).check();
    await ui(ja).getByRole('button', { name: '送信' }).click();
    await ui(ja).getByText('ご回答ありがとうございました').waitFor();

    const rating = await open('/rating.html', { inline: `touchpoint.identify('sv-rating', {})` });
    await ui(rating).getByRole('group', { name: 'How was the export?' }).getByRole('radio', { name: '4' }).check();
    await ui(rating).getByRole('button', { name: 'Submit' }).click();

    const text = await open('/text.html', { inline: `touchpoint.identify('sv-text', {})` });
    await ui(text).getByRole('textbox', { name: 'What should we build next?' }).fill('Gantt charts');
    await ui(text).getByRole('button', { name: 'Submit' }).click();

    const closer = await open('/rating.html', { inline: `touchpoint.identify('sv-close', {})` });
    await ui(closer).getByRole('button', { name: 'Close' }).click();
    await ui(closer).getByRole('region', { name: 'Survey' }).waitFor({ state: 'detached' });

    await Promise.all([ja, rating, text, closer].map(flush));
    const answered = async () =>
      (await env.collector.events())
        .filter((e) => /^Survey (Answered|Dismissed)/.test(String(e.event)) && String(e.userId).startsWith('sv-'))
        .map((e) => [e.userId, e.event, e.properties]);
    await expect.poll(answered).toEqual(
      expect.arrayContaining([
        ['sv-ja', 'Survey Answered', { survey_id: 'why', answer: ['Planning', 'Reporting'] }],
        ['sv-rating', 'Survey Answered', { survey_id: 'stars', score: 4 }],
        ['sv-text', 'Survey Answered', { survey_id: 'idea', answer: 'Gantt charts' }],
        ['sv-close', 'Survey Dismissed', { survey_id: 'stars' }],
      ]),
    );
  });
});
