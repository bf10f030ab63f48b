import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { hostPage, launchChromium, serveHostPages } from './browser.js';
import { startCollector, type RunningCollector } from './collector.js';

/**
 * One Chromium, one collector and one server of host pages for a test file, started before
 * its tests and stopped after them. Put a page's HTML in `pages[path]` before opening it, or
 * open a page of the app with the SDK on it with `openSdkPage` (its browser context is closed
 * after the test).
 */
export function e2eEnvironment() {
  const env = {
    pages: {} as Parameters<typeof serveHostPages>[0],
    browser: undefined as unknown as Browser,
    collector: undefined as unknown as RunningCollector,
    host: undefined as unknown as Awaited<ReturnType<typeof serveHostPages>>,
  };
  beforeAll(async () => {
    env.browser = await launchChromium();
    env.collector = await startCollector();
    env.host = await serveHostPages(env.pages);
  });
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.host?.close();
    await env.collector?.stop();
  });
  /**
   * A host page `/NAME.html` with `body` and the script tag, in a context of its own
   * (`initScript` runs before any of the page's scripts; `inline`, after the snippet and before
   * the script tag; `attributes` go on the script tag); resolves once the SDK is up. An error
   * thrown in the page fails the test.
   */
  async function openSdkPage(
    name: string,
    body: string,
    o: { viewport?: { width: number; height: number }; initScript?: string; inline?: string; attributes?: string; html?: string } = {},
  ): Promise<Page> {
    env.pages[`/${name}.html`] = hostPage(env.collector.url, env.collector.writeKey, o.inline ?? '', { body, attributes: o.attributes, html: o.html });
    const context = await env.browser.newContext({ viewport: o.viewport ?? { width: 1024, height: 700 } });
    contexts.push(context);
    if (o.initScript) await context.addInitScript(o.initScript);
    const page = await context.newPage();
    page.on('pageerror', (e) => {
      throw e;
    });
    await page.goto(`${env.host.origin}/${name}.html`);
    await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
    return page;
  }
  return Object.assign(env, { openSdkPage });
}
