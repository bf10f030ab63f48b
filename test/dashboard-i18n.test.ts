import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { seedDashboard } from './support/dashboard-seed.js';
import { signInAs } from './support/dashboard-sign-in.js';
import { e2eEnvironment } from './support/env.js';

const env = e2eEnvironment();

beforeAll(async () => {
  await seedDashboard(env.collector);
}, 60_000);

/** A new tab in a browser whose language is `locale` (Playwright's default is en-US), and the scripts it fetched. */
async function open(locale?: string): Promise<{ page: Page; scripts: string[] }> {
  // bypassCSP: axe-core is injected as an inline script.
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 860 }, bypassCSP: true, ...(locale && { locale }) });
  const page = await context.newPage();
  const scripts: string[] = [];
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
  await page.goto(`${env.collector.url}/dashboard/`);
  return { page, scripts };
}

const lang = (page: Page) => page.evaluate(() => document.documentElement.lang);
const japaneseChunk = (scripts: string[]) => scripts.filter((s) => /\/assets\/ja-[\w-]+\.js$/.test(s));

describe('dashboard languages', () => {
  it('speaks Japanese to a Japanese browser on every page, switches to English and remembers it; axe finds nothing in both', async () => {
    const { page, scripts } = await open('ja-JP');
    await signInAs(page, env.collector.owner, { lang: 'ja' });
    expect(await lang(page)).toBe('ja');
    expect(japaneseChunk(scripts)).toHaveLength(1);
    const nav = page.getByRole('navigation', { name: 'ページ' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      '概要',
      '導入率',
      'フロー',
      '実験',
      'ジャーニー',
      'アンケート',
      'アカウント',
      'コンテンツ',
      '本番へ反映',
      'チーム',
      '監査ログ',
      'キーと環境',
    ]);
    await page.getByRole('img', { name: /^日別アクティブユーザー: 30 日間、最大 \d+ アクティブユーザー、合計 / }).waitFor();
    expect(await page.title()).toBe('概要 · Touchpoint');
    expect(await axeViolations(page)).toEqual([]);

    const go = async (name: string) => {
      await nav.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
    };
    await go('導入率');
    await page.getByRole('list', { name: '導入率の高い機能' }).waitFor();
    expect(await page.getByText(/^この期間のアクティブユーザー: [\d,]+ 人$/).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await go('フロー');
    const funnel = page.getByRole('list', { name: 'Welcome tour のファネル' });
    await funnel.waitFor();
    expect(await funnel.getByRole('listitem').first().getAttribute('aria-label')).toBe('開始: 10');
    expect(await page.locator('.stats').textContent()).toBe('完了率 50%中断率 30%開始 10 人');
    expect(await axeViolations(page)).toEqual([]);

    await go('実験');
    await expect.poll(() => page.locator('.verdict').textContent()).toBe('バリアント B の勝ち: バリアント A に対して +200% (p < 0.001)。');
    expect(await page.getByRole('columnheader', { name: '差の 95% 信頼区間' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await go('アカウント');
    await page.getByRole('button', { name: /推移/ }).waitFor();
    expect(await page.getByRole('heading', { name: '送信済みのアラート' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await go('コンテンツ');
    for (const name of ['検証', '下書きを保存', '公開…', 'プレビュー', 'アプリ上で編集']) await page.getByRole('button', { name }).waitFor();
    // The form editor speaks the same language (its own strings, the same pick).
    await page.getByText('問題はありません。ドキュメントは有効です。').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '公開…' }).click();
    const dialog = page.getByRole('dialog', { name: 'これらの変更をすべてのユーザーに公開しますか？' });
    await dialog.getByText('公開する変更はありません。下書きは公開中のコンテンツと同じです。').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'キャンセル' }).click();

    await page.getByLabel('言語').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Content' }).waitFor();
    expect(await lang(page)).toBe('en');
    expect(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents()).toEqual([
      'Overview',
      'Adoption',
      'Flows',
      'Experiments',
      'Journeys',
      'Surveys',
      'Accounts',
      'Content',
      'Promote to production',
      'Team',
      'Audit log',
      'Keys and environments',
    ]);
    await page.getByText('No problems: the document is valid.').waitFor();
    for (const name of ['Save draft', 'Preview', 'Edit in your app']) await page.getByRole('button', { name }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The choice outlives a reload, over the browser's Japanese.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Content' }).waitFor();
    expect(await lang(page)).toBe('en');
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('img', { name: /^Active users per day: 30 days, peak \d+ active users, total / }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('an English browser gets English and downloads no Japanese', async () => {
    const { page, scripts } = await open();
    await signInAs(page, env.collector.owner);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Content' }).click();
    await page.getByText('No problems: the document is valid.').waitFor();
    expect(await lang(page)).toBe('en');
    // The page and its editor were fetched (the list is complete), without the Japanese chunk.
    expect(scripts.some((s) => /\/assets\/ContentEditor-/.test(s))).toBe(true);
    expect(japaneseChunk(scripts)).toEqual([]);
    await page.context().close();
  });

  it('the sign-in page has the switch too: Japanese before signing in, kept after', async () => {
    const { page } = await open('en-US');
    await page.getByLabel('Language').selectOption('ja');
    await page.getByRole('button', { name: 'ログイン' }).waitFor();
    expect(await lang(page)).toBe('ja');
    expect(await page.getByLabel('メールアドレス').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await signInAs(page, env.collector.owner, { lang: 'ja' });
    await page.context().close();
  });
});
