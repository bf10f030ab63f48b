import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../server.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import Fastify from 'fastify';
import { registerSdkRoutes } from './sdk-bundle.js';
import { firstVisitPrelude, HINT_WAIT_MS, rememberedPerKey } from './sdk-first-visit.js';

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
    // A data-host without an origin resolves against the script's URL, as the SDK's import() does.
    expect(run({}, 'https://cdn.example/lib/sdk.js?key=wk', '/tp').fetched[0]).toBe('https://cdn.example/tp/sdk/9.9.9/ui.js');
  });

  it('fetches nothing on a later visit (an anonymous id is stored), nor where storage throws, and never throws itself', () => {
    expect(run({ 'tp.aid': '"a1"' }, 'https://collector.example/sdk.js?key=wk').fetched).toEqual([]);
    expect(run({}, 'https://collector.example/sdk.js?key=wk', undefined, 'throws').fetched).toEqual([]);
  });
});

describe('rememberedPerKey', () => {
  it('remembers the keys of projects for a period; made-up keys take no room and at most `misses` lookups a period', async () => {
    let now = 0;
    const looked: string[] = [];
    const project = rememberedPerKey(async (key) => (looked.push(key), key.startsWith('wk_real') ? 1 : undefined), {
      ttlMs: 10_000,
      misses: 3,
      now: () => now,
    });
    expect(await project('wk_real')).toBe(1);
    expect(await project('wk_real')).toBe(1);
    expect(looked).toEqual(['wk_real']);
    // A flood of made-up keys: two more lookups this period, then none; the real key still answers.
    for (const key of ['a', 'b', 'c', 'a']) expect(await project(key)).toBeUndefined();
    expect(looked).toEqual(['wk_real', 'a', 'b']);
    expect(await project('wk_real')).toBe(1);
    // A key of a real project not yet remembered, in a flooded period: the plain script for now…
    expect(await project('wk_real_2')).toBeUndefined();
    // …and its answer the next period; the remembered key is asked again then (a rotated key is seen).
    now = 10_000;
    expect(await project('wk_real_2')).toBe(1);
    expect(await project('wk_real')).toBe(1);
    expect(looked).toEqual(['wk_real', 'a', 'b', 'wk_real_2', 'wk_real']);
  });

  it('answers undefined when the lookup fails, and asks again later', async () => {
    let fail = true;
    const project = rememberedPerKey(
      async () => {
        if (fail) throw new Error('database down');
        return 7;
      },
      { ttlMs: 1000, misses: 10, now: () => 0 },
    );
    expect(await project('k')).toBeUndefined();
    fail = false;
    expect(await project('k')).toBe(7);
  });
});

describe('a slow lookup', () => {
  it('never holds the script: after HINT_WAIT_MS it is sent without the hint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-first-visit-'));
    writeFileSync(join(dir, 'touchpoint.js'), BUNDLE);
    writeFileSync(join(dir, 'engine.js'), 'export const present = () => import("./presenter-AbCdEf12.js");');
    writeFileSync(join(dir, 'presenter-AbCdEf12.js'), 'export {};');
    const app = Fastify();
    // A database that never answers.
    registerSdkRoutes(app, { '/sdk.js': join(dir, 'touchpoint.js'), '/sdk/engine.js': join(dir, 'engine.js') }, () => new Promise<boolean>(() => {}));
    running.push(async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const started = Date.now();
    const res = await app.inject({ method: 'GET', url: '/sdk.js?key=wk_test', headers: { 'accept-encoding': 'identity' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(BUNDLE);
    expect(Date.now() - started).toBeGreaterThanOrEqual(HINT_WAIT_MS - 5);
  });
});
