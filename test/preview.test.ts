import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { hostPage } from './support/browser.js';
import { e2eEnvironment } from './support/env.js';
import { publish } from './support/tours.js';

/**
 * Preview (CONTRACT §7): a saved draft shows in the tab that holds a preview token, on the
 * real app, with our badge; every other browser keeps the published content until it is
 * published. Through the built bundle, the built collector and its preview.js chunk.
 */
const env = e2eEnvironment();

const content = (copy: string) => ({
  version: 1,
  settings: { throttle: { maxPerSession: 100, minMinutesBetween: 0 } },
  messages: [{ id: 'news', kind: 'banner', repeat: 'always', trigger: { on: 'page', url: '/app*' }, title: copy, body: 'What is new.' }],
});

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(env.collector.url + path, {
    method,
    headers: { authorization: `Bearer ${env.collector.secretKey}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, any>;
}

const contexts: BrowserContext[] = [];
async function open(url: string): Promise<Page> {
  const context = await env.browser.newContext({ viewport: { width: 1024, height: 700 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}
/** The banner's title, once it shows. */
const banner = (page: Page, copy: string) =>
  page
    .locator('touchpoint-ui')
    .getByRole('heading', { name: copy })
    .or(page.locator('touchpoint-ui').getByText(copy, { exact: true }))
    .first();
const badge = (page: Page) => page.locator('[data-touchpoint=preview]').getByRole('region', { name: 'Touchpoint preview' });

describe('preview', () => {
  it('shows the draft only in the previewing tab, with a badge; leaving or publishing brings everyone the same content', async () => {
    env.pages['/app'] = hostPage(env.collector.url, env.collector.writeKey, `touchpoint.identify('u-' + Math.random())`, {
      body: '<main><h1>Todos</h1><ul><li>One</li></ul></main>',
    });
    await publish(env.collector, content('Published copy'));
    await api('PUT', '/v1/content/draft', content('Draft copy'));
    const { token } = await api('POST', '/v1/preview');

    const previewing = await open(`${env.host.origin}/app#touchpoint-preview=${token}`);
    await banner(previewing, 'Draft copy').waitFor();
    await badge(previewing).getByText('You see the draft. Nobody else does.').waitFor();
    // The token left the URL before anything could send it on.
    expect(new URL(previewing.url()).hash).toBe('');
    expect(await axeViolations(previewing)).toEqual([]);

    // Another browser sees the published content, and no badge.
    const other = await open(`${env.host.origin}/app`);
    await banner(other, 'Published copy').waitFor();
    expect(await other.locator('[data-touchpoint=preview]').count()).toBe(0);

    // The tab keeps its preview across a reload.
    await previewing.reload();
    await banner(previewing, 'Draft copy').waitFor();

    // "Leave preview" is reached with the keyboard; it reloads with the published content.
    const leave = badge(previewing).getByRole('button', { name: 'Leave preview' });
    await leave.waitFor();
    let focused = false;
    for (let i = 0; i < 20 && !focused; i++) {
      await previewing.keyboard.press('Tab');
      focused = await leave.evaluate((button) => (button.getRootNode() as ShadowRoot).activeElement === button);
    }
    expect(focused).toBe(true);
    await Promise.all([previewing.waitForEvent('load'), previewing.keyboard.press('Enter')]);
    await banner(previewing, 'Published copy').waitFor();
    expect(await previewing.locator('[data-touchpoint=preview]').count()).toBe(0);

    // Published: everyone gets the draft's content on their next page view.
    expect(await api('POST', '/v1/content/publish')).toEqual({ version: 2 });
    await Promise.all([previewing.reload(), other.reload()]);
    await banner(previewing, 'Draft copy').waitFor();
    await banner(other, 'Draft copy').waitFor();
    for (const c of contexts.splice(0)) await c.close();
  });

  it('touchpoint.preview(token) previews this tab, preview(null) leaves; an ended preview says so and shows the published content', async () => {
    env.pages['/app2'] = hostPage(env.collector.url, env.collector.writeKey, '', { body: '<main><h1>Todos</h1></main>' });
    const pub = content('Live copy');
    pub.messages[0]!.trigger.url = '/app2*';
    const draft = content('Next copy');
    draft.messages[0]!.trigger.url = '/app2*';
    await publish(env.collector, pub);
    await api('PUT', '/v1/content/draft', draft);
    const { token } = await api('POST', '/v1/preview');
    const page = await open(`${env.host.origin}/app2`);
    await banner(page, 'Live copy').waitFor();
    await Promise.all([page.waitForEvent('load'), page.evaluate((t) => (window as any).touchpoint.preview(t), token)]);
    await banner(page, 'Next copy').waitFor();
    await badge(page).waitFor();
    await Promise.all([page.waitForEvent('load'), page.evaluate(() => (window as any).touchpoint.preview(null))]);
    await banner(page, 'Live copy').waitFor();
    expect(await page.locator('[data-touchpoint=preview]').count()).toBe(0);

    // A token the collector no longer takes: the published content, and the badge says the preview ended.
    // (A new document: a change of fragment alone would load nothing.)
    await page.goto(`${env.host.origin}/app2?again#touchpoint-preview=tpp_expired`);
    await badge(page).getByText('This preview has ended: you see the published content.').waitFor();
    await banner(page, 'Live copy').waitFor();
    for (const c of contexts.splice(0)) await c.close();
  });

  it("a preview tab's events are marked and stored, but left out of the reports: the flow report counts only real users", async () => {
    const run = Math.random().toString(36).slice(2, 8);
    const flowId = `tour-${run}`;
    const tour = { version: 1, flows: [{ id: flowId, trigger: { on: 'page', url: '/app3*' }, steps: [{ id: 'hello', title: 'Hello there' }] }] };
    await publish(env.collector, tour);
    await api('PUT', '/v1/content/draft', tour);
    const { token } = await api('POST', '/v1/preview');
    env.pages['/app3'] = hostPage(env.collector.url, env.collector.writeKey, `touchpoint.identify(new URLSearchParams(location.search).get('u'))`, {
      body: '<main><h1>Todos</h1></main>',
    });
    const started = async (userId: string) => (await api('GET', `/v1/events?userId=${userId}&event=Flow%20Started`)).events as Array<Record<string, any>>;
    const step = (page: Page) => page.locator('touchpoint-ui').getByRole('dialog', { name: 'Hello there' });

    // The PM previews: the tour starts in the preview tab, and its Flow Started is stored, marked.
    const pm = `pm-${run}`;
    const previewing = await open(`${env.host.origin}/app3?u=${pm}#touchpoint-preview=${token}`);
    await step(previewing).waitFor();
    await previewing.evaluate(() => (window as any).touchpoint.flush());
    await expect.poll(async () => (await started(pm)).length).toBe(1);
    expect((await started(pm))[0]!.context).toMatchObject({ preview: true });

    // A user of the app: the same tour, counted.
    const user = `user-${run}`;
    const other = await open(`${env.host.origin}/app3?u=${user}`);
    await step(other).waitFor();
    await other.evaluate(() => (window as any).touchpoint.flush());
    await expect.poll(async () => (await started(user)).length).toBe(1);
    expect((await started(user))[0]!.context.preview).toBeUndefined();

    // Both are stored; the report counts the user alone.
    const report = await api('GET', `/v1/reports/flows/${flowId}`);
    expect(report.started).toBe(1);
    for (const c of contexts.splice(0)) await c.close();
  });
});
