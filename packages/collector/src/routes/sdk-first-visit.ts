/**
 * The script tag's first-visit hint. A script URL that carries the write key
 * (`<script async src="…/sdk.js?key=WRITE_KEY" data-key="WRITE_KEY">`) lets the collector
 * answer, when the project's published content may show something as a page loads
 * (`showsOnPageLoad`), with a few statements before the SDK: on a first visit (no anonymous id
 * stored yet) they fetch the UI and the presenter into the HTTP cache beside the content and the
 * engine, where the engine's own imports then find them. A first visit's step then waits for two
 * round trips after the page (`sdk.js`, then the content, the engine, the UI and the presenter
 * together), not three. Nothing is evaluated and nothing in the page is touched: the engine still
 * decides, with the fresh content, whether anything shows (the hint is per project: a first visit
 * to a page whose triggers are elsewhere fetches 18 KB it does not run, cached for later).
 */
import { ANONYMOUS_ID_KEY } from '@touchpoint/content';

/** The longest `?key=` looked up: write keys are far shorter; anything longer gets the plain script. */
export const MAX_HINT_KEY_LENGTH = 128;

/** How long the script waits for the hint's lookup before it is sent without the hint. */
export const HINT_WAIT_MS = 100;

/**
 * The statements put before the SDK: they resolve the chunks' URLs as the SDK does
 * (`data-host`, else the script's origin, then `/sdk/<version>/`, against the script's URL, as
 * its `import()` resolves them) and fetch them with the
 * defaults of a module import (CORS, credentials same-origin), so that the import is answered
 * from the same cache entry. In a function of their own (no global), and unable to throw or to
 * leave a rejected promise in the page.
 */
export function firstVisitPrelude(version: string, files: readonly string[]): string {
  return `!function(){try{var s=document.currentScript;if(!s||localStorage.getItem(${JSON.stringify(ANONYMOUS_ID_KEY)}))return;var b=(s.getAttribute("data-host")||new URL(s.src).origin).replace(/\\/+$/,"")+${JSON.stringify(`/sdk/${version}/`)};${JSON.stringify(files)}.forEach(function(f){fetch(new URL(b+f,s.src).href).then(function(r){return r.blob()}).catch(function(){})})}catch(e){}}();\n`;
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
