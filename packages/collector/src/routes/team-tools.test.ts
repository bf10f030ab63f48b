import { describe, expect, it } from 'vitest';
import { tokenHash } from '../access-tokens.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { startApi } from '../testing/api-client.js';

/**
 * Preview tokens and builder sessions (CONTRACT §7): what each grants, to whom, for how
 * long; the preview's draft never mixes with the published content, in caches included.
 */
const HOUR = 3600_000;
const start = (origins: string[] = []) => startApi({ origins });
const doc = (title: string) => ({ version: 1, messages: [{ id: 'news', kind: 'banner', body: title }] });

describe('preview tokens', () => {
  it('are valid 24 hours, stored only as a hash, and show the draft to the request that carries one, nobody else', async () => {
    const c = await start();
    await c.call('PUT', '/v1/content', doc('published'));
    await c.call('PUT', '/v1/content/draft', doc('draft'));
    const issued = await c.call('POST', '/v1/preview');
    expect(issued.status).toBe(200);
    const { token, expiresAt } = issued.body as { token: string; expiresAt: string };
    expect(token).toMatch(/^tpp_[\w-]{32}$/);
    expect(Date.parse(expiresAt)).toBe(c.at() + 24 * HOUR);
    const stored = (c.store as SqliteStore).db.prepare('SELECT * FROM access_tokens').all();
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored).toEqual([expect.objectContaining({ hash: tokenHash(token), kind: 'preview' })]);

    const published = await fetch(`${c.url}/v1/content?key=wk_test`);
    const etag = published.headers.get('etag')!;
    expect(await published.json()).toEqual(doc('published'));

    const preview = await fetch(`${c.url}/v1/content?key=wk_test&preview=${token}`, { headers: { 'if-none-match': etag } });
    expect(preview.status).toBe(200);
    expect(await preview.json()).toEqual(doc('draft'));
    expect(preview.headers.get('x-touchpoint-preview')).toBe('draft');
    expect(preview.headers.get('cache-control')).toBe('no-store');
    expect(preview.headers.get('etag')).toBeNull();

    // Right after, a request without the token gets the published content, its ETag and its 304.
    const again = await fetch(`${c.url}/v1/content?key=wk_test`);
    expect(await again.json()).toEqual(doc('published'));
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('x-touchpoint-preview')).toBeNull();
    expect((await fetch(`${c.url}/v1/content?key=wk_test`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    // After 24 hours: the published content, and a header saying the preview ended.
    c.advance(24 * HOUR);
    const ended = await fetch(`${c.url}/v1/content?key=wk_test&preview=${token}`);
    expect(await ended.json()).toEqual(doc('published'));
    expect(ended.headers.get('x-touchpoint-preview')).toBe('ended');
    expect(ended.headers.get('etag')).toBe(etag);
  });

  it('give the browser copy of the draft (no server-only fields), and the published document when no draft is saved', async () => {
    const c = await start();
    const token = (await c.call('POST', '/v1/preview')).body!.token as string;
    const none = await fetch(`${c.url}/v1/content?key=wk_test&preview=${token}`);
    expect([none.status, none.headers.get('x-touchpoint-preview')]).toEqual([404, 'draft']);
    await c.call('PUT', '/v1/content', doc('published'));
    expect(await (await fetch(`${c.url}/v1/content?key=wk_test&preview=${token}`)).json()).toEqual(doc('published'));
    const withWebhook = { ...doc('draft'), health: { signals: [{ event: 'E', weight: 1 }], alerts: [{ below: 40, webhook: 'https://crm.example.com/h' }] } };
    expect((await c.call('PUT', '/v1/content/draft', withWebhook)).status).toBe(200);
    const body = await (await fetch(`${c.url}/v1/content?key=wk_test&preview=${token}`)).text();
    expect(JSON.parse(body).messages).toEqual(doc('draft').messages);
    expect(body).not.toContain('crm.example.com');
  });

  it('of no use elsewhere: an unknown token, another project’s, or one sent as a Bearer key', async () => {
    const c = await start();
    await c.store.createProject({ name: 'other', writeKey: 'wk_other', secretKey: 'sk_other', origins: [] });
    await c.call('PUT', '/v1/content', doc('published'));
    await c.call('PUT', '/v1/content/draft', doc('draft'));
    const other = (await c.call('POST', '/v1/preview', undefined, { authorization: 'Bearer sk_other' })).body!.token as string;
    for (const token of ['tpp_unknown', other, 'x'.repeat(512)]) {
      const res = await fetch(`${c.url}/v1/content?key=wk_test&preview=${token}`);
      expect(await res.json()).toEqual(doc('published'));
      expect(res.headers.get('x-touchpoint-preview')).toBe('ended');
    }
    expect((await fetch(`${c.url}/v1/content?key=wk_test&preview=${'x'.repeat(513)}`)).status).toBe(400);
    const mine = (await c.call('POST', '/v1/preview')).body!.token as string;
    expect((await c.call('GET', '/v1/content/draft', undefined, { authorization: `Bearer ${mine}` })).status).toBe(401);
    // Without the write key, a token reads nothing.
    expect((await fetch(`${c.url}/v1/content?preview=${mine}`)).status).toBe(401);
  });

  it('given an app URL, answer it with #touchpoint-preview=TOKEN, keeping the app’s own fragment', async () => {
    const c = await start();
    const res = await c.call('POST', '/v1/preview', { url: 'https://app.example/todos?x=1#/list' });
    expect(res.body!.url).toBe(`https://app.example/todos?x=1#/list&touchpoint-preview=${res.body!.token}`);
    expect((await c.call('POST', '/v1/preview', { url: 'javascript:alert(1)' })).body).toMatchObject({ details: [{ path: 'url' }] });
  });
});

describe('builder sessions', () => {
  it('answer a token for 12 hours and the app URL with #touchpoint-builder=TOKEN; refuse what is not an http(s) URL with its path', async () => {
    const c = await start();
    const res = await c.call('POST', '/v1/builder/sessions', { url: 'http://localhost:3000/app#touchpoint-debug' });
    expect(res.status).toBe(200);
    const { token, url, expiresAt } = res.body as { token: string; url: string; expiresAt: string };
    expect(token).toMatch(/^tpb_[\w-]{32}$/);
    expect(url).toBe(`http://localhost:3000/app#touchpoint-builder=${token}`);
    expect(Date.parse(expiresAt)).toBe(c.at() + 12 * HOUR);
    for (const body of [{}, { url: 'javascript:alert(1)' }, { url: '/relative' }, { url: 42 }, { url: `https://a.example/${'x'.repeat(2100)}` }]) {
      const bad = await c.call('POST', '/v1/builder/sessions', body);
      expect(bad.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(bad.body).toMatchObject({ details: [{ path: 'url' }] });
    }
    expect((await c.call('POST', '/v1/builder/sessions', 'text')).status).toBe(400);
  });

  it('grant only what building needs, for one project, until they expire', async () => {
    const c = await start();
    await c.store.createProject({ name: 'other', writeKey: 'wk_other', secretKey: 'sk_other', origins: [] });
    await c.call('PUT', '/v1/content', doc('published'));
    await c.call('PUT', '/v1/content', doc('published'), { authorization: 'Bearer sk_other', 'content-type': 'application/json' });
    await c.call('PUT', '/v1/content/draft', doc('other draft'), { authorization: 'Bearer sk_other', 'content-type': 'application/json' });
    const token = (await c.call('POST', '/v1/builder/sessions', { url: 'https://app.example/' })).body!.token as string;
    const builder = { authorization: `Bearer ${token}` };

    expect(await c.call('GET', '/v1/content/draft', undefined, builder)).toMatchObject({ status: 200, body: doc('published') });
    expect((await c.call('PUT', '/v1/content/draft', doc('built'), builder)).status).toBe(200);
    expect(await c.call('GET', '/v1/content/draft', undefined, builder)).toMatchObject({ body: doc('built') });
    expect(await c.call('GET', '/v1/content', undefined, builder)).toMatchObject({ status: 200, body: doc('published') });
    expect((await c.call('GET', '/v1/content/versions', undefined, builder)).status).toBe(200);
    expect((await c.call('GET', '/v1/content/diff', undefined, builder)).body!.changes).toHaveLength(1);
    expect((await c.call('POST', '/v1/content/validate', doc('x'), builder)).status).toBe(403);
    const preview = await c.call('POST', '/v1/preview', {}, builder);
    expect(preview.status).toBe(200);
    expect(await (await fetch(`${c.url}/v1/content?key=wk_test&preview=${preview.body!.token}`)).json()).toEqual(doc('built'));
    // Bound to its project: the other project's draft is untouched.
    expect((await c.call('GET', '/v1/content/draft', undefined, { authorization: 'Bearer sk_other' })).body).toEqual(doc('other draft'));

    for (const [method, path, body] of [
      ['POST', '/v1/content/publish', undefined],
      ['POST', '/v1/content/rollback', { version: 1 }],
      ['PUT', '/v1/content', doc('x')],
      ['POST', '/v1/builder/sessions', { url: 'https://app.example/' }],
      ['GET', '/v1/events', undefined],
      ['GET', '/v1/reports/adoption', undefined],
      ['GET', '/v1/project', undefined],
      ['DELETE', '/v1/users/u1', undefined],
    ] as const) {
      const res = await c.call(method, path, body, builder);
      expect([res.status, res.body!.error], `${method} ${path}`).toEqual([403, expect.stringContaining('a builder session may only')]);
    }

    c.advance(12 * HOUR);
    const expired = await c.call('GET', '/v1/content/draft', undefined, builder);
    expect(expired).toMatchObject({ status: 401, body: { error: expect.stringContaining('expired') } });
    expect((await c.call('POST', '/v1/content/publish', undefined, builder)).status).toBe(401);
  });

  it('work from the project’s allowed origins through CORS, and nowhere else', async () => {
    const c = await start(['https://app.example']);
    const token = (await c.call('POST', '/v1/builder/sessions', { url: 'https://app.example/' })).body!.token as string;
    const preflight = await fetch(`${c.url}/v1/content/draft`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type');

    const from = (origin: string) => c.call('PUT', '/v1/content/draft', doc('built'), { authorization: `Bearer ${token}`, origin });
    const ok = await from('https://app.example');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const read = await c.call('GET', '/v1/content/draft', undefined, { authorization: `Bearer ${token}`, origin: 'https://app.example' });
    expect(read.headers.get('access-control-expose-headers')).toContain('ETag');
    const evil = await from('https://evil.example');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});
