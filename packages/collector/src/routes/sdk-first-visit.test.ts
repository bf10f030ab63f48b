import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../server.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { firstVisitPrelude, rememberedPerKey } from './sdk-first-visit.js';

const VERSION: string = createRequire(import.meta.url)('@touchpoint/sdk/package.json').version;
const BUNDLE = 'console.log("touchpoint");';
const running: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((stop) => stop()));
});

/** A collector whose script tag bundle is BUNDLE, with the engine's presenter chunk beside the engine. */
async function start() {
  const dir = mkdtempSync(join(tmpdir(), 'tp-first-visit-'));
  const files: Record<string, string> = {
    'touchpoint.js': BUNDLE,
    'engine.js': 'export const present = () => import("./presenter-AbCdEf12.js");',
    'presenter-AbCdEf12.js': 'export {};',
    'ui.js': 'export {};',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins: [] });
  const app = await buildServer({
    store,
    sdkAssets: { '/sdk.js': join(dir, 'touchpoint.js'), '/sdk/engine.js': join(dir, 'engine.js'), '/sdk/ui.js': join(dir, 'ui.js') },
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  running.push(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const publish = async (document: unknown) =>
    expect(
      (
        await fetch(`${url}/v1/content`, {
          method: 'PUT',
          headers: { authorization: 'Bearer sk_test', 'content-type': 'application/json' },
          body: JSON.stringify(document),
        })
      ).status,
    ).toBe(200);
  const script = async (query = '', headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}/sdk.js${query}`, { headers: { 'accept-encoding': 'identity', ...headers } });
    return { status: res.status, etag: res.headers.get('etag'), text: await res.text() };
  };
  return { url, publish, script };
}

const steps = [{ id: 's', title: 'Hello' }];

describe('GET /sdk.js?key=: the first-visit hint', () => {
  it('puts the hint before the bundle only for a project whose published content may show something as a page loads', async () => {
    const c = await start();
    const plain = await c.script();
    expect(plain.text).toBe(BUNDLE);
    // Nothing published yet, then only content that waits for a call: the plain script.
    expect(await c.script('?key=wk_test')).toEqual(plain);
    await c.publish({ version: 1, flows: [{ id: 'later', trigger: { on: 'manual' }, steps }] });
    expect(await c.script('?key=wk_test')).toEqual(plain);

    // A page trigger (on any URL): the hint, then the same bundle, under an ETag of its own.
    await c.publish({ version: 1, flows: [{ id: 'welcome', trigger: { on: 'page', url: '/app' }, steps }] });
    const hinted = await c.script('?key=wk_test');
    expect(hinted.status).toBe(200);
    expect(hinted.text).toBe(firstVisitPrelude(VERSION, ['ui.js', 'presenter-AbCdEf12.js']) + BUNDLE);
    expect(hinted.etag).not.toBe(plain.etag);
    expect((await c.script('?key=wk_test', { 'if-none-match': hinted.etag! })).status).toBe(304);
    // The files it names are the ones the collector serves.
    for (const file of ['ui.js', 'presenter-AbCdEf12.js']) expect((await fetch(`${c.url}/sdk/${VERSION}/${file}`)).status).toBe(200);

    // Any other key, or none, gets the plain script: never an error (the page's script must load).
    for (const query of ['', '?key=wk_nope', `?key=${'w'.repeat(500)}`, '?key=', '?key=a&key=b']) expect(await c.script(query)).toEqual(plain);
    // Unpublished by a publish without page triggers: the next request says so (the cache is dropped on publish).
    await c.publish({ version: 1, messages: [{ id: 'm', kind: 'banner', title: 'Hi', trigger: { on: 'event', event: 'Paid' } }] });
    expect(await c.script('?key=wk_test')).toEqual(plain);
  });
});

describe('the hint in a page', () => {
  /** Runs the hint as a page would: `localStorage` holding `stored`, the script tag's `src` and `data-host`. */
  function run(stored: Record<string, string>, src: string, host?: string, storage: 'works' | 'throws' = 'works') {
    const fetched: string[] = [];
    const page = {
      document: { currentScript: { src, getAttribute: (name: string) => (name === 'data-host' ? (host ?? null) : null) } },
      fetch: (url: string) => {
        fetched.push(url);
        return Promise.resolve({ blob: () => Promise.resolve(new Blob()) });
      },
      URL,
    } as Record<string, unknown>;
    Object.defineProperty(page, 'localStorage', {
      enumerable: true,
      get: () => {
        if (storage === 'throws') throw new Error('SecurityError');
        return { getItem: (key: string) => stored[key] ?? null };
      },
    });
    runInNewContext(firstVisitPrelude('9.9.9', ['ui.js', 'presenter-X.js']), page);
    return { fetched, globals: Object.keys(page).sort() };
  }

  it('on a first visit fetches the UI and the presenter where the SDK imports them from, and leaves no global behind', () => {
    expect(run({}, 'https://collector.example/sdk.js?key=wk')).toEqual({
      fetched: ['https://collector.example/sdk/9.9.9/ui.js', 'https://collector.example/sdk/9.9.9/presenter-X.js'],
      globals: ['URL', 'document', 'fetch', 'localStorage'],
    });
    // data-host, as the SDK reads it (a trailing slash dropped).
    expect(run({}, 'https://cdn.example/sdk.js?key=wk', 'https://collector.example/').fetched[0]).toBe('https://collector.example/sdk/9.9.9/ui.js');
  });

  it('fetches nothing on a later visit (an anonymous id is stored), nor where storage throws, and never throws itself', () => {
    expect(run({ 'tp.aid': '"a1"' }, 'https://collector.example/sdk.js?key=wk').fetched).toEqual([]);
    expect(run({}, 'https://collector.example/sdk.js?key=wk', undefined, 'throws').fetched).toEqual([]);
  });
});

describe('rememberedPerKey', () => {
  it('looks a key up once a period, and at most `max` keys a period: a flood of made-up keys gets no answer, not more lookups', async () => {
    let now = 0;
    const looked: string[] = [];
    const project = rememberedPerKey(async (key) => (looked.push(key), key === 'wk_real' ? 1 : undefined), { ttlMs: 10_000, max: 3, now: () => now });
    expect(await project('wk_real')).toBe(1);
    expect(await project('wk_real')).toBe(1);
    expect(looked).toEqual(['wk_real']);
    for (const key of ['a', 'b', 'c', 'd']) expect(await project(key)).toBeUndefined();
    // Three keys held: the fourth was not looked up.
    expect(looked).toEqual(['wk_real', 'a', 'b']);
    now = 10_000;
    // A period later they are asked again (a key changed meanwhile is seen), room made by the expired ones.
    expect(await project('d')).toBeUndefined();
    expect(await project('wk_real')).toBe(1);
    expect(looked).toEqual(['wk_real', 'a', 'b', 'd', 'wk_real']);
  });

  it('answers undefined when the lookup fails, and asks again a period later', async () => {
    let now = 0;
    let fail = true;
    const project = rememberedPerKey(
      async () => {
        if (fail) throw new Error('database down');
        return 7;
      },
      { ttlMs: 1000, max: 10, now: () => now },
    );
    expect(await project('k')).toBeUndefined();
    fail = false;
    now = 1000;
    expect(await project('k')).toBe(7);
  });
});
