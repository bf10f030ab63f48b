import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { CLI } from './support/collector.js';
import { openDashboard, signInAs, type Member } from './support/dashboard-sign-in.js';
import { e2eEnvironment } from './support/env.js';

// Teams in the dashboard (CONTRACT §8): signing in, invitations, roles, the audit log, keys,
// staging and promotion, in Chromium against the built collector.
const env = e2eEnvironment();

async function newPage(): Promise<Page> {
  // bypassCSP: axe-core is injected as an inline script.
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 860 }, bypassCSP: true });
  return context.newPage();
}

const owner = (): Member => env.collector.owner;
const nav = (page: Page) => page.getByRole('navigation', { name: 'Pages' });
const go = async (page: Page, name: string) => {
  await nav(page).getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
};

/** A member made with the CLI, as an operator makes the first owner: their one-time password. */
function createWithCli(email: string, role: string): Member {
  const out = spawnSync(process.execPath, [CLI, 'user', 'create', email, '--role', role, '--db', env.collector.dbPath], { encoding: 'utf8' });
  expect(out.status, out.stderr).toBe(0);
  const password = /^password: (\S+)$/m.exec(out.stdout)?.[1];
  expect(password).toBeTruthy();
  return { email, password: password! };
}

describe('dashboard: teams', () => {
  it("refuses a wrong password in the collector's words; a one-time password must be replaced first; axe finds nothing", async () => {
    const page = await newPage();
    await page.goto(`${env.collector.url}/dashboard/`);
    await page.getByLabel('Email').fill(owner().email);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').getAttribute('class')).toBe('error');
    expect(await axeViolations(page)).toEqual([]);

    const editor = createWithCli('ed@e2e.test', 'editor');
    await page.getByLabel('Email').fill(editor.email);
    await page.getByLabel('Password', { exact: true }).fill(editor.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Current password').fill(editor.password);
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('New password again').fill('short');
    await page.getByRole('button', { name: 'Save the password' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('At least 10 characters.');
    await page.getByLabel('New password', { exact: true }).fill('a long enough passphrase');
    await page.getByLabel('New password again').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Save the password' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    // An editor: no owner pages.
    expect(await nav(page).getByRole('link').allTextContents()).toEqual([
      'Overview',
      'Adoption',
      'Flows',
      'Experiments',
      'Journeys',
      'Surveys',
      'Accounts',
      'Content',
    ]);

    // The new password signs in; the one-time one no longer does.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await signInAs(page, { email: editor.email, password: 'a long enough passphrase' });
  });

  it('an owner invites a viewer; the link signs them in; a viewer is offered no owner pages and no content controls', async () => {
    const page = await newPage();
    await openDashboard(page, env.collector.url, owner());
    await go(page, 'Team');
    await page.getByRole('row', { name: new RegExp(owner().email) }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const invite = page.getByRole('region', { name: 'Invite a member' });
    await invite.getByLabel('Email').fill('viewer@e2e.test');
    await invite.getByLabel('Role').selectOption('viewer');
    await invite.getByRole('button', { name: 'Invite' }).click();
    const link = await page.getByRole('textbox', { name: 'Invitation link for viewer@e2e.test' }).inputValue();
    expect(link).toMatch(new RegExp(`^${env.collector.url}/dashboard/#/invite/\\S+$`));
    await page.getByRole('row', { name: /viewer@e2e\.test.*Invited/ }).waitFor();

    const invited = await newPage();
    await invited.goto(link);
    await invited.getByRole('heading', { name: 'Join e2e as Viewer' }).waitFor();
    expect(await axeViolations(invited)).toEqual([]);
    await invited.getByLabel('New password', { exact: true }).fill('viewer passphrase');
    await invited.getByLabel('New password again').fill('viewer passphrase');
    await invited.getByRole('button', { name: 'Join' }).click();
    await invited.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(await nav(invited).getByRole('link').allTextContents()).not.toContain('Team');
    await go(invited, 'Content');
    await invited.getByRole('heading', { name: 'Versions' }).waitFor();
    expect(await invited.getByRole('button', { name: 'Save draft' }).count()).toBe(0);

    // The link worked once.
    const again = await newPage();
    await again.goto(link);
    await expect.poll(() => again.getByRole('alert').textContent()).toContain('expired or was already used');

    // The owner sees them active, and changes their role.
    await page.reload();
    await page.getByRole('row', { name: /viewer@e2e\.test.*Active/ }).waitFor();
    // Picking in the list changes nothing (arrow keys pick at each key): the button beside it does.
    const roleOf = page.getByLabel('Role of viewer@e2e.test');
    const changes: string[] = [];
    page.on('request', (r) => r.method() === 'PATCH' && changes.push(r.postData() ?? ''));
    await roleOf.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    // The list moved two roles down, and no change was asked for (was: one PATCH a key).
    await expect.poll(() => roleOf.inputValue()).not.toBe('viewer');
    expect(changes).toEqual([]);
    await roleOf.selectOption('editor');
    await page.getByRole('button', { name: 'Change role Role of viewer@e2e.test' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('viewer@e2e.test is now Editor.');
    expect(changes).toEqual(['{"role":"editor"}']);
    await expect.poll(() => roleOf.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByRole('button', { name: /^Change role/ }).count()).toBe(0);

    // The audit log says who did it.
    await go(page, 'Audit log');
    await page.getByRole('row', { name: new RegExp(`${owner().email}.*Invited a member.*viewer@e2e\\.test`) }).waitFor();
    await page.getByLabel('Action').selectOption('user.role');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('rotating the secret key shows the new one once; the old one works through the grace period', async () => {
    const page = await newPage();
    await openDashboard(page, env.collector.url, owner());
    await go(page, 'Keys and environments');
    await page.getByLabel('Keys to rotate').selectOption('secret');
    await page.getByRole('button', { name: 'Rotate now' }).click();
    const fresh = await page.getByRole('textbox', { name: 'Secret key (for your servers)' }).inputValue();
    expect(fresh).toMatch(/^sk_/);
    expect(await axeViolations(page)).toEqual([]);
    for (const key of [env.collector.secretKey, fresh])
      expect((await fetch(`${env.collector.url}/v1/project`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    // The list shows the old key until when it works, never a whole secret.
    await page.reload();
    await page.getByText(/valid until/).waitFor();
    expect(await page.locator('main').textContent()).not.toContain(fresh);
  });

  it("staging's content is promoted to production after the diff is shown", async () => {
    const staging = (await (
      await fetch(`${env.collector.url}/v1/project/staging`, { method: 'POST', headers: { authorization: `Bearer ${env.collector.secretKey}` } })
    ).json()) as { id: number; writeKey: string; secretKey: string };
    const doc = { version: 1, messages: [{ id: 'hello', kind: 'banner', body: 'Hello from staging' }] };
    const put = await fetch(`${env.collector.url}/v1/content`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${staging.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(doc),
    });
    expect(put.status).toBe(200);

    const page = await newPage();
    await openDashboard(page, env.collector.url, owner());
    await page.getByLabel('Environment').selectOption('staging');
    await go(page, 'Promote to production');
    await page.getByRole('listitem').filter({ hasText: 'hello' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Promote to production' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Promoted: production runs version \d+\.$/);
    const live = (await (await fetch(`${env.collector.url}/v1/content?key=${env.collector.writeKey}`)).json()) as { messages?: Array<{ id: string }> };
    expect(live.messages?.map((m) => m.id)).toEqual(['hello']);
  });

  it('signing out everywhere ends the other sessions: their next request shows the sign-in form and says why', async () => {
    const first = await newPage();
    const second = await newPage();
    await openDashboard(first, env.collector.url, owner());
    await openDashboard(second, env.collector.url, owner());
    await first.getByRole('button', { name: 'Sign out everywhere' }).click();
    await first.getByRole('button', { name: 'Sign in' }).waitFor();
    await nav(second).getByRole('link', { name: 'Adoption' }).click();
    await second.getByText('Your session ended. Sign in again.').waitFor();
  });
});
