import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { hostPage, sdkReady } from './support/browser.js';
import { e2eEnvironment } from './support/env.js';
import { publish } from './support/tours.js';

const env = e2eEnvironment();

async function open(
  path: string,
  inline = `touchpoint.identify('m-user-' + Math.random(), {})`,
  body = '<main><h1>App</h1><button id="t" style="margin:200px">Target</button></main>',
): Promise<Page> {
  env.pages[path] = hostPage(env.collector.url, env.collector.writeKey, inline, { body });
  const context = await env.browser.newContext({ viewport: { width: 1024, height: 700 } });
  const page = await context.newPage();
  await page.goto(env.host.origin + path);
  await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
  await sdkReady(page);
  return page;
}

const ui = (page: Page) => page.locator('touchpoint-ui');
const box = async (page: Page, role: 'dialog' | 'region') => (await ui(page).getByRole(role).first().boundingBox())!;
async function messageEvents(): Promise<string[]> {
  const events = await env.collector.events();
  return events
    .filter((e) => /^(Message|Experiment)/.test(String(e.event)))
    .map(
      (e) =>
        `${e.event} ${e.properties.message_id ?? e.properties.experiment_id}${e.properties.action ? ` ${e.properties.action}` : ''}${e.properties.variation_id ? ` ${e.properties.variation_id}` : ''}`,
    );
}

describe('messages', () => {
  it('modal: centred, takes focus, keeps Tab inside, Esc dismisses; axe-clean', async () => {
    await publish(env.collector, {
      version: 1,
      messages: [
        {
          id: 'news',
          kind: 'modal',
          trigger: { on: 'page', url: '/modal*' },
          title: 'Export is here',
          body: 'Try **CSV** export.',
          cta: { label: 'Try it', action: 'dismiss' },
        },
      ],
    });
    const page = await open('/modal.html');
    const dialog = ui(page).getByRole('dialog', { name: 'Export is here' });
    await dialog.waitFor();
    const b = await box(page, 'dialog');
    expect(Math.abs(b.x + b.width / 2 - 512)).toBeLessThan(2);
    expect(Math.abs(b.y + b.height / 2 - 350)).toBeLessThan(2);
    expect(await axeViolations(page)).toEqual([]);
    const focused = new Set<string>();
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      focused.add(await page.evaluate(() => document.querySelector('touchpoint-ui')!.shadowRoot!.activeElement?.textContent ?? 'outside'));
    }
    expect([...focused].sort()).toEqual(['Try it', '×']);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.evaluate(() => (window as any).touchpoint.flush());
    await expect.poll(() => messageEvents()).toEqual(expect.arrayContaining(['Message Shown news', 'Message Dismissed news']));
  });

  it('banner at the top and slideout in a corner, without taking focus; axe-clean', async () => {
    await publish(env.collector, {
      version: 1,
      messages: [
        {
          id: 'top',
          kind: 'banner',
          position: 'top',
          priority: 2,
          trigger: { on: 'page', url: '/banner*' },
          title: 'Maintenance tonight',
          body: 'From 22:00 UTC.',
        },
        {
          id: 'corner',
          kind: 'slideout',
          trigger: { on: 'page', url: '/slideout*' },
          title: 'New: reports',
          body: 'See what changed.',
          cta: { label: 'Open', action: { event: 'Reports Opened', properties: { from: 'slideout' } } },
        },
      ],
    });
    const banner = await open('/banner.html');
    await ui(banner).getByRole('region', { name: 'Maintenance tonight' }).waitFor();
    const top = await box(banner, 'region');
    expect([top.x, top.y, top.width]).toEqual([0, 0, 1024]);
    expect(await banner.evaluate(() => document.activeElement === document.body)).toBe(true);
    expect(await axeViolations(banner)).toEqual([]);

    const slide = await open('/slideout.html');
    await ui(slide).getByRole('region', { name: 'New: reports' }).waitFor();
    const corner = await box(slide, 'region');
    expect(Math.round(1024 - (corner.x + corner.width))).toBe(16);
    expect(Math.round(700 - (corner.y + corner.height))).toBe(16);
    expect(await axeViolations(slide)).toEqual([]);
    // The CTA tracks its event, and the message closes as clicked (done), not dismissed.
    await ui(slide).getByRole('button', { name: 'Open' }).click();
    await ui(slide).getByRole('region').waitFor({ state: 'detached' });
    await slide.evaluate(() => (window as any).touchpoint.flush());
    const events = await env.collector.events();
    expect(events.find((e) => e.event === 'Reports Opened')?.properties).toEqual({ from: 'slideout' });
    expect(await messageEvents()).toEqual(expect.arrayContaining(['Message Shown corner', 'Message Clicked corner event']));
  });

  it('a top banner pushes the page down (it covers none of the app’s header, and scrolls away with the page); a bottom one leaves room to scroll the end clear of it; closed, the page is as it was', async () => {
    await publish(env.collector, {
      version: 1,
      messages: [
        { id: 'push-top', kind: 'banner', position: 'top', trigger: { on: 'page', url: '/push-top*' }, title: 'You are on the Free plan' },
        { id: 'push-bottom', kind: 'banner', trigger: { on: 'page', url: '/push-bottom*' }, title: 'Maintenance tonight' },
      ],
    });
    // An app whose header is the first thing in the page, and whose page is taller than the screen.
    const app =
      '<header id="header" style="display:flex;padding:12px"><button id="export">Export report</button></header><main style="height:2000px"></main><footer id="end">End</footer>';
    const rect = (page: Page, id: string) => page.evaluate((x) => document.getElementById(x)!.getBoundingClientRect().toJSON(), id);
    const bannerBox = (page: Page) =>
      page.evaluate(() => document.querySelector('touchpoint-ui')!.shadowRoot!.querySelector('.banner')!.getBoundingClientRect().toJSON());

    const page = await open('/push-top.html', undefined, app);
    const banner = ui(page).getByRole('region', { name: 'You are on the Free plan' });
    await banner.waitFor();
    // The header starts below the banner: at the body's margin (8 px) plus the banner's height (in whole pixels).
    await expect.poll(async () => Math.floor((await rect(page, 'header')).top - 8 - (await bannerBox(page)).height)).toBe(0);
    await page.locator('#export').click({ timeout: 3000 });
    await page.mouse.wheel(0, 300);
    await expect.poll(async () => Math.round((await bannerBox(page)).y)).toBe(-300);
    await banner.getByRole('button', { name: 'Close' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.evaluate(() => scrollTo(0, 0));
    expect((await rect(page, 'header')).top).toBe(8);
    expect(await page.locator('touchpoint-space').count()).toBe(0);

    const bottom = await open('/push-bottom.html', undefined, app);
    const bar = ui(bottom).getByRole('region', { name: 'Maintenance tonight' });
    await bar.waitFor();
    await bottom.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    const end = await rect(bottom, 'end');
    expect(end.bottom).toBeLessThanOrEqual((await bannerBox(bottom)).y + 1);
  });

  it('a top banner over an app whose body is a grid keeps each column’s content in place; closed after the app put back a snapshot of its body (Turbo’s cache), no room is left', async () => {
    await publish(env.collector, {
      version: 1,
      messages: [{ id: 'grid-top', kind: 'banner', position: 'top', trigger: { on: 'page', url: '/grid-top*' }, title: 'You are on the Free plan' }],
    });
    const app = '<style>body{display:grid;grid-template-columns:200px 1fr;margin:0}</style><nav id="nav">Menu</nav><main id="main">Reports</main>';
    const rect = (page: Page, id: string) => page.evaluate((x) => document.getElementById(x)!.getBoundingClientRect().toJSON(), id);
    const page = await open('/grid-top.html', undefined, app);
    const banner = ui(page).getByRole('region', { name: 'You are on the Free plan' });
    await banner.waitFor();
    // Below the banner, each in its own column (was: the spacer took the first cell, and the menu moved to the second).
    await expect.poll(async () => (await rect(page, 'nav')).top).toBeGreaterThan(20);
    expect([(await rect(page, 'nav')).left, (await rect(page, 'main')).left, (await rect(page, 'main')).width]).toEqual([0, 200, 824]);
    // The app swaps its body for a copy made while the banner showed (a snapshot it restores).
    await page.evaluate(() => document.body.replaceWith(document.body.cloneNode(true)));
    await banner.getByRole('button', { name: 'Close' }).click();
    await banner.waitFor({ state: 'detached' });
    expect(await page.locator('touchpoint-space').count()).toBe(0);
    expect((await rect(page, 'nav')).top).toBe(0);
  });

  it('tooltip and hotspot messages point at their target; a CTA can start a flow or open a URL', async () => {
    await publish(env.collector, {
      version: 1,
      flows: [{ id: 'tour', steps: [{ id: 's', title: 'The tour started' }] }],
      messages: [
        {
          id: 'tip',
          kind: 'tooltip',
          target: '#t',
          trigger: { on: 'page', url: '/tip*' },
          title: 'A tip',
          cta: { label: 'Show me', action: { flow: 'tour' } },
        },
        {
          id: 'hot',
          kind: 'hotspot',
          target: '#t',
          trigger: { on: 'page', url: '/hot*' },
          title: 'A hotspot',
          cta: { label: 'Docs', action: { url: '/docs.html' } },
        },
      ],
    });
    env.pages['/docs.html'] = '<!doctype html><html lang="en"><title>Docs</title><main>Docs</main></html>';
    const tip = await open('/tip.html');
    const dialog = ui(tip).getByRole('dialog', { name: 'A tip' });
    await dialog.waitFor();
    const d = (await dialog.boundingBox())!;
    const t = (await tip.locator('#t').boundingBox())!;
    expect(Math.abs(d.y - (t.y + t.height + 12))).toBeLessThan(3);
    await ui(tip).getByRole('button', { name: 'Show me' }).click();
    await ui(tip).getByRole('dialog', { name: 'The tour started' }).waitFor();

    const hot = await open('/hot.html');
    await ui(hot).getByRole('button', { name: 'Open hint: A hotspot' }).click();
    await ui(hot).getByRole('button', { name: 'Docs' }).click();
    await hot.waitForURL('**/docs.html');
  });

  it('shows the experiment variant of this user, records the exposure once, and show() bypasses triggers', async () => {
    await publish(env.collector, {
      version: 1,
      messages: [
        {
          id: 'copy',
          kind: 'modal',
          experiment: {
            id: 'copy-test',
            goal: { event: 'Report Exported' },
            variants: [
              { id: 'a', weight: 1, content: { title: 'Variant A' } },
              { id: 'b', weight: 1, content: { title: 'Variant B' } },
            ],
          },
        },
      ],
    });
    const page = await open('/exp.html', `touchpoint.identify('exp-user-1', {})`);
    // Manual trigger: nothing by itself (the engine's decision, then the screen).
    expect(await page.evaluate(() => (window as any).touchpoint.explain('copy'))).toEqual({
      eligible: false,
      reasons: ['trigger: manual (shows only with startFlow or show)'],
    });
    expect(await ui(page).getByRole('dialog').count()).toBe(0);
    const variant = await page.evaluate(() => (window as any).touchpoint.variant('copy-test'));
    expect(['a', 'b']).toContain(variant);
    await page.evaluate(() => (window as any).touchpoint.show('copy'));
    await ui(page)
      .getByRole('dialog', { name: `Variant ${variant!.toUpperCase()}` })
      .waitFor();
    await page.keyboard.press('Escape');
    await page.evaluate(() => (window as any).touchpoint.show('copy'));
    await ui(page).getByRole('dialog').waitFor();
    await page.evaluate(() => (window as any).touchpoint.flush());
    const events = await messageEvents();
    expect(events.filter((e) => e.startsWith('Experiment Viewed'))).toEqual([`Experiment Viewed copy-test ${variant}`]);
    expect(events.filter((e) => e.startsWith('Message Shown copy'))).toEqual([`Message Shown copy ${variant}`, `Message Shown copy ${variant}`]);
  });
});

describe('A/B test of copy, end to end', () => {
  it('two users land in their variants, see its copy, one converts, and the report counts them', async () => {
    const { assignVariant } = await import('@touchpoint/content');
    const experiment = {
      id: 'headline',
      goal: { event: 'Plan Upgraded', withinDays: 7 },
      variants: [
        { id: 'a', weight: 50, content: { title: 'Upgrade today' } },
        { id: 'b', weight: 50, content: { title: 'Unlock unlimited reports' } },
      ],
    };
    await publish(env.collector, {
      version: 1,
      messages: [{ id: 'upsell', kind: 'modal', trigger: { on: 'page', url: '/ab*' }, repeat: 'always', experiment }],
    });
    // Users whose deterministic buckets fall in each variant.
    const users = Array.from({ length: 50 }, (_, i) => `ab-user-${i}`);
    const inA = users.find((u) => assignVariant(experiment, u) === 'a')!;
    const inB = users.find((u) => assignVariant(experiment, u) === 'b')!;

    const pageA = await open('/ab-a.html', `touchpoint.identify('${inA}', {})`);
    await ui(pageA).getByRole('dialog', { name: 'Upgrade today' }).waitFor();
    await pageA.evaluate(() => (window as any).touchpoint.track('Plan Upgraded'));
    await pageA.evaluate(() => (window as any).touchpoint.flush());

    const pageB = await open('/ab-b.html', `touchpoint.identify('${inB}', {})`);
    await ui(pageB).getByRole('dialog', { name: 'Unlock unlimited reports' }).waitFor();
    await pageB.evaluate(() => (window as any).touchpoint.flush());

    await expect
      .poll(async () => {
        const res = await fetch(`${env.collector.url}/v1/reports/experiments/headline`, { headers: { authorization: `Bearer ${env.collector.secretKey}` } });
        const report = (await res.json()) as { variants: Array<{ variation_id: string; users: number; conversions: number }> };
        return report.variants.map((v) => [v.variation_id, v.users, v.conversions]);
      })
      .toEqual([
        ['a', 1, 1],
        ['b', 1, 0],
      ]);
  });

  it("a flow experiment shows each variant's step copy, tags Flow Started, and reports the conversion", async () => {
    const { assignVariant } = await import('@touchpoint/content');
    const experiment = {
      id: 'tour-copy',
      goal: { event: 'Todo Added' },
      variants: [
        { id: 'short', weight: 1, steps: { hi: { title: 'Quick start' } } },
        { id: 'long', weight: 1, steps: { hi: { title: 'A guided start, in three steps' } } },
      ],
    };
    await publish(env.collector, {
      version: 1,
      flows: [{ id: 'intro', repeat: 'always', trigger: { on: 'page', url: '/fx*' }, experiment, steps: [{ id: 'hi', title: 'Base copy' }] }],
    });
    const users = Array.from({ length: 50 }, (_, i) => `fx-user-${i}`);
    const short = users.find((u) => assignVariant(experiment, u) === 'short')!;
    const long = users.find((u) => assignVariant(experiment, u) === 'long')!;

    const a = await open('/fx-a.html', `touchpoint.identify('${short}', {})`);
    await ui(a).getByRole('dialog', { name: 'Quick start' }).waitFor();
    await a.evaluate(() => (window as any).touchpoint.track('Todo Added'));
    await a.evaluate(() => (window as any).touchpoint.flush());
    const b = await open('/fx-b.html', `touchpoint.identify('${long}', {})`);
    await ui(b).getByRole('dialog', { name: 'A guided start, in three steps' }).waitFor();
    await b.evaluate(() => (window as any).touchpoint.flush());

    const started = (await env.collector.events()).filter((e) => e.event === 'Flow Started' && e.properties.flow_id === 'intro');
    expect(started.map((e) => [e.userId, e.properties.variation_id]).sort()).toEqual(
      [
        [long, 'long'],
        [short, 'short'],
      ].sort(),
    );
    await expect
      .poll(async () => {
        const res = await fetch(`${env.collector.url}/v1/reports/experiments/tour-copy`, { headers: { authorization: `Bearer ${env.collector.secretKey}` } });
        return ((await res.json()) as { variants: Array<{ variation_id: string; users: number; conversions: number }> }).variants.map((v) => [
          v.variation_id,
          v.users,
          v.conversions,
        ]);
      })
      .toEqual([
        ['short', 1, 1],
        ['long', 1, 0],
      ]);
  });
});
