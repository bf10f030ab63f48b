import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { seedDashboard } from './support/dashboard-seed.js';
import { docsScreenshot as shot } from './support/screenshots.js';
import { signInAs } from './support/dashboard-sign-in.js';
import { e2eEnvironment } from './support/env.js';

const env = e2eEnvironment();

beforeAll(async () => {
  await seedDashboard(env.collector);
}, 60_000);

async function signedIn(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  // bypassCSP: axe-core is injected as an inline script; the CSP itself is checked on its own below.
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme, bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The dashboard asks who is signed in when it opens; before signing in that is a 401, expected.
  page.on('console', (m) => m.type() === 'error' && !m.location().url.endsWith('/v1/auth/session') && errors.push(m.text()));
  (page as any).errors = errors;
  await page.goto(`${env.collector.url}/dashboard/`);
  await signInAs(page, env.collector.owner);
  return page;
}

const go = async (page: Page, name: string) => {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
};

describe('dashboard', () => {
  it('refuses a wrong password; the session is a cookie the page cannot read, and nothing secret is stored', async () => {
    const page = await (await env.browser.newContext({ bypassCSP: true })).newPage();
    await page.goto(`${env.collector.url}/dashboard/`);
    await page.getByLabel('Email').fill(env.collector.owner.email);
    await page.getByLabel('Password', { exact: true }).fill(env.collector.secretKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await shot(page, 'sign-in');
    expect(await axeViolations(page)).toEqual([]);
    await signInAs(page, env.collector.owner);
    expect(await page.evaluate(() => [document.cookie, Object.keys(localStorage).length, JSON.stringify({ ...sessionStorage })])).toEqual(['', 0, '{}']);
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: 'tp_session', httpOnly: true, sameSite: 'Strict' });
    // The CSP the collector sends with it: only its own scripts and styles.
    const res = await fetch(`${env.collector.url}/dashboard/`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it("opening a page's address asks who is signed in and downloads that page's chunk at once, not one after the other", async () => {
    const page = await signedIn();
    await page.goto('about:blank');
    // The session's answer is held back until the Experiments chunk has been asked for: were
    // the two a chain, the chunk would never be asked for and the page never drawn.
    let chunkAsked!: () => void;
    const chunk = new Promise<void>((resolve) => {
      chunkAsked = resolve;
    });
    page.on('request', (r) => /\/ExperimentsPage-[\w-]+\.js$/.test(r.url()) && chunkAsked());
    await page.route('**/v1/auth/session', async (route) => {
      await chunk;
      await route.continue();
    });
    await page.goto(`${env.collector.url}/dashboard/#/experiments`);
    await page.getByRole('heading', { level: 1, name: 'Experiments' }).waitFor();
    await page.locator('.card').first().waitFor();
    expect((page as any).errors).toEqual([]);
    await page.context().close();
  });

  it('on a 320 px wide phone no page scrolls sideways, and axe finds nothing (WCAG reflow)', async () => {
    const page = await signedIn();
    await page.setViewportSize({ width: 320, height: 700 });
    const names = await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents();
    expect(names.length).toBeGreaterThan(8);
    const wide: string[] = [];
    for (const name of names) {
      await go(page, name);
      // (Once what the page loads has arrived: no "Loading" left.)
      await expect.poll(() => page.getByText('Loading…').count()).toBe(0);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 320)
        wide.push(
          `${name}: ${width} px`,
          ...(await page.evaluate(() =>
            [...document.querySelectorAll('main *')]
              .filter((e) => e.getBoundingClientRect().right > 321 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > 321))
              .slice(0, 3)
              .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
          )),
        );
      const violations = await axeViolations(page);
      if (violations.length) wide.push(`${name}: ${JSON.stringify(violations)}`);
    }
    expect(wide).toEqual([]);
  });

  it("every page shows the seeded numbers; axe finds nothing (and the docs' screenshots, with SCREENSHOTS=1)", async () => {
    const page = await signedIn();
    // Overview: 220 active users over the range, content reach.
    const overview = page.getByRole('main');
    await overview.getByRole('img', { name: /Active users per day: 30 days, peak/ }).waitFor();
    expect(await overview.getByRole('row', { name: /welcome flow 10 5 50%/ }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'overview');

    await go(page, 'Adoption');
    await page.getByRole('list', { name: 'Features by adoption' }).waitFor();
    expect(
      await page
        .getByRole('list', { name: 'Features by adoption' })
        .getByRole('listitem')
        .evaluateAll((items) => items.map((i) => i.getAttribute('aria-label'))),
    ).toEqual(['Export a report: 5.5%, 12 users, new', 'Filters: 2.3%, 5 users, new', 'Invite teammates: 0.9%, 2 users, new']);
    await page.getByLabel('Account tier').selectOption('high');
    await expect.poll(() => page.getByText(/active users in range/).textContent()).toBe('7 active users in range.');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'adoption');

    await go(page, 'Flows');
    const funnel = page.getByRole('list', { name: 'Funnel of Welcome tour' });
    await funnel.waitFor();
    expect(await funnel.getByRole('listitem').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')))).toEqual([
      'Started: 10',
      'Step 1: hello: 10',
      'Step 2: add: 8, −20%',
      'Step 3: done: 6, −25%',
      'Completed: 5',
    ]);
    expect(await page.locator('.stats').textContent()).toContain('50% completed30% dismissed10 started');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'flows');

    await go(page, 'Experiments');
    await page.getByRole('heading', { name: 'export-copy' }).waitFor();
    await expect.poll(() => page.locator('.verdict').textContent()).toBe('Variant B wins: +200% over Variant A (p < 0.001).');
    expect(await page.getByRole('row', { name: /^Variant B Title: Save hours with Export 100 30 30%/ }).count()).toBe(1);
    // Variant B's interval of the difference, drawn as a bar (9.3 to 30.7 points, all above zero).
    expect(await page.getByRole('img', { name: 'from +9.3% to +31%', exact: true }).getAttribute('class')).toBe('interval win');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'experiments');

    await go(page, 'Surveys');
    await expect.poll(() => page.locator('.big').textContent()).toBe('20');
    expect(
      await page
        .getByRole('list', { name: 'Scores from 0 to 10' })
        .getByRole('listitem')
        .evaluateAll((items) => items.map((i) => i.getAttribute('aria-label'))),
    ).toEqual(['0: 1', '1: 0', '2: 0', '3: 1', '4: 0', '5: 1', '6: 0', '7: 1', '8: 1', '9: 3', '10: 2']);
    expect(await page.locator('.comments li').allTextContents()).toEqual([
      expect.stringContaining('Export saves me an hour a week'),
      expect.stringContaining('Too slow on big lists'),
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'surveys');

    await go(page, 'Accounts');
    const table = page.getByRole('table');
    await table.waitFor();
    const order = () => table.locator('tbody th').evaluateAll((cells) => cells.map((c) => c.textContent!.split(' ')[0]));
    expect(await order()).toEqual(['globex', 'initech', 'acme']);
    // Globex slid against the window before; the others have no earlier window (no trend).
    await page.getByRole('button', { name: /Trend/ }).click();
    expect(await order()).toEqual(['globex', 'acme', 'initech']);
    expect(
      await table
        .getByRole('row', { name: /globex/ })
        .getByRole('cell')
        .nth(2)
        .textContent(),
    ).toMatch(/^-\d+$/);
    await page.getByRole('button', { name: /Tier/ }).click();
    expect(await order()).toEqual(['acme', 'globex', 'initech']);
    expect(await page.getByRole('img', { name: /^acme scores: 50, 51/ }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'accounts');
    expect((page as any).errors).toEqual([]);
  });

  it('content: a draft is saved validated (errors at their JSON paths), its changes are listed and shown again before Publish; a rollback asks first', async () => {
    const page = await signedIn('dark');
    await go(page, 'Content');
    const editor = page.getByLabel('Content document (JSON)');
    await expect.poll(async () => (await editor.inputValue()).includes('"export-copy"')).toBe(true);
    const original = JSON.parse(await editor.inputValue());
    await editor.fill(JSON.stringify({ ...original, flows: [{ id: 'welcome', steps: [{ id: 'a', target: 'button[' }] }] }, null, 2));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('flows[0].steps[0].target');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'content');
    const secret = { authorization: `Bearer ${env.collector.secretKey}` };
    const versions = async () => (await (await fetch(`${env.collector.url}/v1/content/versions`, { headers: secret })).json()).versions.length;
    const before = await versions();
    const live = async () => (await (await fetch(`${env.collector.url}/v1/content?key=${env.collector.writeKey}`)).json()) as { surveys?: unknown[] };

    // A valid change is saved as a draft: users do not get it, and the page lists what it changes.
    await editor.fill(JSON.stringify({ ...original, surveys: [] }, null, 2));
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.getByText('Valid: ready to save.').waitFor();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText(/^Draft saved/).waitFor();
    const pending = page.getByRole('region', { name: 'Not yet published' });
    await pending.getByText('Removed surveys › nps').waitFor();
    expect(await versions()).toBe(before);
    expect((await live()).surveys).toHaveLength(1);

    // Publish shows the changes again and asks; cancelled, nothing is published.
    await page.getByRole('button', { name: 'Publish…' }).click();
    let dialog = page.getByRole('dialog', { name: 'Publish these changes to every user?' });
    await dialog.getByText('Removed surveys › nps').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await versions()).toBe(before);
    // Focus is back on what opened the dialog (was: on the body).
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Publish…');
    await page.getByRole('button', { name: 'Publish…' }).click();
    await dialog.getByText('Removed surveys › nps').waitFor();
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await page.getByText(/Published as version/).waitFor();
    expect(await versions()).toBe(before + 1);
    expect((await live()).surveys).toEqual([]);
    await pending.getByText('No changes.').waitFor();

    // Rolling back shows what it changes and asks; confirmed, the surveys are back for users.
    await page.getByRole('button', { name: `Roll back to ${before}` }).click();
    dialog = page.getByRole('dialog', { name: `Roll back to version ${before}? This changes:` });
    await dialog.getByText('Added surveys › nps').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await live()).surveys).toEqual([]);
    await page.getByRole('button', { name: `Roll back to ${before}` }).click();
    await dialog.getByRole('button', { name: `Roll back to version ${before}` }).click();
    await page.getByText(new RegExp(`Rolled back: version ${before} is live again`)).waitFor();
    expect((await live()).surveys).toHaveLength(1);
  });

  it('typing in the JSON while the forms load goes on where it was: the forms arriving keep its focus and caret', async () => {
    const page = await signedIn();
    // The forms' chunk is held back until the PM is typing in the JSON shown meanwhile.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let asked = false;
    await page.route(/\/ContentEditor-[\w-]+\.js$/, async (route) => {
      asked = true;
      await held;
      await route.continue();
    });
    await go(page, 'Content');
    const editor = page.getByLabel('Content document (JSON)');
    await expect.poll(async () => (await editor.inputValue()).includes('"export-copy"')).toBe(true);
    await editor.focus();
    await editor.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(1, 1));
    await page.keyboard.type(' ');
    // Typed in the stand-in: the forms' chunk was asked for and is still held back.
    expect([asked, await page.locator('.editor-forms').count()]).toEqual([true, 0]);
    release();
    await page.locator('.editor-forms').waitFor();
    const caret = () => page.evaluate(() => [document.activeElement?.id, (document.activeElement as HTMLTextAreaElement).selectionStart]);
    expect(await caret()).toEqual(['content-json', 2]);
    await page.keyboard.type('  ');
    expect((await editor.inputValue()).slice(0, 4)).toBe('{   ');
    expect(await caret()).toEqual(['content-json', 4]);
    expect((page as any).errors).toEqual([]);
    await page.context().close();
  });

  it('content: Preview and "Edit in your app" open the app (its URL remembered for the project) with a preview token or a builder session', async () => {
    env.pages['/plain-app'] = '<!doctype html><html lang="en"><head><title>App</title></head><body><main><h1>App</h1></main></body></html>';
    const page = await signedIn();
    await go(page, 'Content');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter the URL of a page of your app');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('app-url');
    // Marked invalid for screen readers too, until it changes.
    expect(await page.getByLabel("Your app's URL").getAttribute('aria-invalid')).toBe('true');
    const appUrl = `${env.host.origin}/plain-app`;
    await page.getByLabel("Your app's URL").fill(appUrl);
    expect(await page.getByLabel("Your app's URL").getAttribute('aria-invalid')).toBeNull();
    const opened = async (button: string) => {
      const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: button }).click()]);
      await popup.waitForLoadState('load');
      const url = popup.url();
      await popup.close();
      return url;
    };
    const preview = await opened('Preview');
    expect(preview).toMatch(new RegExp(`^${appUrl}#touchpoint-preview=tpp_[\\w-]+$`));
    // The token shows the draft to the SDK.
    const token = new URL(preview).hash.split('=')[1];
    expect((await fetch(`${env.collector.url}/v1/content?key=${env.collector.writeKey}&preview=${token}`)).headers.get('x-touchpoint-preview')).toBe('draft');
    expect(await opened('Edit in your app')).toMatch(new RegExp(`^${appUrl}#touchpoint-builder=tpb_[\\w-]+$`));
    expect(await axeViolations(page)).toEqual([]);
    // Remembered for the project: asked once.
    await page.reload();
    await go(page, 'Content');
    expect(await page.getByLabel("Your app's URL").inputValue()).toBe(appUrl);
  });
});
