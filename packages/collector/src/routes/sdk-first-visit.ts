/**
 * The script tag's first-visit hint. A script URL that carries the write key
 * (`<script async src="…/sdk.js?key=WRITE_KEY" data-key="WRITE_KEY">`) lets the collector
 * answer, when the project's published content may show something as a page loads
 * (`pageLoadShows`), with a few statements before the SDK: on a first visit (no anonymous id
 * stored yet) they fetch the UI, the presenter and the chunks that draw what may show (a
 * message's, a survey's, the dock's, with what each imports) into the HTTP cache beside the
 * content and the engine, where the imports then find them. A first visit's step, message,
 * survey or checklist then waits for two round trips after the page (`sdk.js`, then the
 * content, the engine and those files together), not three to five. Nothing is evaluated and
 * nothing in the page is touched: the engine still decides, with the fresh content, whether
 * anything shows (the hint is per project: a first visit to a page whose triggers are elsewhere
 * fetches 18 KB or more it does not run, cached for later).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ANONYMOUS_ID_KEY, type PageLoadShow } from '@touchpoint/content';

/** A Vite build manifest (`.vite/manifest.json` beside a build's files): each chunk's file and what it imports. */
export type Manifest = Record<
  string,
  { file: string; name?: string; isEntry?: boolean; isDynamicEntry?: boolean; imports?: string[]; dynamicImports?: string[] }
>;

/** The manifest of the build that made `entry` (undefined when there is none, or it cannot be read or is not one). */
export function manifestBeside(entry: string | undefined): Manifest | undefined {
  const path = entry && join(dirname(entry), '.vite', 'manifest.json');
  try {
    const read: unknown = path && existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
    const chunk = (c: unknown) => {
      const { file, imports } = (c ?? {}) as { file?: unknown; imports?: unknown };
      return typeof file === 'string' && (imports === undefined || (Array.isArray(imports) && imports.every((i) => typeof i === 'string')));
    };
    return read && typeof read === 'object' && Object.values(read).every(chunk) ? (read as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

/** The UI's chunk (by its name in the manifest) that draws each kind; steps are drawn by `ui.js` itself. */
const DRAWN_IN: Partial<Record<PageLoadShow, string>> = { messages: 'messages', surveys: 'surveys', dock: 'dock-chunk' };

/**
 * The files a first visit fetches ahead when `shows` may show: `ui.js` and the presenter
 * (whatever shows needs both), then the chunk that draws each kind; each with every chunk it
 * imports (fetched ahead too: each would otherwise be one more round trip after it), except the
 * engine, which the SDK imports itself. Each file once. Undefined without both builds'
 * manifests, or when they lack the UI or the presenter.
 */
export function hintFiles(shows: readonly PageLoadShow[], engine: Manifest | undefined, ui: Manifest | undefined): string[] | undefined {
  const named = (m: Manifest, name: string) => Object.keys(m).find((key) => m[key]!.name === name && m[key]!.isDynamicEntry);
  const presenter = engine && named(engine, 'presenter');
  const entry = ui && Object.keys(ui).find((key) => ui[key]!.isEntry && ui[key]!.file === 'ui.js');
  if (!presenter || !entry) return undefined;
  const files = new Set<string>();
  const add = (m: Manifest, key: string) => {
    const chunk = m[key];
    if (!chunk || (m === engine && chunk.isEntry) || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) add(m, imported);
  };
  add(ui, entry);
  add(engine, presenter);
  for (const kind of shows) {
    const drawn = DRAWN_IN[kind];
    const key = drawn && named(ui, drawn);
    if (key) add(ui, key);
  }
  return [...files];
}

/** The longest `?key=` looked up: write keys are far shorter; anything longer gets the plain script. */
export const MAX_HINT_KEY_LENGTH = 128;

/** How long the script waits for the hint's lookup before it is sent without the hint. */
export const HINT_WAIT_MS = 100;

/**
 * The statements put before the SDK: they resolve the chunks' URLs as the SDK does
 * (`data-host`, else the script's origin, then `/sdk/<version>/`, against the script's URL, as
 * its `import()` resolves them) and fetch them with the defaults of a module import (CORS,
 * credentials same-origin), so that the import is answered from the same cache entry. Whether
 * this is a first visit is read before the SDK runs (its first run may store the anonymous id); the
 * files are fetched in a microtask, once that run has sent the content's request: the first
 * `fetch` calls of a page cost the main thread a few milliseconds, which must not delay it. In a
 * function of their own (no global), and unable to throw or to leave a rejected promise in the
 * page.
 */
export function firstVisitPrelude(version: string, files: readonly string[]): string {
  return `!function(){try{var s=document.currentScript;if(!s||localStorage.getItem(${JSON.stringify(ANONYMOUS_ID_KEY)}))return;var b=(s.getAttribute("data-host")||new URL(s.src).origin).replace(/\\/+$/,"")+${JSON.stringify(`/sdk/${version}/`)};queueMicrotask(function(){try{${JSON.stringify(files)}.forEach(function(f){fetch(new URL(b+f,s.src).href).then(function(r){return r.blob()}).catch(function(){})})}catch(e){}})}catch(e){}}();\n`;
}

/**
 * `lookup` remembered for `ttlMs` per key it answered (the keys of real projects), with at most
 * `misses` lookups a `ttlMs` of keys not remembered: the script route is not rate limited (a
 * page's script must load), so a flood of made-up keys costs a bounded number of lookups and
 * leaves the known keys' answers alone; beyond the bound a new key answers undefined (the plain
 * script) until the next period. A failed lookup answers undefined.
 */
export function rememberedPerKey<T>(lookup: (key: string) => Promise<T | undefined>, o: { ttlMs: number; misses: number; now: () => number }) {
  const known = new Map<string, { at: number; answer: Promise<T | undefined> }>();
  let period = Number.NEGATIVE_INFINITY;
  let asked = 0;
  return (key: string): Promise<T | undefined> => {
    const now = o.now();
    const hit = known.get(key);
    if (hit && now - hit.at < o.ttlMs) return hit.answer;
    if (now - period >= o.ttlMs) [period, asked] = [now, 0];
    if (asked >= o.misses) return hit ? hit.answer : Promise.resolve(undefined);
    asked++;
    const answer = lookup(key).catch(() => undefined);
    known.set(key, { at: now, answer });
    // Only what a project answered stays: unknown keys take no room.
    void answer.then((value) => value === undefined && known.get(key)?.answer === answer && known.delete(key));
    return answer;
  };
}
