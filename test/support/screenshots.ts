import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/**
 * Where the docs' screenshots go, when this run takes them: only with `SCREENSHOTS=1` (what
 * `pnpm screenshots` sets). They are tracked files whose bytes differ on every run, so an
 * ordinary `pnpm test` leaves them alone.
 */
export const SCREENSHOTS_DIR = process.env.SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : undefined;

/** Saves the whole page as `docs/screenshots/NAME.png` when this run takes screenshots. */
export async function docsScreenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS_DIR) return;
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS_DIR}${name}.png`, fullPage: true });
}
