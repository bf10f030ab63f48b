import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { CLI } from './support/collector.js';
import { signInAs } from './support/dashboard-sign-in.js';
import { e2eEnvironment } from './support/env.js';
import { docsScreenshot } from './support/screenshots.js';
import { publish } from './support/tours.js';

/*
 * What PMs and CS teams read in the dashboard must agree with itself: an experiment with an
 * empty control, the copy each group saw, each account's reasons and its own page.
 */
const env = e2eEnvironment();
const DAY = 86_400_000;

const CONTENT = {
  version: 1,
  settings: { locale: 'en' },
  features: [{ id: 'export', name: 'Export', selector: '#export' }],
  flows: [
    {
      id: 'welcome',
      steps: [{ id: 'hello', title: 'Welcome' }],
      experiment: {
        id: 'tour-copy',
        goal: { event: 'Todo Added' },
        variants: [
          { id: 'short', weight: 50, steps: { hello: { title: 'Quick start' } } },
          { id: 'long', weight: 50, steps: { hello: { title: 'A guided start' } } },
        ],
      },
    },
  ],
  messages: [
    {
      id: 'export-news',
      kind: 'modal',
      body: 'Exports are **fast**.',
      experiment: {
        id: 'export-copy',
        goal: { event: 'Report Exported', withinDays: 7 },
        control: 20,
        variants: [
          { id: 'a', weight: 50, content: { title: 'Export is here', cta: { label: 'Try it', action: 'dismiss' } } },
          { id: 'b', weight: 50, content: { title: 'Save hours with Export', cta: { label: 'Show me', action: 'dismiss' } } },
        ],
      },
    },
  ],
  health: {
    windowDays: 14,
    signals: [
      { event: 'Todo Added', weight: 2 },
      { feature: 'export', weight: 1 },
    ],
  },
};

beforeAll(async () => {
  const c = env.collector;
  await publish(c, CONTENT);
  const now = Date.now();
  const at = (daysAgo: number, s = 0) => new Date(now - daysAgo * DAY - s * 1000).toISOString();
  const batch: Array<Record<string, unknown>> = [];
  const inAccount = (account: string, m: Record<string, unknown>) => batch.push({ ...m, context: { groupId: account } });
  // The experiment: nobody in control yet; a: 4 users, 1 converted; b: 5 users, 3 converted.
  for (let i = 0; i < 9; i++) {
    const variant = i < 4 ? 'a' : 'b';
    batch.push({
      type: 'track',
      event: 'Experiment Viewed',
      userId: `x${i}`,
      timestamp: at(2, i),
      properties: { experiment_id: 'export-copy', variation_id: variant },
    });
    if (i === 0 || (i >= 4 && i < 7)) batch.push({ type: 'track', event: 'Report Exported', userId: `x${i}`, timestamp: at(1, i) });
  }
  // Accounts: acme busy (two users), globex quiet.
  batch.push({ type: 'group', userId: 'ada', groupId: 'acme', traits: { tier: 'high', name: 'Acme' }, timestamp: at(10) });
  for (let d = 0; d < 6; d++) inAccount('acme', { type: 'track', event: 'Todo Added', userId: d % 2 ? 'bob' : 'ada', timestamp: at(d, 30) });
  inAccount('acme', { type: 'track', event: 'Feature Used', userId: 'bob', timestamp: at(0, 10), properties: { feature_id: 'export' } });
  batch.push({ type: 'group', userId: 'gus', groupId: 'globex', traits: { tier: 'low' }, timestamp: at(3) });
  const res = await fetch(`${c.url}/v1/batch`, { method: 'POST', body: JSON.stringify({ writeKey: c.writeKey, batch }) });
  expect(res.status).toBe(200);
  // Three earlier daily scores for acme, then today's from the collector.
  const db = new Database(c.dbPath);
  const today = Math.floor(now / DAY);
  const insert = db.prepare("INSERT INTO health_scores (project_id, account_id, day, score, previous_score, reasons) VALUES (1, 'acme', ?, ?, NULL, '[]')");
  for (const [back, score] of [
    [3, 20],
    [2, 25],
    [1, 30],
  ] as const)
    insert.run(today - back, score);
  db.close();
  expect((await fetch(`${c.url}/v1/health/recompute`, { method: 'POST', headers: { authorization: `Bearer ${c.secretKey}` } })).status).toBe(200);
}, 60_000);

async function signIn(): Promise<Page> {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as any).errors = errors;
  await page.goto(`${env.collector.url}/dashboard/`);
  await signInAs(page, env.collector.owner);
  return page;
}

describe('dashboard: what PMs and CS teams read', () => {
  it('the sign-in hint names the command that makes a member; its one-time password signs in and must be replaced', async () => {
    const page = await (await env.browser.newContext()).newPage();
    await page.goto(`${env.collector.url}/dashboard/`);
    const command = (await page.locator('main.signin form p.muted code').textContent())!;
    expect(command).toBe('touchpoint user create');
    const printed = spawnSync(process.execPath, [CLI, 'user', 'create', 'cs-lead@e2e.test', '--role', 'viewer', '--db', env.collector.dbPath], {
      encoding: 'utf8',
    });
    expect(printed.status, printed.stderr).toBe(0);
    const password = /^password: (\S+)$/m.exec(printed.stdout)![1]!;
    await page.getByLabel('Email').fill('cs-lead@e2e.test');
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
  });

  it("an experiment with an empty control: the verdict agrees with the table, missing figures say so, each group's copy beside its numbers", async () => {
    const page = await signIn();
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Experiments' }).click();
    const card = page.getByRole('region', { name: 'export-copy' });
    await card.getByRole('table').waitFor();
    expect(await card.locator('.verdict').textContent()).toBe('Not enough data: Control has no users yet, so nothing can be compared with it.');
    const cells = async (name: RegExp) => (await card.getByRole('row', { name }).locator('th, td').allTextContents()).map((t) => t.trim());
    expect(await cells(/^Variant B/)).toEqual([
      'Variant B',
      'Title: Save hours with ExportBody: Exports are fast.Button: Show me',
      '5',
      '3',
      '60%',
      'not enough data',
    ]);
    expect(await cells(/^Control/)).toEqual(['Control', 'Control: sees nothing (held out)', '0', '0', 'not enough data', 'baseline']);
    expect(await card.getByText(/0\.0% to 0\.0%/).count()).toBe(0);

    // A flow's experiment nobody has seen: its groups show the step copy they replace.
    const tour = page.getByRole('region', { name: 'tour-copy' });
    await tour.getByRole('table').waitFor();
    expect(await tour.locator('.verdict').textContent()).toBe('Not enough data: nobody has seen this experiment yet.');
    expect(
      await tour
        .getByRole('row', { name: /^Variant SHORT/ })
        .getByRole('cell')
        .first()
        .textContent(),
    ).toBe('Step hello · Title: Quick start');
    expect(await axeViolations(page)).toEqual([]);
    expect((page as any).errors).toEqual([]);
  });

  it("accounts: each row shows its reasons and links to the account's page (history, signals, activity, users)", async () => {
    const page = await signIn();
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Accounts' }).click();
    const row = page.getByRole('row', { name: /^acme/ });
    await row.waitFor();
    const health = await (await fetch(`${env.collector.url}/v1/reports/health`, { headers: { authorization: `Bearer ${env.collector.secretKey}` } })).json();
    const acme = health.accounts.find((a: any) => a.account_id === 'acme');
    expect(acme.reasons.length).toBeGreaterThan(1);
    expect(await row.locator('.reasons').textContent()).toBe(acme.reasons.join(' · '));

    // By keyboard: the account's link opens its page.
    await row.getByRole('link', { name: 'acme' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'acme' }).waitFor();
    expect(page.url()).toMatch(/#\/accounts\/acme$/);
    expect(await page.title()).toBe('acme · Accounts · Touchpoint');
    // The Accounts page stays the current section.
    expect(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Accounts' }).getAttribute('aria-current')).toBe('page');

    const main = page.getByRole('main');
    await main.getByRole('img', { name: /^Health score over 4 days/ }).waitFor();
    expect(await main.getByRole('img', { name: /^Health score over 4 days/ }).getAttribute('aria-label')).toBe(
      `Health score over 4 days: from 20 to ${acme.score}, lowest ${Math.min(20, acme.score)}, highest ${Math.max(30, acme.score)}`,
    );
    expect(await main.getByRole('list', { name: 'Why this score' }).getByRole('listitem').allTextContents()).toEqual(acme.reasons);
    const signals = main.getByRole('table', { name: /Signals/ });
    expect(
      await signals
        .getByRole('row', { name: /Todo Added/ })
        .locator('td')
        .first()
        .textContent(),
    ).toBe('6');
    expect(
      await signals
        .getByRole('row', { name: /export/ })
        .locator('td')
        .first()
        .textContent(),
    ).toBe('1');
    const users = main.getByRole('table', { name: /Users/ });
    expect(await users.locator('tbody th').allTextContents()).toEqual(['bob', 'ada']);
    const activity = main.getByRole('table', { name: /Latest activity/ });
    expect(await activity.locator('tbody tr').first().textContent()).toContain('Feature Used');
    expect(await activity.locator('tbody tr').count()).toBe(8);
    expect(await axeViolations(page)).toEqual([]);
    await docsScreenshot(page, 'account');

    await main.getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    expect((page as any).errors).toEqual([]);
  });
});
