import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer, type ServerOptions } from './server.js';
import { openSqliteStore } from './store/sqlite-store.js';

const running: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((stop) => stop()));
});

/** A collector on a real port over a real SQLite file, with one project. */
async function start(options: Partial<ServerOptions> = {}, origins: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'tp-collector-'));
  const dbPath = join(dir, 'db.sqlite');
  const store = openSqliteStore(dbPath);
  const project = await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins });
  const app = await buildServer({ store, ...options });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  running.push(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url + path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'text/plain', ...headers } });
  const events = async (query = '') => {
    const res = await fetch(`${url}/v1/events${query}`, { headers: { authorization: 'Bearer sk_test' } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { events: Array<Record<string, unknown>> }).events;
  };
  return { url, app, project, dbPath, post, events };
}

const track = (event: string, extra: Record<string, unknown> = {}) => ({ type: 'track', event, userId: 'u1', ...extra });

/** Publishes a content document to the test project (secret key sk_test). */
const publishDoc = (url: string, document: unknown) =>
  fetch(`${url}/v1/content`, {
    method: 'PUT',
    headers: { authorization: 'Bearer sk_test', 'content-type': 'application/json' },
    body: JSON.stringify(document),
  });

describe('ingest', () => {
  it('stores a text/plain batch and reads it back newest first', async () => {
    const c = await start();
    const res = await c.post('/v1/batch', {
      writeKey: 'wk_test',
      batch: [track('A', { messageId: 'm1', timestamp: '2026-01-01T00:00:01Z' }), track('B', { messageId: 'm2', timestamp: '2026-01-01T00:00:02Z' })],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    const stored = await c.events();
    expect(stored.map((e) => e.event)).toEqual(['B', 'A']);
    expect(stored[0]).toMatchObject({ messageId: 'm2', userId: 'u1', type: 'track', timestamp: '2026-01-01T00:00:02.000Z' });
  });

  it('takes single messages on /v1/track, /v1/identify, /v1/page and /v1/group, as JSON with HTTP Basic', async () => {
    const c = await start();
    const basic = { authorization: `Basic ${Buffer.from('wk_test:').toString('base64')}`, 'content-type': 'application/json' };
    const bodies: Record<string, unknown> = {
      track: { event: 'A', userId: 'u1' },
      identify: { userId: 'u1', traits: { plan: 'pro' } },
      page: { anonymousId: 'a1', properties: { path: '/x' } },
      group: { userId: 'u1', groupId: 'acme' },
    };
    for (const [route, body] of Object.entries(bodies)) {
      const res = await c.post(`/v1/${route}`, body, basic);
      expect(res.status, route).toBe(200);
    }
    expect((await c.events()).map((e) => e.type).sort()).toEqual(['group', 'identify', 'page', 'track']);
  });

  it('stores a messageId once, however often it is sent', async () => {
    const c = await start();
    const batch = { writeKey: 'wk_test', batch: [track('A', { messageId: 'same' }), track('B', { messageId: 'other' })] };
    for (let i = 0; i < 3; i++) expect((await c.post('/v1/batch', batch)).status).toBe(200);
    expect((await c.events()).map((e) => e.messageId).sort()).toEqual(['other', 'same']);
  });

  it('refuses bad messages with index and path, and stores the good ones of the same batch', async () => {
    const c = await start();
    const res = await c.post('/v1/batch', {
      writeKey: 'wk_test',
      batch: [
        track('Good'),
        { type: 'track', userId: 'u1' },
        { type: 'track', event: 'No identity' },
        track('Big', { properties: { s: 'x'.repeat(33_000) } }),
        track('Good too'),
      ],
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; details: unknown[]; accepted: number };
    expect(body.details).toEqual([
      { index: 1, path: 'batch[1].event', message: 'is required' },
      { index: 2, path: 'batch[2].userId', message: 'userId or anonymousId is required' },
      { index: 3, path: 'batch[3]', message: expect.stringContaining('the limit is 32768') },
    ]);
    expect(body.accepted).toBe(2);
    expect((await c.events()).map((e) => e.event).sort()).toEqual(['Good', 'Good too']);
  });

  it('answers 400 to malformed JSON, 413 over 500 KB, 401 to unknown or missing keys', async () => {
    const c = await start();
    const malformed = await c.post('/v1/batch', '{"batch": [');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/not valid JSON/);

    const huge = await c.post('/v1/batch', {
      writeKey: 'wk_test',
      batch: Array.from({ length: 30 }, () => track('A', { properties: { s: 'x'.repeat(20_000) } })),
    });
    expect(huge.status).toBe(413);

    expect((await c.post('/v1/batch', { writeKey: 'wk_nope', batch: [track('A')] })).status).toBe(401);
    expect((await c.post('/v1/batch', { batch: [track('A')] })).status).toBe(401);
    expect((await c.post('/v1/batch', { writeKey: 'sk_test', batch: [track('A')] })).status).toBe(401);
    expect(await c.events()).toEqual([]);
  });

  it('answers 429 with Retry-After past the per-key rate, and CORS headers so browsers can read it', async () => {
    const c = await start({ rateLimit: 3 });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await c.post('/v1/batch', { writeKey: 'wk_test', batch: [track(`E${i}`)] }, { origin: 'https://app.example.com' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(last!.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(await c.events()).toHaveLength(3);
  });
});

describe('CORS', () => {
  it("answers preflights, and accepts only the project's origins when it lists some", async () => {
    const c = await start({}, ['https://app.example.com']);
    const preflight = await fetch(`${c.url}/v1/batch`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type, authorization');

    const allowed = await c.post('/v1/batch', { writeKey: 'wk_test', batch: [track('Allowed')] }, { origin: 'https://app.example.com' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');

    const denied = await c.post('/v1/batch', { writeKey: 'wk_test', batch: [track('Denied')] }, { origin: 'https://evil.example' });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();

    // Server-side senders have no Origin and are not limited by it.
    expect((await c.post('/v1/batch', { writeKey: 'wk_test', batch: [track('Server')] })).status).toBe(200);
    expect((await c.events()).map((e) => e.event).sort()).toEqual(['Allowed', 'Server']);
  });
});

describe('GET /v1/events', () => {
  it('needs the secret key: a write key or nothing gets 401', async () => {
    const c = await start();
    expect((await fetch(`${c.url}/v1/events`)).status).toBe(401);
    expect((await fetch(`${c.url}/v1/events`, { headers: { authorization: 'Bearer wk_test' } })).status).toBe(401);
    expect((await fetch(`${c.url}/v1/events`, { headers: { authorization: `Basic ${Buffer.from('sk_test:').toString('base64')}` } })).status).toBe(401);
  });

  it('filters by user and event, limits, and validates its query', async () => {
    const c = await start();
    await c.post('/v1/batch', {
      writeKey: 'wk_test',
      batch: [
        track('A', { timestamp: '2026-01-01T00:00:01Z' }),
        track('B', { timestamp: '2026-01-01T00:00:02Z' }),
        track('A', { userId: 'u2', timestamp: '2026-01-01T00:00:03Z' }),
        track('A', { timestamp: '2026-01-01T00:00:04Z' }),
      ],
    });
    expect((await c.events('?userId=u1&event=A')).map((e) => e.timestamp)).toEqual(['2026-01-01T00:00:04.000Z', '2026-01-01T00:00:01.000Z']);
    expect(await c.events('?limit=1')).toHaveLength(1);
    const bad = await fetch(`${c.url}/v1/events?limit=5000`, { headers: { authorization: 'Bearer sk_test' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ details: [{ path: 'limit' }] });
  });

  it('pages through every stored event exactly once, newest first, with next and cursor', async () => {
    const c = await start();
    // Eleven events, five of them at the same millisecond: among those, the last received first.
    const batch = Array.from({ length: 11 }, (_, i) =>
      track('Paged', { messageId: `m${String(i).padStart(2, '0')}`, timestamp: i < 5 ? '2026-01-01T00:00:05Z' : `2026-01-01T00:00:${10 + i}Z` }),
    );
    await c.post('/v1/batch', { writeKey: 'wk_test', batch });
    const auth = { headers: { authorization: 'Bearer sk_test' } };
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await fetch(`${c.url}/v1/events?event=Paged&limit=4${cursor ? `&cursor=${cursor}` : ''}`, auth);
      const body = (await res.json()) as { events: Array<{ messageId: string }>; next?: string };
      seen.push(...body.events.map((e) => e.messageId));
      cursor = body.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['m10', 'm09', 'm08', 'm07', 'm06', 'm05', 'm04', 'm03', 'm02', 'm01', 'm00']);
    for (const cursor of ['not-a-cursor', Buffer.from('["from another kind of store"]').toString('base64url')]) {
      const bad = await fetch(`${c.url}/v1/events?cursor=${cursor}`, auth);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ details: [{ path: 'cursor' }] });
    }
  });

  it('reports the messages senders had to drop', async () => {
    const c = await start();
    await c.post('/v1/batch', { writeKey: 'wk_test', dropped: 7, batch: [track('A')] });
    await c.post('/v1/batch', { writeKey: 'wk_test', dropped: 4, droppedBy: { queue_full: 1, refused: 3 }, batch: [] });
    await c.post('/v1/batch', { writeKey: 'wk_test', droppedBy: { refused: 2 }, batch: [] });
    const res = await fetch(`${c.url}/v1/events`, { headers: { authorization: 'Bearer sk_test' } });
    expect(await res.json()).toMatchObject({ clientDropped: 13, clientDroppedBy: { unspecified: 7, queue_full: 1, refused: 5 } });
  });
});

describe('storage', () => {
  it('keeps events across a restart on the same file', async () => {
    const c = await start();
    await c.post('/v1/batch', { writeKey: 'wk_test', batch: [track('Before restart')] });
    await c.app.close();
    const store = openSqliteStore(c.dbPath);
    const project = (await store.projectByWriteKey('wk_test', Date.now()))!;
    expect((await store.queryEvents(project.id, { limit: 10 })).events.map((e) => e.event)).toEqual(['Before restart']);
    await store.close();
  });
});

describe('GET /sdk.js', () => {
  it('serves the bundle with cache headers, gzip and ETag revalidation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-sdk-'));
    const bundle = join(dir, 'touchpoint.js');
    writeFileSync(bundle, 'console.log("touchpoint");'.repeat(50));
    const c = await start({ sdkAssets: { '/sdk.js': bundle, '/sdk/ui.js': bundle } });
    const res = await fetch(`${c.url}/sdk.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=86400');
    // Chunks are imported as cross-origin ES modules.
    expect((await fetch(`${c.url}/sdk/ui.js`, { headers: { origin: 'https://app.example.com' } })).headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toBe('console.log("touchpoint");'.repeat(50));
    const etag = res.headers.get('etag')!;
    expect((await fetch(`${c.url}/sdk.js`, { headers: { 'if-none-match': etag, 'accept-encoding': 'identity' } })).status).toBe(304);

    const raw = await rawGet(`${c.url}/sdk.js`, 'gzip');
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString()).toBe('console.log("touchpoint");'.repeat(50));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves brotli to a client that takes it, once made in the background (gzip meanwhile), and never to one that refuses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-sdk-'));
    const text = 'export const step = "Welcome to the tour";\n'.repeat(200);
    writeFileSync(join(dir, 'ui.js'), text);
    writeFileSync(join(dir, 'messages-AbC123xy.js'), text);
    const c = await start({ sdkAssets: { '/sdk.js': join(dir, 'ui.js'), '/sdk/ui.js': join(dir, 'ui.js') } });
    for (const path of ['/sdk.js', '/sdk/0.1.0/ui.js', '/sdk/0.1.0/messages-AbC123xy.js']) {
      const first = await rawGet(`${c.url}${path}`, 'gzip, deflate, br');
      expect(first.encoding === 'br' ? brotliDecompressSync(first.body) : gunzipSync(first.body)).toEqual(Buffer.from(text));
      await expect.poll(async () => (await rawGet(`${c.url}${path}`, 'gzip, deflate, br')).encoding).toBe('br');
      const br = await rawGet(`${c.url}${path}`, 'br');
      if (path !== '/sdk/0.1.0/messages-AbC123xy.js') {
        // One ETag per coding: a gzip copy revalidated now is sent again as brotli.
        expect(br.headers.etag).toMatch(/-br"$/);
        const gzipTag = (await rawGet(`${c.url}${path}`, 'gzip')).headers.etag as string;
        expect(gzipTag).toMatch(/-gzip"$/);
        expect((await rawGet(`${c.url}${path}`, 'gzip, br', { 'if-none-match': gzipTag })).encoding).toBe('br');
        expect((await rawGet(`${c.url}${path}`, 'gzip, br', { 'if-none-match': br.headers.etag as string })).status).toBe(304);
      }
      expect(brotliDecompressSync(br.body).toString(), path).toBe(text);
      expect(br.body.length, path).toBeLessThan(gzipSync(text, { level: 9 }).length);
      expect((await rawGet(`${c.url}${path}`, 'gzip, br;q=0')).encoding, path).toBe('gzip');
      expect((await rawGet(`${c.url}${path}`, 'identity')).encoding, path).toBeUndefined();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the engine, the UI and its chunks under a path of the release too, where the UI’s chunks find the same ui.js', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-sdk-'));
    const ui = join(dir, 'ui.js');
    writeFileSync(ui, 'export const ui = 1;');
    writeFileSync(join(dir, 'messages-AbC123xy.js'), 'import "./ui.js";');
    const c = await start({ sdkAssets: { '/sdk/ui.js': ui, '/sdk/engine.js': ui } });
    for (const path of ['/sdk/ui.js', '/sdk/0.1.0/ui.js', '/sdk/0.1.0/engine.js'])
      expect(await (await fetch(`${c.url}${path}`)).text(), path).toBe('export const ui = 1;');
    for (const path of ['/sdk/messages-AbC123xy.js', '/sdk/0.1.0/messages-AbC123xy.js'])
      expect(await (await fetch(`${c.url}${path}`)).text(), path).toBe('import "./ui.js";');
    expect((await fetch(`${c.url}/sdk/0.1.0/nothing-AbC123xy.js`)).status).toBe(404);
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the chunks beside the engine (its presenter), which import the same engine.js', async () => {
    const uiDir = mkdtempSync(join(tmpdir(), 'tp-ui-'));
    const engineDir = mkdtempSync(join(tmpdir(), 'tp-engine-'));
    writeFileSync(join(uiDir, 'ui.js'), 'export const ui = 1;');
    writeFileSync(join(engineDir, 'engine.js'), 'export const engine = 1;');
    writeFileSync(join(engineDir, 'presenter-Xy12ab34.js'), 'import "./engine.js";');
    const c = await start({ sdkAssets: { '/sdk/ui.js': join(uiDir, 'ui.js'), '/sdk/engine.js': join(engineDir, 'engine.js') } });
    for (const path of ['/sdk/presenter-Xy12ab34.js', '/sdk/0.1.0/presenter-Xy12ab34.js'])
      expect(await (await fetch(`${c.url}${path}`)).text(), path).toBe('import "./engine.js";');
    expect(await (await fetch(`${c.url}/sdk/0.1.0/engine.js`)).text()).toBe('export const engine = 1;');
    rmSync(uiDir, { recursive: true, force: true });
    rmSync(engineDir, { recursive: true, force: true });
  });

  it('says how to build it when it is missing', async () => {
    const c = await start({ sdkAssets: { '/sdk.js': '/nonexistent/touchpoint.js' } });
    const res = await fetch(`${c.url}/sdk.js`);
    expect((await fetch(`${c.url}/sdk/engine.js`)).status).toBe(503);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: expect.stringContaining('pnpm build') });
  });
});

describe('content', () => {
  const doc = { version: 1, flows: [{ id: 'welcome', steps: [{ id: 'hi', title: 'Hello' }] }] };
  const put = (url: string, body: unknown, key = 'sk_test') =>
    fetch(`${url}/v1/content`, { method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('publishes with the secret key only, and refuses invalid documents with every path', async () => {
    const c = await start();
    expect((await put(c.url, doc, 'wk_test')).status).toBe(401);
    const bad = await put(c.url, { version: 1, flows: [{ id: 'welcome', steps: [{ id: 'hi', target: 42 }] }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid content document', errors: [{ path: 'flows[0].steps[0].target', message: expect.any(String) }] });
    const ok = await put(c.url, doc);
    expect(await ok.json()).toEqual({ version: 1 });
    // The same document again is not a new version; a changed one is.
    expect(await (await put(c.url, doc)).json()).toEqual({ version: 1 });
    expect(await (await put(c.url, { ...doc, settings: { locale: 'ja' } })).json()).toEqual({ version: 2 });
  });

  it('serves the newest document to the write key, with an ETag and 304', async () => {
    const c = await start();
    expect((await fetch(`${c.url}/v1/content?key=wk_test`)).status).toBe(404);
    await put(c.url, doc);
    const res = await fetch(`${c.url}/v1/content?key=wk_test`, { headers: { origin: 'https://app.example.com' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(doc);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const etag = res.headers.get('etag')!;
    expect((await fetch(`${c.url}/v1/content?key=wk_test`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${c.url}/v1/content?key=wk_nope`)).status).toBe(401);
  });
});

describe('content versions', () => {
  const put = (url: string, body: unknown) =>
    fetch(`${url}/v1/content`, { method: 'PUT', headers: { authorization: 'Bearer sk_test', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const doc = (title: string) => ({ version: 1, flows: [{ id: 'f', steps: [{ id: 's', title }] }] });

  it('lists versions newest first and rolls back by publishing the old document again', async () => {
    const c = await start();
    await put(c.url, doc('one'));
    await put(c.url, doc('two'));
    const auth = { authorization: 'Bearer sk_test' };
    const list = await (await fetch(`${c.url}/v1/content/versions`, { headers: auth })).json();
    expect(list).toEqual({ versions: [expect.objectContaining({ version: 2, current: true }), expect.objectContaining({ version: 1, current: false })] });
    const rollback = await fetch(`${c.url}/v1/content/rollback`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1 }),
    });
    expect(await rollback.json()).toEqual({ version: 3, rolledBackTo: 1 });
    expect(await (await fetch(`${c.url}/v1/content?key=wk_test`)).json()).toEqual(doc('one'));
    expect(
      (await fetch(`${c.url}/v1/content/rollback`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"version":9}' })).status,
    ).toBe(404);
    expect(
      (await fetch(`${c.url}/v1/content/rollback`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"version":"x"}' }))
        .status,
    ).toBe(400);
    expect((await fetch(`${c.url}/v1/content/versions`, { headers: { authorization: 'Bearer wk_test' } })).status).toBe(401);
  });
});

describe('GET /v1/profile', () => {
  const NOW = Date.parse('2026-03-10T12:00:00Z');
  const at = (daysAgo: number) => new Date(NOW - daysAgo * 86_400_000).toISOString();

  it('gives daily counts per event, features used and content history, for a user or an anonymous id', async () => {
    const c = await start({ now: () => NOW });
    await c.post('/v1/batch', {
      writeKey: 'wk_test',
      batch: [
        track('Todo Added', { timestamp: at(0) }),
        track('Todo Added', { timestamp: at(0.01) }),
        track('Todo Added', { timestamp: at(3) }),
        track('Todo Added', { timestamp: at(500) }), // older than the daily counts: in the total only
        track('Todo Added', { timestamp: '2025-02-03T00:00:01Z' }), // the first day of the daily counts (400 days before today), whole
        track('Feature Used', { timestamp: at(2), properties: { feature_id: 'add-todo' } }),
        track('Flow Started', { timestamp: at(5), properties: { flow_id: 'welcome' } }),
        track('Flow Completed', { timestamp: at(4), properties: { flow_id: 'welcome' } }),
        track('Message Shown', { timestamp: at(1), properties: { message_id: 'news' } }),
        track('Message Shown', { timestamp: at(0.5), properties: { message_id: 'news' } }),
        { type: 'track', event: 'Todo Added', anonymousId: 'anon-1', timestamp: at(1) },
        track('Todo Added', { userId: 'someone-else', timestamp: at(1) }),
      ],
    });
    const res = await fetch(`${c.url}/v1/profile?key=wk_test&userId=u1`);
    expect(res.status).toBe(200);
    const profile = (await res.json()) as Record<string, any>;
    expect(profile.asOf).toBe(NOW);
    // The total is all time: a condition without withinDays counts every event.
    expect(profile.events['Todo Added']).toEqual({ total: 5, days: { '2026-03-10': 2, '2026-03-07': 1, '2025-02-03': 1 } });
    expect(profile.features).toEqual({ 'add-todo': NOW - 2 * 86_400_000 });
    expect(profile.content).toEqual({
      welcome: { 'Flow Started': { last: NOW - 5 * 86_400_000, count: 1 }, 'Flow Completed': { last: NOW - 4 * 86_400_000, count: 1 } },
      news: { 'Message Shown': { last: NOW - 0.5 * 86_400_000, count: 2 } },
    });
    const anon = (await (await fetch(`${c.url}/v1/profile?key=wk_test&anonymousId=anon-1`)).json()) as Record<string, any>;
    expect(anon.events).toEqual({ 'Todo Added': { total: 1, days: { '2026-03-09': 1 } } });
    expect((await fetch(`${c.url}/v1/profile?key=wk_test`)).status).toBe(400);
    expect((await fetch(`${c.url}/v1/profile?key=wk_nope&userId=u1`)).status).toBe(401);
  });

  it('keeps daily counts further back for the events whose published conditions count longer than 400 days', async () => {
    const c = await start({ now: () => NOW });
    await publishDoc(c.url, {
      version: 1,
      features: [{ id: 'export', event: 'Report Exported' }],
      segments: [{ id: 'veterans', event: 'Todo Added', withinDays: 730 }],
      flows: [{ id: 'tour', audience: { any: [{ segment: 'veterans' }, { feature: 'export', withinDays: 1000.5 }] }, steps: [{ id: 'a' }] }],
    });
    await c.post('/v1/batch', {
      writeKey: 'wk_test',
      batch: [
        track('Todo Added', { timestamp: at(500) }),
        track('Todo Added', { timestamp: at(730.4) }), // the first day of a 730-day window (02:24), whole
        track('Todo Added', { timestamp: at(731) }), // the day before it: in the total only
        track('Report Exported', { timestamp: at(1000) }),
        track('Other', { timestamp: at(500) }), // no long window: in the total only
      ],
    });
    const profile = (await (await fetch(`${c.url}/v1/profile?key=wk_test&userId=u1`)).json()) as Record<string, any>;
    expect(profile.events).toEqual({
      'Todo Added': { total: 3, days: { [at(500).slice(0, 10)]: 1, [at(730.4).slice(0, 10)]: 1 } },
      'Report Exported': { total: 1, days: { [at(1000).slice(0, 10)]: 1 } },
      Other: { total: 1, days: {} },
    });
  });

  it('groups no event history by day further back than the windows need (all-time totals are one count per event)', async () => {
    // The real store, watched: which days of history the profile has it group.
    const dir = mkdtempSync(join(tmpdir(), 'tp-collector-'));
    const store = openSqliteStore(join(dir, 'db.sqlite'));
    await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins: [] });
    const grouped: number[] = [];
    const dailyCounts = store.dailyCounts.bind(store);
    store.dailyCounts = (projectId, who, since, ...rest) => {
      grouped.push(since);
      return dailyCounts(projectId, who, since, ...rest);
    };
    const app = await buildServer({ store, now: () => NOW });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    running.push(async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await fetch(`${url}/v1/batch`, {
      method: 'POST',
      body: JSON.stringify({ writeKey: 'wk_test', batch: [track('Todo Added', { timestamp: at(3000) }), track('Todo Added', { timestamp: at(1) })] }),
    });
    const profile = (await (await fetch(`${url}/v1/profile?key=wk_test&userId=u1`)).json()) as Record<string, any>;
    expect(profile.events).toEqual({ 'Todo Added': { total: 2, days: { [at(1).slice(0, 10)]: 1 } } });
    // 400 days before today's UTC day, and no further.
    expect(grouped).toEqual([Date.parse('2025-02-03T00:00:00Z')]);
  });

  it('requires a valid userHash when the content turns identity verification on', async () => {
    const { userHash } = await import('./routes/profile.js');
    const c = await start();
    await publishDoc(c.url, { version: 1, settings: { identityVerification: true } });
    expect((await fetch(`${c.url}/v1/profile?key=wk_test&userId=u1`)).status).toBe(403);
    expect((await fetch(`${c.url}/v1/profile?key=wk_test&userId=u1&userHash=${userHash('u2', 'sk_test')}`)).status).toBe(403);
    expect((await fetch(`${c.url}/v1/profile?key=wk_test&userId=u1&userHash=zz`)).status).toBe(403);
    expect((await fetch(`${c.url}/v1/profile?key=wk_test&userId=u1&userHash=${userHash('u1', 'sk_test')}`)).status).toBe(200);
    // The hash is HMAC-SHA256 of the user id with the secret key, in hex.
    // (Worked out independently with Python's hmac module.)
    expect(userHash('u1', 'sk_test')).toBe('5b4978f271387205735fa885b9c5f4c28b3abe1987b39f2fb12a3e00ea99381b');
  });
});

describe('GET /v1/reports/experiments/:id', () => {
  const DAY = 86_400_000;
  const T0 = Date.parse('2026-03-01T00:00:00Z');
  const iso = (t: number) => new Date(t).toISOString();
  const viewed = (who: Record<string, string>, variant: string, at: number, id?: string) => ({
    type: 'track',
    event: 'Experiment Viewed',
    ...who,
    timestamp: iso(at),
    ...(id && { messageId: id }),
    properties: { experiment_id: 'copy', variation_id: variant },
  });
  const goal = (who: Record<string, string>, at: number, id?: string) => ({
    type: 'track',
    event: 'Report Exported',
    ...who,
    timestamp: iso(at),
    ...(id && { messageId: id }),
  });

  /** A modal whose copy is an experiment: variants a and b, the goal Report Exported within 7 days. */
  const copyExperiment = (extra: { control?: number } = {}) => ({
    version: 1,
    messages: [
      {
        id: 'news',
        kind: 'modal',
        experiment: {
          id: 'copy',
          goal: { event: 'Report Exported', withinDays: 7 },
          ...extra,
          variants: [
            { id: 'a', weight: 50, content: { title: 'A' } },
            { id: 'b', weight: 50, content: { title: 'B' } },
          ],
        },
      },
    ],
  });

  it('counts first exposures and conversions in the window, by variant, with the statistics', async () => {
    const c = await start();
    await publishDoc(c.url, copyExperiment({ control: 10 }));
    const res = await c.post('/v1/batch', {
      writeKey: 'wk_test',
      batch: [
        viewed({ userId: 'u1' }, 'a', T0),
        goal({ userId: 'u1' }, T0 + DAY, 'g1'), // converts
        goal({ userId: 'u2' }, T0 - DAY),
        viewed({ userId: 'u2' }, 'a', T0), // goal before exposure: no
        viewed({ userId: 'u3' }, 'b', T0),
        goal({ userId: 'u3' }, T0 + 8 * DAY), // outside 7 days: no
        viewed({ anonymousId: 'anon-4' }, 'b', T0),
        goal({ userId: 'u4', anonymousId: 'anon-4' }, T0 + 2 * DAY), // anonymous, then identified: converts
        viewed({ userId: 'u5' }, 'control', T0),
        goal({ userId: 'u5' }, T0 + DAY), // control converts too
        viewed({ userId: 'u1' }, 'b', T0 + 3 * DAY), // a second exposure does not move u1
        goal({ userId: 'u1' }, T0 + DAY, 'g1'), // a retried duplicate counts once
      ],
    });
    expect(res.status).toBe(200);
    const report = (await (await fetch(`${c.url}/v1/reports/experiments/copy`, { headers: { authorization: 'Bearer sk_test' } })).json()) as Record<
      string,
      any
    >;
    expect(report.experiment_id).toBe('copy');
    expect(report.goal).toEqual({ event: 'Report Exported', withinDays: 7 });
    expect(report.baseline).toBe('control');
    expect(report.variants.map((v: any) => [v.variation_id, v.users, v.conversions, v.rate])).toEqual([
      ['control', 1, 1, 1],
      ['a', 2, 1, 0.5],
      ['b', 2, 1, 0.5],
    ]);
    expect(report.variants[0]).toMatchObject({ lift: null, ci95: null, pValue: null, chanceToBeatControl: null });
    expect(report.variants[1]).toMatchObject({ lift: -0.5, pValue: expect.any(Number), chanceToBeatControl: expect.any(Number) });
    expect(report.srm).toEqual({ pValue: expect.any(Number), ok: true });
    expect(report.sampleSize.minimumDetectableEffect).toBe(0.1);
    expect((await fetch(`${c.url}/v1/reports/experiments/nope`, { headers: { authorization: 'Bearer sk_test' } })).status).toBe(404);
    expect((await fetch(`${c.url}/v1/reports/experiments/copy`, { headers: { authorization: 'Bearer wk_test' } })).status).toBe(401);
  });

  it('counts the same whatever order the events arrive in (a goal before its exposure, the later exposure first)', async () => {
    const c = await start();
    await publishDoc(c.url, copyExperiment());
    const send = async (...batch: unknown[]) => expect((await c.post('/v1/batch', { writeKey: 'wk_test', batch })).status).toBe(200);
    // u1's goal (a day after the exposure) arrives first, in its own request.
    await send(goal({ userId: 'u1' }, T0 + DAY));
    await send(viewed({ userId: 'u1' }, 'a', T0));
    // u2's later exposure (b, 10 days on) arrives before the first one (a): the first by time is
    // u2's exposure, and the goal 2 days after it converts it.
    await send(viewed({ userId: 'u2' }, 'b', T0 + 10 * DAY), goal({ userId: 'u2' }, T0 + 2 * DAY));
    await send(viewed({ userId: 'u2' }, 'a', T0));
    // u3: the goal converts the first exposure only if it falls in that one's window (9 days: no).
    await send(viewed({ userId: 'u3' }, 'b', T0 + 5 * DAY), goal({ userId: 'u3' }, T0 + 9 * DAY));
    await send(viewed({ userId: 'u3' }, 'b', T0));
    const report = (await (await fetch(`${c.url}/v1/reports/experiments/copy`, { headers: { authorization: 'Bearer sk_test' } })).json()) as Record<
      string,
      any
    >;
    expect(report.variants.map((v: any) => [v.variation_id, v.users, v.conversions])).toEqual([
      ['a', 2, 2],
      ['b', 1, 0],
    ]);
  });
});

describe('GET /v1/reports/holdout', () => {
  it('splits active users by the same holdout the SDK uses and compares goal events per user', async () => {
    const { inHoldout } = await import('@touchpoint/content');
    const c = await start();
    await publishDoc(c.url, { version: 1, settings: { holdout: 20 } });
    // Forty users; those the holdout takes do the goal once, the others twice (and one never).
    const users = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    const held = users.filter((u) => inHoldout(20, u));
    const rest = users.filter((u) => !inHoldout(20, u));
    expect(held.length).toBeGreaterThan(2);
    const at = '2026-03-05T12:00:00Z';
    const batch = [
      ...held.map((u) => track('Report Exported', { userId: u, timestamp: at })),
      ...rest.flatMap((u, i) =>
        i === 0
          ? [track('Page Seen', { userId: u, timestamp: at })]
          : [track('Report Exported', { userId: u, timestamp: at }), track('Report Exported', { userId: u, timestamp: at })],
      ),
    ];
    expect((await c.post('/v1/batch', { writeKey: 'wk_test', batch })).status).toBe(200);
    const res = await fetch(`${c.url}/v1/reports/holdout?event=Report%20Exported&from=2026-03-01&to=2026-03-31`, {
      headers: { authorization: 'Bearer sk_test' },
    });
    const report = (await res.json()) as Record<string, any>;
    expect(report.holdoutPercent).toBe(20);
    expect(report.holdout).toEqual({ users: held.length, eventsPerUser: 1, converted: held.length, rate: 1 });
    const restEvents = (rest.length - 1) * 2;
    expect(report.rest).toEqual({
      users: rest.length,
      eventsPerUser: Math.round((restEvents / rest.length) * 1e6) / 1e6,
      converted: rest.length - 1,
      rate: Math.round(((rest.length - 1) / rest.length) * 1e6) / 1e6,
    });
    expect(report.lift).toBeCloseTo(restEvents / rest.length - 1, 5);
    expect((await fetch(`${c.url}/v1/reports/holdout?from=2026-03-01`, { headers: { authorization: 'Bearer sk_test' } })).status).toBe(400);
  });
});

describe('adoption and flow funnel reports', () => {
  const D1 = '2026-03-01T10:00:00Z';
  const D2 = '2026-03-02T10:00:00Z';
  const LATER = '2026-04-15T10:00:00Z';
  const ev = (user: string, event: string, at: string, account?: string, properties: Record<string, unknown> = {}) => ({
    type: 'track',
    event,
    userId: user,
    timestamp: at,
    properties,
    ...(account && { context: { groupId: account } }),
  });
  const page = (user: string, at: string, account?: string) => ({
    type: 'page',
    userId: user,
    timestamp: at,
    ...(account && { context: { groupId: account } }),
  });
  const step = (user: string, index: number, id: string, at: string, account?: string) =>
    ev(user, 'Flow Step Viewed', at, account, { flow_id: 'tour', step_id: id, step_index: index });

  async function seeded() {
    const c = await start();
    await publishDoc(c.url, {
      version: 1,
      features: [
        { id: 'export', name: 'Export', selector: '#export' },
        { id: 'search', event: 'Search Used' },
        { id: 'unused', selector: '.x' },
      ],
      flows: [{ id: 'tour', steps: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] }],
    });
    const res = await c.post('/v1/batch', {
      writeKey: 'wk_test',
      batch: [
        { type: 'group', userId: 'u1', groupId: 'acme', traits: { tier: 'high' }, timestamp: D1 },
        { type: 'group', userId: 'u3', groupId: 'globex', traits: { tier: 'low' }, timestamp: D1 },
        // u1: active two days (counted once), uses export twice, views step a twice, completes.
        page('u1', D1, 'acme'),
        page('u1', D2, 'acme'),
        ev('u1', 'Feature Used', D1, 'acme', { feature_id: 'export' }),
        ev('u1', 'Feature Used', D2, 'acme', { feature_id: 'export' }),
        ev('u1', 'Flow Started', D1, 'acme', { flow_id: 'tour' }),
        step('u1', 0, 'a', D1, 'acme'),
        step('u1', 0, 'a', D1, 'acme'),
        step('u1', 1, 'b', D1, 'acme'),
        step('u1', 2, 'c', D1, 'acme'),
        ev('u1', 'Flow Completed', D1, 'acme', { flow_id: 'tour' }),
        // u1 again: step c's target never appears; that ending is no dismissal by the user.
        ev('u1', 'Flow Target Missing', D2, 'acme', { flow_id: 'tour', step_id: 'c', step_index: 2, url: 'https://app.example.com/app' }),
        ev('u1', 'Flow Dismissed', D2, 'acme', { flow_id: 'tour', step_id: 'c', step_index: 2, reason: 'target_missing' }),
        // u2 (same account): searches, skips step b (its target is missing), dismisses.
        page('u2', D1, 'acme'),
        ev('u2', 'Search Used', D2, 'acme'),
        ev('u2', 'Flow Started', D2, 'acme', { flow_id: 'tour' }),
        step('u2', 0, 'a', D2, 'acme'),
        ev('u2', 'Flow Target Missing', D2, 'acme', { flow_id: 'tour', step_id: 'b', url: 'https://app.example.com/app' }),
        step('u2', 2, 'c', D2, 'acme'),
        ev('u2', 'Flow Dismissed', D2, 'acme', { flow_id: 'tour', step_id: 'c', step_index: 2 }),
        // u3 (another account, low tier): export once.
        page('u3', D2, 'globex'),
        ev('u3', 'Feature Used', D2, 'globex', { feature_id: 'export' }),
        // u4: only after the range.
        page('u4', LATER),
        ev('u4', 'Feature Used', LATER, undefined, { feature_id: 'export' }),
      ],
    });
    expect(res.status).toBe(200);
    return c;
  }
  const get = async (c: { url: string }, path: string) =>
    (await fetch(`${c.url}${path}`, { headers: { authorization: 'Bearer sk_test' } })).json() as Promise<Record<string, any>>;

  it('adoption: distinct active users and feature users, by selector or event, and by tier', async () => {
    const c = await seeded();
    expect(await get(c, '/v1/reports/adoption?from=2026-03-01&to=2026-03-31')).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      activeUsers: 3,
      features: [
        { feature_id: 'export', name: 'Export', users: 2, adoption: 0.666667 },
        { feature_id: 'search', name: 'search', users: 1, adoption: 0.333333 },
        { feature_id: 'unused', name: 'unused', users: 0, adoption: 0 },
      ],
    });
    const high = await get(c, '/v1/reports/adoption?from=2026-03-01&to=2026-03-31&tier=high');
    expect([high.activeUsers, high.features.map((f: any) => [f.feature_id, f.users])]).toEqual([
      2,
      [
        ['export', 1],
        ['search', 1],
        ['unused', 0],
      ],
    ]);
    // A range that only the late user is in.
    expect((await get(c, '/v1/reports/adoption?from=2026-04-01&to=2026-04-30')).activeUsers).toBe(1);
  });

  it('flow funnel: distinct users per step (twice viewed counts once, skipped steps show), missing targets per step, completed and dismissed', async () => {
    const c = await seeded();
    expect(await get(c, '/v1/reports/flows/tour?from=2026-03-01&to=2026-03-31')).toEqual({
      flow_id: 'tour',
      from: '2026-03-01',
      to: '2026-03-31',
      started: 2,
      completed: 1,
      dismissed: 1,
      steps: [
        { step_id: 'a', step_index: 0, viewed: 2, missing: 0 },
        { step_id: 'b', step_index: 1, viewed: 1, missing: 1 },
        { step_id: 'c', step_index: 2, viewed: 2, missing: 1 },
      ],
    });
    expect((await fetch(`${c.url}/v1/reports/flows/nope`, { headers: { authorization: 'Bearer sk_test' } })).status).toBe(404);
    expect((await fetch(`${c.url}/v1/reports/flows/tour?from=2026-13-01`, { headers: { authorization: 'Bearer sk_test' } })).status).toBe(400);
  });
});

describe('retroactive features (click paths)', () => {
  const click = (user: string, at: string, path: unknown[]) => ({ type: 'track', event: 'Element Clicked', userId: user, timestamp: at, properties: { path } });
  const exportButton = [
    { tag: 'span', classes: ['icon'] },
    { tag: 'button', classes: ['btn', 'export'], attrs: { 'data-action': 'export' } },
    { tag: 'nav', id: 'top' },
  ];
  const other = [
    { tag: 'a', classes: ['link'] },
    { tag: 'main', attrs: { role: 'main' } },
  ];
  const adoption = async (url: string) =>
    (
      (await (await fetch(`${url}/v1/reports/adoption?from=2026-03-01&to=2026-03-31`, { headers: { authorization: 'Bearer sk_test' } })).json()) as {
        features: Array<{ feature_id: string; users: number }>;
      }
    ).features;

  it('counts clicks stored before the feature was defined, then new clicks at ingest; a changed selector recounts', async () => {
    const c = await start();
    expect(
      (
        await c.post('/v1/batch', {
          writeKey: 'wk_test',
          batch: [
            click('u1', '2026-03-02T10:00:00Z', exportButton),
            click('u2', '2026-03-05T10:00:00Z', exportButton),
            click('u3', '2026-03-05T11:00:00Z', other),
            click('u4', '2026-03-06T11:00:00Z', ['junk', { tag: 3 }]),
          ],
        })
      ).status,
    ).toBe(200);
    const put = await publishDoc(c.url, {
      version: 1,
      features: [
        { id: 'export', selector: 'nav#top [data-action=export]' },
        { id: 'typed', selector: 'input', on: 'change' },
        { id: 'text', selector: 'a[href]' },
      ],
    });
    // Only the click feature whose selector a path can tell is counted from the past.
    expect(await put.json()).toEqual({ version: 1, retroactive: ['export'] });
    await expect.poll(async () => (await adoption(c.url)).find((f) => f.feature_id === 'export')?.users).toBe(2);

    // From now on, clicks count as they arrive.
    await c.post('/v1/batch', { writeKey: 'wk_test', batch: [click('u5', '2026-03-07T10:00:00Z', exportButton)] });
    expect((await adoption(c.url)).find((f) => f.feature_id === 'export')?.users).toBe(3);

    // Another selector for "links": the past clicks on links count now.
    expect(
      await (
        await publishDoc(c.url, {
          version: 1,
          features: [
            { id: 'export', selector: 'nav#top [data-action=export]' },
            { id: 'links', selector: 'main .link' },
            { id: 'raw', event: 'Element Clicked' },
          ],
        })
      ).json(),
    ).toEqual({ version: 2, retroactive: ['links'] });
    await expect.poll(async () => (await adoption(c.url)).find((f) => f.feature_id === 'links')?.users).toBe(1);
    // The raw click events themselves are not rolled up as an event (only as the features they matched).
    expect((await adoption(c.url)).find((f) => f.feature_id === 'raw')?.users).toBe(0);
  });
});

describe('DELETE /v1/users/:userId', () => {
  it('leaves no trace of the user in events, profile, adoption, funnels or experiment reports', async () => {
    const c = await start();
    const auth = { authorization: 'Bearer sk_test' };
    await publishDoc(c.url, {
      version: 1,
      features: [{ id: 'export', selector: '#export' }],
      flows: [{ id: 'tour', steps: [{ id: 'a' }] }],
      messages: [{ id: 'm', kind: 'modal', experiment: { id: 'x', goal: { event: 'Goal' }, variants: [{ id: 'a', weight: 1, content: { title: 'A' } }] } }],
    });
    const at = '2026-03-01T10:00:00Z';
    const later = '2026-03-01T11:00:00Z';
    const mine = [
      { type: 'track', event: 'Feature Used', anonymousId: 'anon-del', timestamp: at, properties: { feature_id: 'export' } }, // before identify
      { type: 'identify', userId: 'gone', anonymousId: 'anon-del', timestamp: at },
      {
        type: 'track',
        event: 'Experiment Viewed',
        userId: 'gone',
        anonymousId: 'anon-del',
        timestamp: at,
        properties: { experiment_id: 'x', variation_id: 'a' },
      },
      { type: 'track', event: 'Goal', userId: 'gone', anonymousId: 'anon-del', timestamp: later },
      { type: 'track', event: 'Flow Started', userId: 'gone', anonymousId: 'anon-del', timestamp: at, properties: { flow_id: 'tour' } },
      {
        type: 'track',
        event: 'Flow Step Viewed',
        userId: 'gone',
        anonymousId: 'anon-del',
        timestamp: at,
        properties: { flow_id: 'tour', step_id: 'a', step_index: 0 },
      },
    ];
    const theirs = [
      { type: 'track', event: 'Feature Used', userId: 'stays', timestamp: at, properties: { feature_id: 'export' } },
      { type: 'track', event: 'Experiment Viewed', userId: 'stays', timestamp: at, properties: { experiment_id: 'x', variation_id: 'a' } },
    ];
    await c.post('/v1/batch', { writeKey: 'wk_test', batch: [...mine, ...theirs] });
    const reports = async () => ({
      adoption: await (await fetch(`${c.url}/v1/reports/adoption?from=2026-03-01&to=2026-03-01`, { headers: auth })).json(),
      funnel: await (await fetch(`${c.url}/v1/reports/flows/tour?from=2026-03-01&to=2026-03-01`, { headers: auth })).json(),
      experiment: ((await (await fetch(`${c.url}/v1/reports/experiments/x`, { headers: auth })).json()) as { variants: unknown[] }).variants,
    });
    const before = await reports();
    expect((before.adoption as any).features[0].users).toBe(2);
    expect(before.experiment[0] as any).toMatchObject({ users: 2, conversions: 1 });

    const res = await fetch(`${c.url}/v1/users/gone`, { method: 'DELETE', headers: auth });
    expect(await res.json()).toEqual({ deleted: { events: 6 } });
    const after = await reports();
    expect(after.adoption as any).toMatchObject({ activeUsers: 1, features: [{ feature_id: 'export', users: 1, adoption: 1 }] });
    expect(after.funnel as any).toMatchObject({ started: 0, steps: [{ step_id: 'a', viewed: 0 }] });
    expect(after.experiment[0]).toMatchObject({ users: 1, conversions: 0 });
    expect(((await (await fetch(`${c.url}/v1/events?userId=gone`, { headers: auth })).json()) as { events: unknown[] }).events).toEqual([]);
    expect(((await (await fetch(`${c.url}/v1/events?anonymousId=anon-del`, { headers: auth })).json()) as { events: unknown[] }).events).toEqual([]);
    const profile = (await (await fetch(`${c.url}/v1/profile?key=wk_test&userId=gone`)).json()) as Record<string, unknown>;
    expect([profile.events, profile.features, profile.content]).toEqual([{}, {}, {}]);
    expect((await fetch(`${c.url}/v1/users/gone`, { method: 'DELETE', headers: { authorization: 'Bearer wk_test' } })).status).toBe(401);
  });

  it("takes the user out of their account's health signals", async () => {
    const NOW = Date.parse('2026-03-15T12:00:00Z');
    const c = await start({ now: () => NOW, healthIntervalMs: 0 });
    const auth = { authorization: 'Bearer sk_test' };
    await publishDoc(c.url, { version: 1, health: { windowDays: 14, signals: [{ event: 'Todo Added', weight: 1 }] } });
    const todo = (user: string, back: number) => ({
      type: 'track',
      event: 'Todo Added',
      userId: user,
      timestamp: new Date(NOW - back * 86_400_000).toISOString(),
      context: { groupId: 'acme' },
    });
    // Two users of one account: "stays" on 7 days, "gone" on the 7 others (and one shared day).
    await c.post('/v1/batch', {
      writeKey: 'wk_test',
      batch: [...Array.from({ length: 7 }, (_, i) => todo('stays', i)), ...Array.from({ length: 8 }, (_, i) => todo('gone', 6 + i))],
    });
    const score = async () => ((await (await fetch(`${c.url}/v1/health/recompute`, { method: 'POST', headers: auth })).json()) as any).accounts[0].score;
    expect(await score()).toBe(100); // 14 active days, 15 todos
    await fetch(`${c.url}/v1/users/gone`, { method: 'DELETE', headers: auth });
    expect(await score()).toBe(50); // 7 of 14 days, 7 todos: only what "stays" did
  });

  it('scores again an account whose every event is gone (its only user erased), instead of keeping its last score', async () => {
    const NOW = Date.parse('2026-03-15T12:00:00Z');
    const c = await start({ now: () => NOW, healthIntervalMs: 0 });
    const auth = { authorization: 'Bearer sk_test' };
    await publishDoc(c.url, { version: 1, health: { windowDays: 14, signals: [{ event: 'Todo Added', weight: 1 }] } });
    const todo = (back: number) => ({
      type: 'track',
      event: 'Todo Added',
      userId: 'only',
      timestamp: new Date(NOW - back * 86_400_000).toISOString(),
      context: { groupId: 'solo' },
    });
    await c.post('/v1/batch', { writeKey: 'wk_test', batch: Array.from({ length: 14 }, (_, i) => todo(i)) });
    const recompute = async () => ((await (await fetch(`${c.url}/v1/health/recompute`, { method: 'POST', headers: auth })).json()) as any).accounts;
    expect((await recompute()).map((a: any) => [a.account_id, a.score])).toEqual([['solo', 100]]);
    await fetch(`${c.url}/v1/users/only`, { method: 'DELETE', headers: auth });
    // Was: not recomputed (no events in either window), so the report kept 100.
    await recompute();
    const report = (await (await fetch(`${c.url}/v1/reports/health`, { headers: auth })).json()) as any;
    expect(report.accounts.map((a: any) => [a.account_id, a.score])).toEqual([['solo', 0]]);
  });
});

describe('GET /v1/reports/surveys/:id', () => {
  it('computes NPS and the 0–10 distribution from the answers in range', async () => {
    const c = await start();
    const answer = (user: string, score: unknown, at = '2026-03-01T10:00:00Z', survey = 'nps') => ({
      type: 'track',
      event: 'Survey Answered',
      userId: user,
      timestamp: at,
      properties: { survey_id: survey, score },
    });
    // 10, 9, 9 promoters; 8, 7 passives; 6, 3, 0 detractors; out of range, other survey and junk scores ignored.
    await c.post('/v1/batch', {
      writeKey: 'wk_test',
      batch: [
        answer('a', 10),
        answer('b', 9),
        answer('c', 9),
        answer('d', 8),
        answer('e', 7),
        answer('f', 6),
        answer('g', 3),
        answer('h', 0),
        answer('i', 10, '2026-05-01T10:00:00Z'),
        answer('j', 10, undefined, 'other'),
        answer('k', 'ten'),
        answer('l', 11),
      ],
    });
    const report = await (
      await fetch(`${c.url}/v1/reports/surveys/nps?from=2026-03-01&to=2026-03-31`, { headers: { authorization: 'Bearer sk_test' } })
    ).json();
    // NPS = (3 − 3) / 8 = 0
    expect(report).toEqual({
      survey_id: 'nps',
      kind: 'nps',
      from: '2026-03-01',
      to: '2026-03-31',
      responses: 8,
      promoters: 3,
      passives: 2,
      detractors: 3,
      nps: 0,
      distribution: [1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 1],
      comments: [],
    });
  });

  it("reads a rating survey as ratings (the average of 1–5, no NPS) and a choice survey's answers as responses", async () => {
    const c = await start();
    await publishDoc(c.url, {
      version: 1,
      surveys: [
        { id: 'csat', kind: 'rating', question: 'How was it?' },
        { id: 'pick', kind: 'choice', question: 'Which?', choices: ['A', 'B'], multiple: true },
      ],
    });
    const answer = (user: string, survey: string, properties: Record<string, unknown>) => ({
      type: 'track',
      event: 'Survey Answered',
      userId: user,
      timestamp: '2026-03-01T10:00:00Z',
      properties: { survey_id: survey, ...properties },
    });
    await c.post('/v1/batch', {
      writeKey: 'wk_test',
      batch: [
        answer('a', 'csat', { score: 5 }),
        answer('b', 'csat', { score: 5 }),
        answer('c', 'csat', { score: 4, comment: 'Fine' }),
        answer('d', 'csat', { score: 9 }),
        answer('e', 'pick', { answer: ['A', 'B'] }),
        answer('f', 'pick', { answer: ['B'] }),
      ],
    });
    const read = async (id: string) =>
      (await fetch(`${c.url}/v1/reports/surveys/${id}?from=2026-03-01&to=2026-03-31`, { headers: { authorization: 'Bearer sk_test' } })).json();
    // Was: 3 detractors and an NPS of −100 for three answers of 4 and 5 out of 5.
    expect(await read('csat')).toMatchObject({
      kind: 'rating',
      responses: 3,
      average: 4.67,
      promoters: null,
      passives: null,
      detractors: null,
      nps: null,
      distribution: [0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0],
    });
    // Was: 0 responses.
    expect(await read('pick')).toMatchObject({ kind: 'choice', responses: 2, nps: null, promoters: null });
  });

  it('rounds an NPS half away from zero on both sides', async () => {
    const c = await start();
    const answer = (user: string, score: number) => ({
      type: 'track',
      event: 'Survey Answered',
      userId: user,
      timestamp: '2026-03-01T10:00:00Z',
      properties: { survey_id: 'nps', score },
    });
    // 1 detractor and 15 passives: −6.25, shown as −6.3 (was −6.2; 6.25 is 6.3).
    const scores = [0, ...new Array<number>(15).fill(8)];
    await c.post('/v1/batch', { writeKey: 'wk_test', batch: scores.map((s, i) => answer(`u${i}`, s)) });
    const report = await (
      await fetch(`${c.url}/v1/reports/surveys/nps?from=2026-03-01&to=2026-03-31`, { headers: { authorization: 'Bearer sk_test' } })
    ).json();
    expect(report.nps).toBe(-6.3);
  });

  it('lists the newest comments and text answers, with their score', async () => {
    const c = await start();
    const answer = (user: string, at: string, properties: Record<string, unknown>) => ({
      type: 'track',
      event: 'Survey Answered',
      userId: user,
      timestamp: at,
      properties: { survey_id: 'nps', ...properties },
    });
    await c.post('/v1/batch', {
      writeKey: 'wk_test',
      batch: [
        answer('a', '2026-03-01T10:00:00Z', { score: 9, comment: 'Love it' }),
        answer('b', '2026-03-02T10:00:00Z', { score: 3, comment: 'Too slow' }),
        answer('c', '2026-03-03T10:00:00Z', { score: 8 }),
        answer('d', '2026-03-04T10:00:00Z', { answer: 'Gantt charts' }),
      ],
    });
    const report = await (
      await fetch(`${c.url}/v1/reports/surveys/nps?from=2026-03-01&to=2026-03-31`, { headers: { authorization: 'Bearer sk_test' } })
    ).json();
    expect(report.comments).toEqual([
      { text: 'Gantt charts', at: '2026-03-04T10:00:00.000Z' },
      { text: 'Too slow', score: 3, at: '2026-03-02T10:00:00.000Z' },
      { text: 'Love it', score: 9, at: '2026-03-01T10:00:00.000Z' },
    ]);
  });
});

describe('GET /v1/reports/overview, /v1/project and the content by secret key (the dashboard)', () => {
  it('counts active users and events per day, and per content the users shown and acting', async () => {
    const c = await start();
    await publishDoc(c.url, {
      version: 1,
      flows: [{ id: 'tour', steps: [{ id: 'a' }] }],
      messages: [{ id: 'news', kind: 'modal', title: 'News' }],
      surveys: [{ id: 'nps', kind: 'nps', question: 'Recommend us?' }],
    });
    const ev = (user: string, event: string, at: string, properties: Record<string, unknown> = {}) => ({
      type: 'track',
      event,
      userId: user,
      timestamp: at,
      properties,
    });
    await c.post('/v1/batch', {
      writeKey: 'wk_test',
      batch: [
        ev('u1', 'Flow Started', '2026-03-01T10:00:00Z', { flow_id: 'tour' }),
        ev('u1', 'Flow Completed', '2026-03-01T10:01:00Z', { flow_id: 'tour' }),
        ev('u2', 'Flow Started', '2026-03-02T10:00:00Z', { flow_id: 'tour' }),
        ev('u1', 'Message Shown', '2026-03-02T11:00:00Z', { message_id: 'news' }),
        ev('u1', 'Message Shown', '2026-03-02T12:00:00Z', { message_id: 'news' }),
        ev('u2', 'Message Shown', '2026-03-02T11:00:00Z', { message_id: 'news' }),
        ev('u2', 'Message Clicked', '2026-03-02T11:00:05Z', { message_id: 'news', action: 'dismiss' }),
        ev('u3', 'Survey Shown', '2026-03-03T11:00:00Z', { survey_id: 'nps' }),
      ],
    });
    const get = async (path: string) => (await fetch(`${c.url}${path}`, { headers: { authorization: 'Bearer sk_test' } })).json();
    expect(await get('/v1/reports/overview?from=2026-03-01&to=2026-03-04')).toEqual({
      from: '2026-03-01',
      to: '2026-03-04',
      days: [
        { day: '2026-03-01', activeUsers: 1, events: 2 },
        { day: '2026-03-02', activeUsers: 2, events: 5 },
        { day: '2026-03-03', activeUsers: 1, events: 1 },
        { day: '2026-03-04', activeUsers: 0, events: 0 },
      ],
      content: [
        { content_id: 'tour', kind: 'flow', shown: 2, acted: 1 },
        { content_id: 'news', kind: 'message', shown: 2, acted: 1 },
        { content_id: 'nps', kind: 'survey', shown: 1, acted: 0 },
      ],
    });
    expect(await get('/v1/project')).toMatchObject({ name: 'test', writeKey: 'wk_test' });
    expect((await get('/v1/content')).messages[0].id).toBe('news');
    expect((await fetch(`${c.url}/v1/project`, { headers: { authorization: 'Bearer wk_test' } })).status).toBe(401);
  });
});

describe('health scores and alerts', () => {
  const DAY = 86_400_000;
  const NOW = Date.parse('2026-03-15T12:00:00Z');
  const day = (back: number) => new Date(NOW - back * DAY).toISOString();

  /** A webhook receiver on a real port that answers 500 to its first `failures` requests. */
  async function receiver(failures: number) {
    const { createServer } = await import('node:http');
    const received: Array<{ headers: Record<string, unknown>; body: string; status: number }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req
        .on('data', (d: Buffer) => (body += d))
        .on('end', () => {
          const status = received.length < failures ? 500 : 200;
          received.push({ headers: req.headers, body, status });
          res.writeHead(status).end();
        });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  /** acme: active all 14 days, a todo a day (score 100). globex: 2 active days, 1 todo now, but busy in the window before. */
  function activity() {
    const ev = (account: string, user: string, back: number, event = 'Todo Added') => ({
      type: 'track',
      event,
      userId: user,
      timestamp: day(back),
      context: { groupId: account },
    });
    return [
      { type: 'group', userId: 'a1', groupId: 'acme', traits: { tier: 'high' }, timestamp: day(40) },
      { type: 'group', userId: 'g1', groupId: 'globex', traits: { tier: 'low' }, timestamp: day(40) },
      ...Array.from({ length: 14 }, (_, i) => ev('acme', 'a1', i)),
      ev('globex', 'g1', 1),
      ev('globex', 'g1', 2, 'Page Seen'),
      ...Array.from({ length: 14 }, (_, i) => ev('globex', 'g1', 14 + i)),
    ];
  }

  async function publishHealth(url: string, webhook: string) {
    await fetch(`${url}/v1/content`, {
      method: 'PUT',
      headers: { authorization: 'Bearer sk_test', 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1, health: { windowDays: 14, signals: [{ event: 'Todo Added', weight: 2 }], alerts: [{ below: 40, webhook }] } }),
    });
  }

  it("never alerts on an account's first score, however low: an alert is a fall between two scores", async () => {
    const hook = await receiver(0);
    const c = await start({ now: () => NOW, healthIntervalMs: 0, allowPrivateWebhooks: true });
    await publishHealth(c.url, hook.url);
    expect((await c.post('/v1/batch', { writeKey: 'wk_test', batch: activity() })).status).toBe(200);
    const auth = { authorization: 'Bearer sk_test' };
    const report = await (await fetch(`${c.url}/v1/health/recompute`, { method: 'POST', headers: auth })).json();
    // globex is first scored at 10, below the threshold of 40: at risk, but nothing fell.
    expect(report.accounts.map((a: any) => [a.account_id, a.score, a.alerting])).toEqual([
      ['globex', 10, true],
      ['acme', 100, false],
    ]);
    // Alerts are queued by the recompute itself, before it answers.
    expect(await (await fetch(`${c.url}/v1/alerts`, { headers: auth })).json()).toEqual({ alerts: [] });
    await hook.close();
    expect(hook.received).toEqual([]);
  });

  it('scores accounts, keeps the trend, and alerts once on crossing, signed, retried until the receiver takes it', async () => {
    const hook = await receiver(2);
    // First scored two weeks ago, when globex was busy (100); then today.
    let clock = NOW;
    const c = await start({ now: () => clock, healthIntervalMs: 0, alertRetryBaseMs: 50, allowPrivateWebhooks: true });
    await publishHealth(c.url, hook.url);
    expect((await c.post('/v1/batch', { writeKey: 'wk_test', batch: activity() })).status).toBe(200);
    clock = NOW - 14 * DAY;

    const auth = { authorization: 'Bearer sk_test' };
    const before = await (await fetch(`${c.url}/v1/health/recompute`, { method: 'POST', headers: auth })).json();
    expect(before.accounts.find((a: any) => a.account_id === 'globex').score).toBe(100);
    clock = NOW;
    const report = await (await fetch(`${c.url}/v1/health/recompute`, { method: 'POST', headers: auth })).json();
    // globex: 2 of 14 active days (0.1429), 1 todo (1/14 = 0.0714) → 100 × (0.1429 + 2 × 0.0714) / 3 = 9.5 → 10.
    // Its window before: 14 active days, 14 todos → 100. acme: 100 now; nothing before.
    expect(report.accounts.map((a: any) => [a.account_id, a.tier, a.score, a.previousScore, a.trend, a.alerting])).toEqual([
      ['globex', 'low', 10, 100, -90, true],
      ['acme', 'high', 100, null, null, false],
    ]);
    expect(await (await fetch(`${c.url}/v1/reports/health`, { headers: auth })).json()).toEqual(report);

    await expect.poll(() => hook.received.length, { timeout: 5000 }).toBe(3);
    expect(hook.received.map((r) => r.status)).toEqual([500, 500, 200]);
    const keys = new Set(hook.received.map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    const { createHmac } = await import('node:crypto');
    for (const r of hook.received) expect(r.headers['x-touchpoint-signature']).toBe(`sha256=${createHmac('sha256', 'sk_test').update(r.body).digest('hex')}`);
    expect(JSON.parse(hook.received[2]!.body)).toEqual({
      account_id: 'globex',
      tier: 'low',
      score: 10,
      previousScore: 100,
      reasons: expect.any(Array),
      at: new Date(NOW).toISOString(),
    });

    // Recomputing while still below does not alert again.
    await fetch(`${c.url}/v1/health/recompute`, { method: 'POST', headers: auth });
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.received).toHaveLength(3);
    const alerts = (await (await fetch(`${c.url}/v1/alerts`, { headers: auth })).json()) as { alerts: any[] };
    expect(alerts.alerts.map((a) => [a.account_id, a.attempts, a.sent])).toEqual([['globex', 3, true]]);
    await hook.close();
  });

  it('counts a feature signal by every event that means the feature was used (its own event, Feature Used), as adoption does', async () => {
    const c = await start({ now: () => NOW, healthIntervalMs: 0 });
    const auth = { authorization: 'Bearer sk_test' };
    await publishDoc(c.url, {
      version: 1,
      features: [
        { id: 'export', event: 'Report Exported' },
        { id: 'add-todo', selector: '.new-todo' },
      ],
      health: {
        windowDays: 14,
        signals: [
          { feature: 'export', weight: 1 },
          { feature: 'add-todo', weight: 1 },
        ],
      },
    });
    const ev = (user: string, back: number, event: string, properties: Record<string, unknown> = {}) => ({
      type: 'track',
      event,
      userId: user,
      timestamp: day(back),
      properties,
      context: { groupId: 'acme' },
    });
    // acme, every day of 14: a1 exports (the feature's own event); on 7 of them b1 adds a todo
    // through the selector (Feature Used) and on the other 7 uses "export" through Feature Used too.
    await c.post('/v1/batch', {
      writeKey: 'wk_test',
      batch: [
        ...Array.from({ length: 14 }, (_, i) => ev('a1', i, 'Report Exported')),
        ...Array.from({ length: 7 }, (_, i) => ev('b1', i, 'Feature Used', { feature_id: 'add-todo' })),
        ...Array.from({ length: 7 }, (_, i) => ev('b1', 7 + i, 'Feature Used', { feature_id: 'export' })),
      ],
    });
    const report = await (await fetch(`${c.url}/v1/health/recompute`, { method: 'POST', headers: auth })).json();
    // active days 1, export 21 uses in 14 days (capped at 1), add-todo 7 in 14 (0.5): 100 × 2.5 / 3.
    expect(report.accounts.map((a: any) => [a.account_id, a.score])).toEqual([['acme', 83]]);
    const account = await (await fetch(`${c.url}/v1/reports/accounts/acme`, { headers: auth })).json();
    expect(account.signals.map((s: any) => [s.signal, s.count])).toEqual([
      ['active days', 14],
      ['feature "export"', 21],
      ['feature "add-todo"', 7],
    ]);
    // The adoption report counts the users of "export" either way, each once.
    const adoption = await (await fetch(`${c.url}/v1/reports/adoption?from=2026-03-01&to=2026-03-15`, { headers: auth })).json();
    expect(adoption.features.map((f: any) => [f.feature_id, f.users])).toEqual([
      ['export', 2],
      ['add-todo', 1],
    ]);
  });

  it('keeps undelivered alerts across a collector restart and delivers them after', async () => {
    const hook = await receiver(0);
    await hook.close(); // the receiver is down: every try fails
    let clock = NOW;
    const c = await start({ now: () => clock, healthIntervalMs: 0, alertRetryBaseMs: 50, allowPrivateWebhooks: true });
    await publishHealth(c.url, hook.url);
    expect((await c.post('/v1/batch', { writeKey: 'wk_test', batch: activity() })).status).toBe(200);
    clock = NOW - 14 * DAY;
    await fetch(`${c.url}/v1/health/recompute`, { method: 'POST', headers: { authorization: 'Bearer sk_test' } });
    clock = NOW;
    await fetch(`${c.url}/v1/health/recompute`, { method: 'POST', headers: { authorization: 'Bearer sk_test' } });
    await new Promise((r) => setTimeout(r, 200));
    await c.app.close();

    // The receiver comes back on the same port; a new collector on the same database delivers.
    const { createServer } = await import('node:http');
    const bodies: string[] = [];
    const back = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d)).on('end', () => (bodies.push(body), res.writeHead(204).end()));
    });
    await new Promise<void>((r) => back.listen(Number(new URL(hook.url).port), '127.0.0.1', r));
    const store = openSqliteStore(c.dbPath);
    const app = await buildServer({ store, now: () => NOW, healthIntervalMs: 0, alertRetryBaseMs: 50, allowPrivateWebhooks: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    // Its next try was scheduled (backoff) in the first process; give it time to come due.
    await expect.poll(() => bodies.length, { timeout: 5000 }).toBe(1);
    expect(JSON.parse(bodies[0]!)).toMatchObject({ account_id: 'globex', score: 10 });
    await app.close();
    await new Promise<void>((r) => back.close(() => r()));
  });
});

/** A GET with an Accept-Encoding of our choosing, its body as sent (fetch would decode it). */
function rawGet(
  url: string,
  acceptEncoding: string,
  headers: Record<string, string> = {},
): Promise<{ status?: number; encoding?: string; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': acceptEncoding, ...headers } }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (d: Buffer) => chunks.push(d))
        .on('end', () => resolve({ status: r.statusCode, encoding: r.headers['content-encoding'], headers: r.headers, body: Buffer.concat(chunks) }))
        .on('error', reject);
    }).on('error', reject);
  });
}

describe('an empty body', () => {
  it('is no body: an erasure sent with Content-Type: application/json and nothing in it works (was 400), and a batch still says what it needs', async () => {
    const c = await start();
    const json = { authorization: 'Bearer sk_test', 'content-type': 'application/json' };
    const erase = await fetch(`${c.url}/v1/users/someone`, { method: 'DELETE', headers: json, body: '' });
    expect(erase.status).toBe(200);
    const batch = await fetch(`${c.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ' ' });
    expect(batch.status).toBeGreaterThanOrEqual(400);
    expect(batch.status).toBeLessThan(500);
    expect(JSON.stringify(await batch.json())).toMatch(/writeKey|write key|batch|body/i);
  });
});
