import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../server.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import Fastify from 'fastify';
import { registerSdkRoutes } from './sdk-bundle.js';
import { firstVisitPrelude, HINT_WAIT_MS, hintFiles, type Manifest, manifestBeside, rememberedPerKey } from './sdk-first-visit.js';

const VERSION: string = createRequire(import.meta.url)('@touchpoint/sdk/package.json').version;
const BUNDLE = 'console.log("touchpoint");';
const running: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((stop) => stop()));
});

/**
 * The built files as a collector finds them: the script tag's bundle (BUNDLE), the engine with
 * its presenter chunk, and the UI with a message chunk that imports a chunk of its own, each
 * build with its manifest.
 */
function built(dir: string) {
  const files: Record<string, string> = {
    'touchpoint.js': BUNDLE,
    'engine/engine.js': 'export const present = () => import("./presenter-AbCdEf12.js");',
    'engine/presenter-AbCdEf12.js': 'export {};',
    'engine/.vite/manifest.json': JSON.stringify({
      'src/engine.ts': { file: 'engine.js', name: 'engine', isEntry: true, dynamicImports: ['src/presenter.ts'] },
      'src/presenter.ts': { file: 'presenter-AbCdEf12.js', name: 'presenter', isDynamicEntry: true, imports: ['src/engine.ts'] },
    }),
    'ui/ui.js': 'export const m = () => import("./messages-M3ssag3s.js");',
    'ui/messages-M3ssag3s.js': 'import "./adopt-Ad0pt1.js"; export {};',
    'ui/adopt-Ad0pt1.js': 'export {};',
    'ui/.vite/manifest.json': JSON.stringify({
      _adopt: { file: 'adopt-Ad0pt1.js', name: 'adopt' },
      'src/index.ts': { file: 'ui.js', name: 'index', isEntry: true, dynamicImports: ['src/messages.tsx'] },
      'src/messages.tsx': { file: 'messages-M3ssag3s.js', name: 'messages', isDynamicEntry: true, imports: ['src/index.ts', '_adopt'] },
    }),
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { '/sdk.js': join(dir, 'touchpoint.js'), '/sdk/engine.js': join(dir, 'engine/engine.js'), '/sdk/ui.js': join(dir, 'ui/ui.js') };
}

/** A collector serving `built` files. */
async function start() {
  const dir = mkdtempSync(join(tmpdir(), 'tp-first-visit-'));
  const sdkAssets = built(dir);
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins: [] });
  const app = await buildServer({
    store,
    sdkAssets,
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
    // A message with a page trigger as well: its chunk, and the chunk that imports, are fetched ahead too.
    await c.publish({
      version: 1,
      flows: [{ id: 'welcome', trigger: { on: 'page', url: '/app' }, steps }],
      messages: [{ id: 'hi', kind: 'modal', title: 'Hi', trigger: { on: 'page', url: '/' } }],
    });
    const withMessage = await c.script('?key=wk_test');
    const files = ['ui.js', 'presenter-AbCdEf12.js', 'messages-M3ssag3s.js', 'adopt-Ad0pt1.js'];
    expect(withMessage.text).toBe(firstVisitPrelude(VERSION, files) + BUNDLE);
    expect(withMessage.etag).not.toBe(hinted.etag);
    for (const file of files) expect((await fetch(`${c.url}/sdk/${VERSION}/${file}`)).status).toBe(200);
    // Unpublished by a publish without page triggers: the next request says so (the cache is dropped on publish).
    await c.publish({ version: 1, messages: [{ id: 'm', kind: 'banner', title: 'Hi', trigger: { on: 'event', event: 'Paid' } }] });
    expect(await c.script('?key=wk_test')).toEqual(plain);
  });
});

describe('hintFiles', () => {
  const engine: Manifest = { e: { file: 'engine.js', isEntry: true }, p: { file: 'presenter-P.js', name: 'presenter', isDynamicEntry: true, imports: ['e'] } };
  const ui: Manifest = {
    i: { file: 'ui.js', isEntry: true },
    s: { file: 'surveys-S.js', name: 'surveys', isDynamicEntry: true, imports: ['i', 'a', 'w'] },
    d: { file: 'dock-chunk-D.js', name: 'dock-chunk', isDynamicEntry: true, imports: ['i', 'a', 'w'], dynamicImports: ['r'] },
    r: { file: 'resources-R.js', name: 'resources', isDynamicEntry: true, imports: ['a', 'i', 'w'] },
    a: { file: 'adopt-A.js' },
    w: { file: 'widget-strings-W.js' },
  };

  it("names the UI and the presenter, then each kind's chunk with what it imports, each file once; never what waits for a click", () => {
    expect(hintFiles(['steps'], engine, ui)).toEqual(['ui.js', 'presenter-P.js']);
    // What the presenter imports (a chunk it shares with another of the engine's chunks), never the engine itself.
    const sharing: Manifest = { ...engine, p: { ...engine.p!, imports: ['e', 's'] }, s: { file: 'shared-S.js' } };
    expect(hintFiles(['steps'], sharing, ui)).toEqual(['ui.js', 'presenter-P.js', 'shared-S.js']);
    expect(hintFiles(['surveys', 'dock'], engine, ui)).toEqual([
      'ui.js',
      'presenter-P.js',
      'surveys-S.js',
      'adopt-A.js',
      'widget-strings-W.js',
      'dock-chunk-D.js',
    ]);
    // A kind whose chunk is not in this build (no messages here): the files every kind needs.
    expect(hintFiles(['messages'], engine, ui)).toEqual(['ui.js', 'presenter-P.js']);
  });

  it("names nothing without both builds' manifests, the presenter or the UI", () => {
    expect(hintFiles(['steps'], undefined, ui)).toBeUndefined();
    expect(hintFiles(['steps'], engine, undefined)).toBeUndefined();
    expect(hintFiles(['steps'], { e: engine.e! }, ui)).toBeUndefined();
    expect(hintFiles(['steps'], engine, { s: ui.s! })).toBeUndefined();
  });
});

describe('manifestBeside', () => {
  it("reads the manifest of an entry's build, and nothing that is not one (then no hint: the plain script)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-manifest-'));
    running.push(async () => rmSync(dir, { recursive: true, force: true }));
    const assets = built(dir);
    expect(manifestBeside(assets['/sdk/ui.js'])?.['src/index.ts']?.file).toBe('ui.js');
    expect(manifestBeside(join(dir, 'none', 'ui.js'))).toBeUndefined();
    expect(manifestBeside(undefined)).toBeUndefined();
    for (const text of [
      '{',
      'null',
      '[1]',
      '"x"',
      '{"a":null}',
      '{"a":{"file":1}}',
      '{"a":{"file":"a.js","imports":"b"}}',
      '{"a":{"file":"a.js","imports":[1]}}',
    ]) {
      writeFileSync(join(dir, 'ui/.vite/manifest.json'), text);
      expect(manifestBeside(assets['/sdk/ui.js']), text).toBeUndefined();
    }
  });
});

describe('the hint in a page', () => {
  /**
   * Runs the hint as a page would: `localStorage` holding `stored`, the script tag's `src` and
   * `data-host`; then the SDK's first run (which stores an anonymous id), then the microtasks.
   * `duringScript`: what was fetched before the SDK's first run was over.
   */
  function run(stored: Record<string, string>, src: string, host?: string, storage: 'works' | 'throws' = 'works') {
    const fetched: string[] = [];
    const microtasks: Array<() => void> = [];
    const page = {
      queueMicrotask: (task: () => void) => microtasks.push(task),
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
    const duringScript = [...fetched];
    stored['tp.aid'] = '"minted"';
    for (const task of microtasks) task();
    return { fetched, duringScript, globals: Object.keys(page).sort() };
  }

  it('on a first visit fetches the UI and the presenter where the SDK imports them from, after its first run, and leaves no global behind', () => {
    expect(run({}, 'https://collector.example/sdk.js?key=wk')).toEqual({
      fetched: ['https://collector.example/sdk/9.9.9/ui.js', 'https://collector.example/sdk/9.9.9/presenter-X.js'],
      // Nothing before the SDK's first run has sent the content's request.
      duringScript: [],
      globals: ['URL', 'document', 'fetch', 'localStorage', 'queueMicrotask'],
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
    const app = Fastify();
    // A database that never answers.
    registerSdkRoutes(app, built(dir), () => new Promise<never>(() => {}));
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
