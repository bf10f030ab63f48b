/**
 * The script-tag build (`GET /sdk.js`). Reads `data-key` / `data-host` from its own tag,
 * upgrades the snippet's stub into the runtime (in place) and replays the calls queued before load,
 * in order. Loaded twice, it keeps the first runtime.
 */
import { createTouchpoint, type Touchpoint } from './runtime.js';
import type { UIModule } from './flows.js';
import type { EngineModule } from './runtime.js';
import type { ToolModule } from './tools.js';
import { VERSION } from './version.js';

type Stub = { q?: unknown[]; __touchpoint?: true } & Record<string, unknown>;

function boot() {
  const w = window as unknown as { touchpoint?: Stub };
  const stub = w.touchpoint;
  if (stub?.__touchpoint) return;
  const script = (document.currentScript ?? document.querySelector('script[data-key]')) as HTMLScriptElement | null;
  const data = script?.dataset ?? {};
  let host = data.host;
  if (!host && script?.src) host = new URL(script.src, location.href).origin;
  const base = (host ?? location.origin).replace(/\/+$/, '');
  const tp = createTouchpoint({
    key: data.key ?? '',
    host,
    debug: data.debug !== undefined && data.debug !== 'false',
    // Without data-consent, the published content's settings.consent decides.
    consent: data.consent === 'required' || data.consent === 'granted' ? data.consent : undefined,
    // Separate ES modules on the collector: the engine when there is content to run,
    // the UI when something must show. Under a path of this release, so that a cached copy
    // of another release never answers, and so that the UI's own chunks, which import
    // `./ui.js`, get this very module (a copy under another URL would be a second Preact).
    loadEngine: () => import(/* @vite-ignore */ `${base}/sdk/${VERSION}/engine.js`) as Promise<EngineModule>,
    loadUI: () => import(/* @vite-ignore */ `${base}/sdk/${VERSION}/ui.js`) as Promise<UIModule>,
    // The team's tools (builder, preview, debugger): only when the page's URL asks for one.
    loadTool: (name) => import(/* @vite-ignore */ `${base}/sdk/${VERSION}/${name}.js`) as Promise<ToolModule>,
  });
  // The stub object is upgraded in place: host code that kept a reference to it
  // (`const tp = window.touchpoint` before we loaded) reaches the runtime too.
  const queue = Array.isArray(stub?.q) ? stub.q.slice() : [];
  const api = Object.assign(stub ?? {}, tp, { __touchpoint: true as const }) as unknown as Stub & Touchpoint;
  delete api.q;
  w.touchpoint = api;
  for (const call of queue) {
    try {
      const [method, args] = call as [string, unknown[]];
      const fn = (api as unknown as Record<string, unknown>)[method];
      if (typeof fn === 'function') fn(...(Array.isArray(args) ? args : []));
    } catch {
      // A malformed queue entry must not stop the others.
    }
  }
}

try {
  boot();
} catch (e) {
  console.warn('[touchpoint] failed to start', e);
}
