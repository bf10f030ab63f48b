import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium with the flags this sandbox needs (no background networking: the network is closed). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The install snippet of CONTRACT §2, verbatim. */
export const SNIPPET = `!function(w,t){t=w.touchpoint=w.touchpoint||{q:[]};["identify","group","track","page","reset","startFlow","show","consent","openResourceCenter"].forEach(function(m){t[m]=t[m]||function(){t.q.push([m,[].slice.call(arguments)])}})}(window);`;

/** A host page on its own origin (another port than the collector's, as in production). */
export async function serveHostPages(
  pages: Record<string, string | { html: string; headers: Record<string, string> }>,
): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/sdk.js') {
      // Vendors may serve the bundle from their own origin or CDN, with data-host set.
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(SDK_BUNDLE));
      return;
    }
    const page = pages[path];
    if (page === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    const { html, headers } = typeof page === 'string' ? { html: page, headers: {} } : page;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The built script-tag bundle. */
export const SDK_BUNDLE = fileURLToPath(import.meta.resolve('@touchpoint/sdk/script'));

/**
 * A page with the snippet, some inline calls, and the script tag loading /sdk.js from the
 * collector, or with `selfHosted` from the page's own origin with `data-host`. `body`,
 * `head` and `html` (attributes of <html>) shape the page around it.
 */
export function hostPage(
  collectorUrl: string,
  writeKey: string,
  inline = '',
  options: { selfHosted?: boolean; body?: string; head?: string; html?: string; attributes?: string; keyInUrl?: boolean } = {},
): string {
  const extra = options.attributes ?? '';
  // keyInUrl: the script URL carries the key too, for the collector's first-visit hint.
  const query = options.keyInUrl ? `?key=${writeKey}` : '';
  const tag = options.selfHosted
    ? `<script async src="/sdk.js" data-key="${writeKey}" data-host="${collectorUrl}" ${extra}></script>`
    : `<script async src="${collectorUrl}/sdk.js${query}" data-key="${writeKey}" ${extra}></script>`;
  return `<!doctype html><html lang="en" ${options.html ?? ''}><head><meta charset="utf-8"><title>Host app</title>
<script>${SNIPPET}</script>
<script>${inline}</script>
${tag}${options.head ?? ''}
</head><body>${options.body ?? '<h1>Host app</h1>'}</body></html>`;
}

/** Resolves once the SDK on `page` has its content (`touchpoint.ready`): it then knows whether consent is required. */
export function sdkReady(page: import('playwright-core').Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => (window as any).touchpoint.ready(resolve)));
}
