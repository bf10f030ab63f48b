import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, serveHostPages } from './browser.js';
import { startCollector, type RunningCollector } from './collector.js';

/**
 * One Chromium, one collector and one server of host pages for a test file, started before
 * its tests and stopped after them. Put a page's HTML in `pages[path]` before opening it.
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
  afterAll(async () => {
    await env.browser?.close();
    await env.host?.close();
    await env.collector?.stop();
  });
  return env;
}
