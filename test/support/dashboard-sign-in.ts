import type { Page } from 'playwright-core';

/** Who signs in: the owner `startCollector` made, or another member. */
export interface Member {
  email: string;
  password: string;
}

/** The sign-in form's words in each language the dashboard speaks. */
const WORDS = {
  en: { email: 'Email', password: 'Password', signIn: 'Sign in' },
  ja: { email: 'メールアドレス', password: 'パスワード', signIn: 'ログイン' },
} as const;

/**
 * Signs in on the dashboard's sign-in form (the page must show it) as `member`, and waits
 * until the first page's heading is drawn.
 */
export async function signInAs(page: Page, member: Member, options: { lang?: keyof typeof WORDS; heading?: string } = {}): Promise<void> {
  const words = WORDS[options.lang ?? 'en'];
  await page.getByLabel(words.email).fill(member.email);
  await page.getByLabel(words.password, { exact: true }).fill(member.password);
  await page.getByRole('button', { name: words.signIn }).click();
  await page.getByRole('heading', { level: 1, name: options.heading ?? (options.lang === 'ja' ? '概要' : 'Overview') }).waitFor();
}

/** Opens the dashboard at `path` (`/dashboard/` by default) and signs in as `member`. */
export async function openDashboard(page: Page, url: string, member: Member, path = '/dashboard/'): Promise<void> {
  await page.goto(`${url}${path}`);
  await signInAs(page, member);
}
