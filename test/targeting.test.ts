import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hostPage, launchChromium, serveHostPages, sdkReady } from './support/browser.js';
import { CLI, startCollector, type RunningCollector } from './support/collector.js';
import { measureStep, publish, waitForStep } from './support/tours.js';

let browser: Browser;
let collector: RunningCollector;
let host: Awaited<ReturnType<typeof serveHostPages>>;
const pages: Parameters<typeof serveHostPages>[0] = {};
const contexts: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  browser = await launchChromium();
  host = await serveHostPages(pages);
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});
beforeEach(async () => {
  collector = await startCollector();
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await collector?.stop();
});

/** Opens `path` in a fresh browser (a new device), running `inline` before the SDK loads. */
async function visit(path: string, inline: string, attributes = ''): Promise<Page> {
  pages[path] = hostPage(collector.url, collector.writeKey, inline, { body: '<main><h1>App</h1></main>', attributes });
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(host.origin + path);
  await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
  await sdkReady(page);
  return page;
}

const explain = (page: Page, id: string) => page.evaluate((x) => (window as any).touchpoint.explain(x), id);
/**
 * No step shows: the engine's own decision (explain(), once ready() has the user's facts) says
 * each of `ids` may not show, and nothing is on screen.
 */
const noStep = async (page: Page, ...ids: string[]) => {
  for (const id of ids) expect((await explain(page, id)).eligible, id).toBe(false);
  expect((await measureStep(page)).dialog).toBeNull();
};

/** Nothing reaches the collector or storage until consent(true); then everything queued does, in order. */
async function expectHeldUntilConsent(page: Page) {
  // A flush sends whatever may be sent, and resolves once it has: nothing may be.
  await page.evaluate(() => (window as any).touchpoint.flush());
  expect(await collector.events()).toEqual([]);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tp.')))).toEqual([]);
  await page.evaluate(() => (window as any).touchpoint.consent(true));
  await page.evaluate(() => (window as any).touchpoint.flush());
  const events = await collector.waitForEvents((e) => e.length >= 3);
  expect(events.map((e) => e.event ?? e.type)).toEqual(['identify', 'Before consent', 'page']);
  expect(await page.evaluate(() => localStorage.getItem('tp.consent'))).toBe('"granted"');
}

describe('targeting end to end', () => {
  it('published through the CLI: a user in segment A sees its flow, a user in segment B does not, and explain() says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-target-'));
    const file = join(dir, 'content.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        segments: [
          {
            id: 'free-admins',
            all: [
              { trait: 'plan', op: 'eq', value: 'free' },
              { trait: 'role', op: 'eq', value: 'admin' },
            ],
          },
        ],
        flows: [{ id: 'upgrade', audience: 'free-admins', trigger: { on: 'page', url: '/app*' }, steps: [{ id: 'one', title: 'Upgrade to Pro' }] }],
        messages: [
          {
            id: 'pro-news',
            kind: 'banner',
            audience: { trait: 'plan', op: 'eq', value: 'pro' },
            trigger: { on: 'page', url: '/app*' },
            title: 'New for Pro: audit log',
          },
        ],
      }),
    );
    const published = spawnSync(process.execPath, [CLI, 'content', 'publish', file, '--url', collector.url, '--secret-key', collector.secretKey], {
      encoding: 'utf8',
    });
    expect(published.status, published.stderr).toBe(0);

    const a = await visit('/app-a.html', `touchpoint.identify('ann', { plan: 'free', role: 'admin' });`);
    await waitForStep(a);
    expect((await measureStep(a)).title).toBe('Upgrade to Pro');

    // Segment A sees no Pro message.
    expect(await a.locator('touchpoint-ui').getByRole('region').count()).toBe(0);
    expect((await explain(a, 'pro-news')).reasons).toContain('audience: trait "plan" is "free", not eq "pro"');

    const b = await visit('/app-b.html', `touchpoint.identify('bob', { plan: 'pro', role: 'admin' });`);
    await noStep(b, 'upgrade');
    await b.locator('touchpoint-ui').getByRole('region', { name: 'New for Pro: audit log' }).waitFor();
    // The banner shows in a slot of its own: it holds nothing back; the audience fails.
    expect(await explain(b, 'upgrade')).toEqual({
      eligible: false,
      reasons: ['audience: segment "free-admins": trait "plan" is "pro", not eq "free"'],
    });
  });

  it('counts events from the server profile, across devices: repeat and audience hold on a new browser', async () => {
    await publish(collector, {
      version: 1,
      flows: [
        {
          id: 'power',
          audience: { event: 'Report Exported', count: { op: 'gte', value: 3 } },
          trigger: { on: 'page', url: '/dev*' },
          steps: [{ id: 'one', title: 'You are a power user' }],
        },
      ],
    });
    // Device 1: three exports; the flow shows once they are counted, and is completed.
    const first = await visit('/dev1.html', `touchpoint.identify('cara', {});`);
    await noStep(first, 'power');
    await first.evaluate(async () => {
      for (let i = 0; i < 3; i++) (window as any).touchpoint.track('Report Exported');
      await (window as any).touchpoint.flush();
    });
    await first.reload();
    await waitForStep(first);
    await first.locator('touchpoint-ui').getByRole('button', { name: 'Done' }).click();
    await first.evaluate(() => (window as any).touchpoint.flush());
    // Device 2, same user: the profile says it was shown: repeat "once" holds.
    const second = await visit('/dev2.html', `touchpoint.identify('cara', {});`);
    await noStep(second, 'power');
    expect(await explain(second, 'power')).toEqual({ eligible: false, reasons: ['repeat: repeat "once": already shown'] });
  });

  it('holds the throttle and priority across page loads', async () => {
    await publish(collector, {
      version: 1,
      settings: { throttle: { maxPerSession: 1, minMinutesBetween: 10 } },
      flows: [
        { id: 'low', priority: 1, trigger: { on: 'page', url: '/t*' }, steps: [{ id: 'x', title: 'Low priority' }] },
        { id: 'high', priority: 5, trigger: { on: 'page', url: '/t*' }, steps: [{ id: 'y', title: 'High priority' }] },
      ],
    });
    const page = await visit('/t1.html', '');
    await waitForStep(page);
    expect((await measureStep(page)).title).toBe('High priority');
    await page.keyboard.press('Escape');
    await page.evaluate(() => (window as any).touchpoint.flush());
    pages['/t2.html'] = pages['/t1.html']!;
    await page.goto(`${host.origin}/t2.html`);
    await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
    await sdkReady(page);
    await noStep(page, 'low', 'high');
    const why = await explain(page, 'low');
    expect(why.eligible).toBe(false);
    expect(why.reasons).toEqual(['throttle: 1 shown this session (at most 1)', 'throttle: the last content showed 0 minute(s) ago (at least 10 between)']);
    // startFlow bypasses triggers and the throttle.
    await page.evaluate(() => (window as any).touchpoint.startFlow('low'));
    await waitForStep(page);
    expect((await measureStep(page)).title).toBe('Low priority');
  });

  it('uses the last good copy of the content when the collector cannot be reached', async () => {
    await publish(collector, { version: 1, flows: [{ id: 'tour', trigger: { on: 'page', url: '/off*' }, steps: [{ id: 'x', title: 'Still guided' }] }] });
    pages['/off.html'] = hostPage(collector.url, collector.writeKey, '', { body: '<main><h1>App</h1></main>', selfHosted: true });
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${host.origin}/off.html`);
    await waitForStep(page);
    await page.keyboard.press('Escape');
    await page.evaluate(() => (window as any).touchpoint.flush());
    // The collector goes away; the page (served by the app) loads again and still has its content.
    await collector.kill('SIGKILL');
    await page.reload();
    await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
    await sdkReady(page);
    // repeat "once" (the default): dismissed, it does not show again, and explain() knows the flow.
    expect(await explain(page, 'tour')).toEqual({ eligible: false, reasons: ['repeat: repeat "once": already shown'] });
    await page.evaluate(() => (window as any).touchpoint.startFlow('tour'));
    await waitForStep(page);
    expect((await measureStep(page)).title).toBe('Still guided');
  });

  it('skips the broken items of a document that reaches the browser broken, and runs the rest', async () => {
    // Published around validation (an older collector, a hand-edited file): straight into the database.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(collector.dbPath);
    const broken = {
      version: 1,
      flows: [
        { id: 'bad-selector', trigger: { on: 'page', url: '*' }, priority: 9, steps: [{ id: 'x', target: 'div[', title: 'Never' }] },
        { id: 'no-steps', trigger: { on: 'page', url: '*' }, priority: 8, steps: [] },
        { id: 'good', trigger: { on: 'page', url: '*' }, steps: [{ id: 'y', title: 'The good one' }] },
      ],
    };
    db.prepare('INSERT INTO content_versions (project_id, version, document, etag, created_at) VALUES (1, 1, ?, \'"x"\', 0)').run(JSON.stringify(broken));
    db.close();
    const warnings: string[] = [];
    pages['/broken-doc.html'] = hostPage(collector.url, collector.writeKey, '', { body: '<main><h1>App</h1></main>', attributes: 'data-debug' });
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.goto(`${host.origin}/broken-doc.html`);
    await waitForStep(page);
    expect((await measureStep(page)).title).toBe('The good one');
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('flows[0] skipped: flow "bad-selector", step "x": "div[" is not a valid selector'),
        expect.stringContaining('flows[1] skipped: flow "no-steps" has no steps'),
      ]),
    );
  });

  it('keeps the holdout free of unsolicited content', async () => {
    await publish(collector, {
      version: 1,
      settings: { holdout: 100 },
      flows: [{ id: 'tour', trigger: { on: 'page', url: '*' }, steps: [{ id: 'x', title: 'Tour' }] }],
    });
    const page = await visit('/h.html', '');
    await noStep(page, 'tour');
    expect(await explain(page, 'tour')).toEqual({ eligible: false, reasons: ['holdout: this user is in the 100% who see no unsolicited content'] });
  });

  it('with consent required by the published content, a first visit stores and sends nothing until consent(true)', async () => {
    await publish(collector, { version: 1, settings: { consent: 'required' } });
    const page = await visit('/consent-content.html', `touchpoint.identify('eve', { plan: 'team' }); touchpoint.track('Before consent');`);
    await expectHeldUntilConsent(page);
  });

  it('with consent required, sends and stores nothing until consent(true)', async () => {
    const page = await visit('/consent.html', `touchpoint.identify('dee', { plan: 'free' }); touchpoint.track('Before consent');`, 'data-consent="required"');
    await expectHeldUntilConsent(page);
  });
});
