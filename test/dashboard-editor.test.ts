import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { signInAs } from './support/dashboard-sign-in.js';
import { e2eEnvironment } from './support/env.js';
import { docsScreenshot } from './support/screenshots.js';
import { publish } from './support/tours.js';

/*
 * The dashboard's content editor in Chromium, against a real collector: a PM builds a tour and
 * a message in the forms, never touching the JSON, publishes, and users get exactly that; the
 * editor speaks the dashboard's language (the browser's) and axe finds nothing in it, in English or Japanese.
 */
const env = e2eEnvironment();

async function contentPage(locale: string): Promise<Page> {
  // bypassCSP: axe-core is injected as an inline script (the dashboard's CSP is checked in dashboard.test.ts).
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 }, locale, bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Every failed request but those that say nothing is published yet (404s the page expects).
  page.on(
    'response',
    (r) =>
      r.status() >= 400 &&
      !(r.status() === 404 && ['/v1/content', '/v1/content/draft'].includes(new URL(r.url()).pathname)) &&
      // Who is signed in, asked when the dashboard opens: 401 before signing in.
      !(r.status() === 401 && new URL(r.url()).pathname === '/v1/auth/session') &&
      errors.push(`${r.status()} ${r.url()}`),
  );
  (page as any).errors = errors;
  await page.goto(`${env.collector.url}/dashboard/#/content`);
  // The whole dashboard speaks the browser's language, its sign-in too.
  const ja = locale.startsWith('ja');
  await signInAs(page, env.collector.owner, { lang: ja ? 'ja' : 'en', heading: ja ? 'コンテンツ' : 'Content' });
  return page;
}

const section = async (page: Page, key: string): Promise<Locator> => {
  const details = page.locator(`details[data-section="${key}"]`);
  if (!(await details.evaluate((d: HTMLDetailsElement) => d.open))) await details.locator('summary').click();
  return details;
};

/** The document as stored (the secret key's view: the SDK's is trimmed to what browsers need). */
const published = async () =>
  (await (await fetch(`${env.collector.url}/v1/content`, { headers: { authorization: `Bearer ${env.collector.secretKey}` } })).json()) as Record<
    string,
    unknown
  >;

/** A document with something in every section, so that every form is drawn. */
const EVERYTHING = {
  version: 1,
  settings: { throttle: { maxPerSession: 2 }, theme: { accent: '#4f46e5', mode: 'auto' }, locale: 'en', holdout: 5 },
  features: [{ id: 'add-todo', name: 'Add a todo', selector: '.new-todo', on: 'change' }],
  segments: [
    {
      id: 'free-admins',
      all: [
        { trait: 'role', op: 'eq', value: 'admin' },
        { event: 'Todo Added', count: { op: 'lt', value: 3 }, withinDays: 30 },
      ],
    },
  ],
  flows: [
    {
      id: 'welcome',
      audience: 'free-admins',
      trigger: { on: 'page', url: '/app/*' },
      steps: [
        { id: 'add', target: '.new-todo', title: 'Add a todo', advance: { event: 'Todo Added' } },
        { id: 'done', title: { en: 'All set', ja: '完了' } },
      ],
      experiment: { id: 'tour-copy', goal: { event: 'Todo Added' }, variants: [{ id: 'a', weight: 50, steps: { add: { title: 'Start here' } } }] },
    },
  ],
  messages: [
    {
      id: 'export-news',
      kind: 'banner',
      audience: { any: [{ account: 'tier', op: 'in', value: ['low', 'tech'] }, { not: { url: '/admin/*' } }] },
      trigger: { on: 'delay', seconds: 5 },
      repeat: { everyDays: 30 },
      cta: { label: 'Try it', action: { url: 'https://example.com/export' } },
      experiment: {
        id: 'export-copy',
        goal: { event: 'Report Exported', withinDays: 7 },
        control: 10,
        variants: [{ id: 'a', weight: 1, content: { title: 'Hi' } }],
      },
    },
  ],
  checklists: [{ id: 'start', title: 'Get started', items: [{ id: 'first', title: 'Add a todo', done: { flow: 'welcome' }, action: { flow: 'welcome' } }] }],
  resources: { articles: [{ id: 'filters', title: 'Filtering', body: 'Use **filters**.', tags: ['filters'] }], contact: { email: 'help@example.com' } },
  surveys: [{ id: 'pick', kind: 'choice', question: 'Which?', choices: ['A', 'B'] }],
  health: {
    windowDays: 14,
    signals: [
      { event: 'Todo Added', weight: 2 },
      { feature: 'add-todo', weight: 1 },
    ],
    alerts: [{ below: 40, webhook: 'https://crm.example.com/hook' }],
  },
  journeys: [
    {
      id: 'win-back',
      name: 'Win back',
      audience: { lastSeen: { op: 'gte', days: 7 } },
      action: { email: { subject: { en: 'We miss you', ja: 'お久しぶりです' }, body: 'Come back to **Todo**.', to: 'trait:work_email' } },
      repeat: { everyDays: 30 },
      goal: { event: 'Todo Added', withinDays: 7 },
      holdout: 10,
    },
    { id: 'nudge', audience: 'free-admins', action: { show: 'export-news' } },
  ],
};
const SECTIONS = ['flows', 'messages', 'checklists', 'surveys', 'resources', 'segments', 'features', 'health', 'journeys', 'settings'];

describe('dashboard: the content editor', () => {
  it('a PM builds a two-step tour and a message in the forms, publishes, and the published document is what they built', async () => {
    const page = await contentPage('en-US');
    await page.getByText('No problems: the document is valid.').waitFor();

    const flows = await section(page, 'flows');
    await flows.getByRole('button', { name: 'Add a flow' }).click();
    // The first Id is the flow's (the step's follows).
    await flows.getByLabel('Id', { exact: true }).first().fill('welcome');
    await flows.getByLabel('Name', { exact: true }).fill('Welcome tour');
    await flows.getByLabel('Starts', { exact: true }).selectOption({ label: 'On a page view' });
    await flows.getByLabel('Page (URL glob)').fill('/app/*');
    await flows.getByLabel('Title', { exact: true }).fill('Add your first todo');
    await flows.getByLabel(/^Body/).fill('Type and press **Enter**.');
    await flows.getByLabel(/^Target/).fill('.new-todo');
    await flows.getByRole('button', { name: 'Add a step' }).click();
    await flows.getByLabel('Title', { exact: true }).nth(1).fill('All set');

    const messages = await section(page, 'messages');
    await messages.getByRole('button', { name: 'Add a message' }).click();
    await messages.getByLabel('Id', { exact: true }).first().fill('export-news');
    await messages.getByLabel('Title', { exact: true }).fill('Export is here');
    await messages.getByRole('button', { name: 'Add a button' }).click();
    await messages.getByLabel('Button label').fill('Try it');
    await messages.getByLabel('Does', { exact: true }).selectOption({ label: 'Starts a flow' });
    await messages.getByLabel('Flow', { exact: true }).selectOption('welcome');

    await page.getByText('No problems: the document is valid.').waitFor();
    // The Content page works on the draft: save it, then publish it after seeing its changes.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('button', { name: 'Publish…' }).click();
    await page.getByRole('dialog', { name: 'Publish these changes to every user?' }).getByRole('button', { name: 'Publish' }).click();
    await page.getByText(/Published as version/).waitFor();
    const { $schema: _, ...doc } = await published();
    expect(doc).toEqual({
      version: 1,
      flows: [
        {
          id: 'welcome',
          name: 'Welcome tour',
          trigger: { on: 'page', url: '/app/*' },
          steps: [
            { id: 'step-1', title: 'Add your first todo', body: 'Type and press **Enter**.', target: '.new-todo' },
            { id: 'step-2', title: 'All set' },
          ],
        },
      ],
      messages: [{ id: 'export-news', kind: 'modal', title: 'Export is here', cta: { label: 'Try it', action: { flow: 'welcome' } } }],
    });
    expect((page as any).errors).toEqual([]);
  });

  for (const [locale, json, problems] of [
    ['en-US', 'Content document (JSON)', /problem\(s\) to fix before publishing/],
    ['ja-JP', 'コンテンツドキュメント (JSON)', /公開する前に直す問題が/],
  ] as const) {
    // axe over every form of the document: the longest check here, and slow on a busy machine.
    it(`in ${locale}: every form drawn, with an error at a field, and axe finds nothing`, { timeout: 180_000 }, async () => {
      await publish(env.collector, EVERYTHING);
      const page = await contentPage(locale);
      // The forms' chunk is here (until then a plain textarea stands in, and a fill could land in it as it is swapped out).
      await page.locator('details[data-section="flows"]').waitFor();
      const editor = page.getByLabel(json, { exact: true });
      await editor.fill(JSON.stringify({ ...EVERYTHING, flows: [{ ...EVERYTHING.flows[0], trigger: { on: 'page', url: '' } }] }, null, 2));
      await page.getByText(problems).waitFor();
      for (const key of SECTIONS) await section(page, key);
      // The journeys' words are a chunk of their own: in Japanese, fetched when their form first shows.
      await page
        .locator('details[data-section="journeys"] legend')
        .getByText(locale === 'ja-JP' ? '参加するユーザー' : 'Who enters')
        .first()
        .waitFor();
      const url = page.locator('details[data-section="flows"] input[aria-invalid="true"]');
      expect(await url.count()).toBe(1);
      expect(await page.locator('.editor').getAttribute('lang')).toBe(locale.slice(0, 2));
      expect(await axeViolations(page)).toEqual([]);
      // For the docs: the flows' form beside the JSON, the other sections closed.
      for (const key of SECTIONS.slice(1)) await page.locator(`details[data-section="${key}"] > summary`).click();
      await docsScreenshot(page, `content-editor-${locale.slice(0, 2)}`);
      expect((page as any).errors).toEqual([]);
    });
  }
});
