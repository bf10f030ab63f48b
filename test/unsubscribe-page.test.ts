import { afterEach, expect, it } from 'vitest';
import { signUnsubscribe } from '../packages/collector/src/journeys/email/unsubscribe-token.js';
import { openSqliteStore } from '../packages/collector/src/store/sqlite-store.js';
import { axeViolations } from './support/axe.js';
import { launchChromium } from './support/browser.js';
import { startCollector, type RunningCollector } from './support/collector.js';

let collector: RunningCollector | undefined;
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
  await collector?.stop();
});

it('the unsubscribe page, in Chromium: in the browser’s language, no axe violation, and its button works from the keyboard', async () => {
  collector = await startCollector();
  const store = openSqliteStore(collector.dbPath);
  cleanup.push(() => store.close());
  const project = (await store.listProjects()).find((p) => p.writeKey === collector!.writeKey)!;
  const link = `${collector.url}/v1/unsubscribe?t=${signUnsubscribe({ projectId: project.id, userKey: 'ada' }, await store.unsubscribeSecret())}`;

  const browser = await launchChromium();
  cleanup.push(() => browser.close());
  // axe is added as a script: the page's CSP (no script at all) would refuse it.
  const context = await browser.newContext({ locale: 'ja-JP', bypassCSP: true });
  const page = await context.newPage();
  const opened = await page.goto(link);
  expect(opened?.status()).toBe(200);
  expect(await page.locator('html').getAttribute('lang')).toBe('ja');
  await expect.poll(() => page.locator('h1').textContent()).toBe('配信停止');
  expect(await axeViolations(page)).toEqual([]);
  expect(await store.unsubscribedAt(project.id, 'ada')).toBeUndefined();

  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('配信を停止する');
  // The form posts to the same URL: the answer is the page that says it is done.
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('h1').textContent()).toBe('配信を停止しました');
  expect(await axeViolations(page)).toEqual([]);
  expect(await store.unsubscribedAt(project.id, 'ada')).toEqual(expect.any(Number));

  // A cut link: the page says so, with 400.
  const cut = await page.goto(link.slice(0, -5));
  expect(cut?.status()).toBe(400);
  expect(await page.locator('h1').textContent()).toBe('このリンクは無効です');
  expect(await axeViolations(page)).toEqual([]);
});
