import { describe, expect, it } from 'vitest';
import type { Role } from '../roles.js';
import { bearer, SIGN_IN_TIMEOUT, startApi } from '../testing/api-client.js';

/**
 * The draft beside the published versions (CONTRACT §7): read, save (validated like a
 * publish), publish, diff; who may do each (§8); nothing a client sends gives a 5xx.
 */
const start = startApi;

const doc = (title: string) => ({ version: 1, messages: [{ id: 'news', kind: 'banner', body: title }] });

describe('the draft', () => {
  it('with nothing saved or published answers a clear 404; once published, the published document', async () => {
    const c = await start();
    expect(await c.call('GET', '/v1/content/draft')).toMatchObject({ status: 404, body: { error: 'no draft saved and no content published yet' } });
    expect((await c.call('PUT', '/v1/content', doc('one'))).status).toBe(200);
    const draft = await c.call('GET', '/v1/content/draft');
    expect(draft).toMatchObject({ status: 200, body: doc('one') });
    expect(draft.headers.get('x-touchpoint-draft')).toBe('published');
    expect(draft.headers.get('cache-control')).toBe('no-store');
  });

  it('is saved validated like a publish (400 with the paths), read back, and not published until published', async () => {
    const c = await start();
    const bad = await c.call('PUT', '/v1/content/draft', { version: 1, messages: [{ id: 'news', kind: 'popup', body: 'x' }, { kind: 'modal' }] });
    expect(bad.status).toBe(400);
    expect((bad.body!.errors as Array<{ path: string }>).map((e) => e.path)).toEqual(['messages[0].kind', 'messages[1].id']);
    expect(bad.body!.details).toEqual(bad.body!.errors);
    expect((await c.call('GET', '/v1/content/draft')).status).toBe(404);

    const saved = await c.call('PUT', '/v1/content/draft', doc('draft'));
    expect(saved).toMatchObject({ status: 200, body: { etag: expect.any(String), baseVersion: null } });
    const read = await c.call('GET', '/v1/content/draft');
    expect(read).toMatchObject({ status: 200, body: doc('draft') });
    expect(read.headers.get('x-touchpoint-draft')).toBe('saved');
    expect(read.headers.get('etag')).toBe(saved.body!.etag);
    // Nobody else sees it: nothing is published.
    expect((await fetch(`${c.url}/v1/content?key=wk_test`)).status).toBe(404);
    expect(await c.call('GET', '/v1/content/versions')).toMatchObject({ body: { versions: [] } });
  });

  it('is published as the next version, answering { version }; then the draft is the published document again', async () => {
    const c = await start();
    expect(await c.call('POST', '/v1/content/publish')).toMatchObject({ status: 409, body: { error: expect.stringContaining('no draft to publish') } });
    await c.call('PUT', '/v1/content', doc('one'));
    await c.call('PUT', '/v1/content/draft', doc('two'));
    expect(await c.call('POST', '/v1/content/publish')).toEqual(expect.objectContaining({ status: 200, body: { version: 2 } }));
    expect(await (await fetch(`${c.url}/v1/content?key=wk_test`)).json()).toEqual(doc('two'));
    const after = await c.call('GET', '/v1/content/draft');
    expect(after.headers.get('x-touchpoint-draft')).toBe('published');
    expect(after.body).toEqual(doc('two'));
    // Published already: nothing left to publish.
    expect((await c.call('POST', '/v1/content/publish')).status).toBe(409);
  });

  it('publishing invalidates the content cache at once, as a publish does (identity verification applies on the next request)', async () => {
    const c = await start();
    await c.call('PUT', '/v1/content', { version: 1 });
    const profile = () => fetch(`${c.url}/v1/profile?key=wk_test&userId=u1`).then((r) => r.status);
    expect(await profile()).toBe(200);
    await c.call('PUT', '/v1/content/draft', { version: 1, settings: { identityVerification: true } });
    // A draft changes nothing for users.
    expect(await profile()).toBe(200);
    await c.call('POST', '/v1/content/publish');
    expect(await profile()).toBe(403);
  });

  it('with If-Match, a save or a publish over someone else’s newer save is refused (412)', async () => {
    const c = await start();
    const first = await c.call('PUT', '/v1/content/draft', doc('a'));
    const etag = first.body!.etag as string;
    expect((await c.call('PUT', '/v1/content/draft', doc('b'), { ...bearer('sk_test'), 'if-match': etag })).status).toBe(200);
    expect((await c.call('PUT', '/v1/content/draft', doc('c'), { ...bearer('sk_test'), 'if-match': etag })).status).toBe(412);
    expect((await c.call('POST', '/v1/content/publish', undefined, { ...bearer('sk_test'), 'if-match': etag })).status).toBe(412);
    expect((await c.call('GET', '/v1/content/draft')).body).toEqual(doc('b'));
    const current = (await c.call('GET', '/v1/content/draft')).headers.get('etag')!;
    expect(await c.call('POST', '/v1/content/publish', undefined, { ...bearer('sk_test'), 'if-match': current })).toMatchObject({
      status: 200,
      body: { version: 1 },
    });
  });
});

describe('the diff', () => {
  it('lists what changed item by item between versions, the draft and the published document', async () => {
    const c = await start();
    // Nothing anywhere: nothing changed.
    expect(await c.call('GET', '/v1/content/diff?from=published&to=draft')).toMatchObject({ status: 200, body: { changes: [] } });
    await c.call('PUT', '/v1/content', doc('one'));
    await c.call('PUT', '/v1/content/draft', { ...doc('two'), flows: [{ id: 'tour', steps: [{ id: 's', body: 'Hi' }] }] });
    const expected = [
      { section: 'flows', id: 'tour', change: 'added' },
      { section: 'messages', id: 'news', change: 'changed', fields: ['body'] },
    ];
    expect((await c.call('GET', '/v1/content/diff?from=1&to=draft')).body).toEqual({ from: '1', to: 'draft', changes: expected });
    // The defaults: from the published document to the draft.
    expect((await c.call('GET', '/v1/content/diff')).body!.changes).toEqual(expected);
    expect((await c.call('GET', '/v1/content/diff?from=draft&to=1')).body!.changes).toEqual([
      { section: 'flows', id: 'tour', change: 'removed' },
      { section: 'messages', id: 'news', change: 'changed', fields: ['body'] },
    ]);
    await c.call('POST', '/v1/content/publish');
    expect((await c.call('GET', '/v1/content/diff?from=1&to=2')).body!.changes).toEqual(expected);
    expect((await c.call('GET', '/v1/content/diff?from=published&to=draft')).body!.changes).toEqual([]);
  });

  it('answers 400 with the parameter for what is not a version, and 404 for a version that does not exist', async () => {
    const c = await start();
    for (const q of ['from=abc', 'to=0', 'from=-1', 'to=1.5', 'from=99999999999', 'from=draft&from=1']) {
      const res = await c.call('GET', `/v1/content/diff?${q}`);
      expect(res.status, q).toBe(400);
      expect((res.body!.details as Array<{ path: string }>)[0]!.path, q).toMatch(/^(from|to)$/);
    }
    expect(await c.call('GET', '/v1/content/diff?from=7&to=draft')).toMatchObject({ status: 404, body: { error: 'no version 7' } });
  });
});

describe('who may do what (CONTRACT §8)', { timeout: SIGN_IN_TIMEOUT }, () => {
  it('viewers read the draft and the diff; editors save it; publishers publish and roll back', async () => {
    const c = await start();
    await c.call('PUT', '/v1/content', doc('one'));
    const status = async (role: Role, method: string, path: string, body?: unknown) => (await c.call(method, path, body, await c.as(role))).status;
    expect(await status('viewer', 'GET', '/v1/content/draft')).toBe(200);
    expect(await status('viewer', 'GET', '/v1/content/diff')).toBe(200);
    expect(await status('viewer', 'PUT', '/v1/content/draft', doc('v'))).toBe(403);
    expect(await status('viewer', 'POST', '/v1/preview', {})).toBe(403);
    expect(await status('viewer', 'POST', '/v1/builder/sessions', { url: 'https://app.example/' })).toBe(403);
    expect(await status('editor', 'PUT', '/v1/content/draft', doc('e'))).toBe(200);
    expect(await status('editor', 'POST', '/v1/preview', {})).toBe(200);
    expect(await status('editor', 'POST', '/v1/builder/sessions', { url: 'https://app.example/' })).toBe(200);
    expect(await status('editor', 'POST', '/v1/content/publish')).toBe(403);
    expect(await status('editor', 'POST', '/v1/content/rollback', { version: 1 })).toBe(403);
    expect(await status('publisher', 'POST', '/v1/content/publish')).toBe(200);
    expect(await status('publisher', 'POST', '/v1/content/rollback', { version: 1 })).toBe(200);
    expect(await (await fetch(`${c.url}/v1/content?key=wk_test`)).json()).toEqual(doc('one'));
    // The write key reads no draft.
    expect((await fetch(`${c.url}/v1/content/draft?key=wk_test`)).status).toBe(401);
  });

  it('nothing a client sends to the draft routes gives a 5xx', async () => {
    const c = await start();
    const bodies: Array<[string, string]> = [
      ['application/json', '{'],
      ['application/json', 'null'],
      ['application/json', '[]'],
      ['application/json', '"text"'],
      ['text/plain', 'not json'],
      ['application/json', JSON.stringify({ version: 1, flows: [{ id: 'x', steps: 'nope' }] })],
      ['application/json', `{"version":1,"settings":${'['.repeat(200)}${']'.repeat(200)}}`],
      ['application/json', '['.repeat(100_000) + ']'.repeat(100_000)],
      ['application/json', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]).toString('latin1')],
      ['application/json', '{"url":"http://[::1"}'],
      ['application/json', '{"url":{"toString":"x"}}'],
      ['application/json', JSON.stringify({ __proto__: { polluted: true }, version: 1 }).replace('"version"', '"__proto__":{"x":1},"version"')],
    ];
    for (const [type, body] of bodies) {
      for (const [method, path] of [
        ['PUT', '/v1/content/draft'],
        ['POST', '/v1/content/publish'],
        ['POST', '/v1/preview'],
        ['POST', '/v1/builder/sessions'],
      ]) {
        const res = await fetch(c.url + path!, { method, headers: { authorization: 'Bearer sk_test', 'content-type': type }, body });
        expect(res.status, `${method} ${path} ${body.slice(0, 40)}`).toBeLessThan(500);
      }
    }
    const huge = await fetch(`${c.url}/v1/content/draft`, {
      method: 'PUT',
      headers: { authorization: 'Bearer sk_test', 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1, pad: 'x'.repeat(3 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
  });
});
