import { describe, expect, it } from 'vitest';
import { bearer, SIGN_IN_TIMEOUT, startApi } from '../testing/api-client.js';

/** The audit log (CONTRACT §8): an entry for each audited action, with its actor and what changed; filters and pages. */
const MINUTE = 60_000;
const doc = (...ids: string[]) => ({ version: 1, messages: ids.map((id) => ({ id, kind: 'banner', body: id })) });
type Entry = { at: string; actor: string; action: string; target: string; details: Record<string, unknown> };

describe('audit entries', { timeout: SIGN_IN_TIMEOUT }, () => {
  it('record every publish, rollback, draft save, tool token, key rotation and user-data deletion with actor and details', async () => {
    const c = await startApi();
    const t0 = c.at();
    expect((await c.call('PUT', '/v1/content', doc('a'))).status).toBe(200);
    c.advance(MINUTE);
    expect((await c.call('PUT', '/v1/content/draft', doc('a', 'b'), await c.as('editor'))).status).toBe(200);
    c.advance(MINUTE);
    expect((await c.call('POST', '/v1/content/publish', undefined, await c.as('publisher'))).status).toBe(200);
    c.advance(MINUTE);
    expect((await c.call('POST', '/v1/content/rollback', { version: 1 })).status).toBe(200);
    c.advance(MINUTE);
    const builder = await c.call('POST', '/v1/builder/sessions', { url: 'https://app.example.com/todos#/list' }, await c.as('editor'));
    // What the builder does is the editor's who opened it.
    const token = bearer(builder.body!.token as string);
    expect((await c.call('PUT', '/v1/content/draft', doc('a', 'c'), token)).status).toBe(200);
    expect((await c.call('POST', '/v1/preview', {}, token)).status).toBe(200);
    c.advance(MINUTE);
    await c.post('/v1/batch', JSON.stringify({ writeKey: 'wk_test', batch: [{ type: 'track', event: 'E', userId: 'u1', messageId: 'm1' }] }));
    expect((await c.call('DELETE', '/v1/users/u1', undefined, await c.as('publisher'))).status).toBe(200);
    const rotated = await c.call('POST', '/v1/project/keys/rotate', { keys: 'both', graceHours: 1 }, await c.as('owner'));

    const log = await c.call('GET', '/v1/audit', undefined, bearer(rotated.body!.secretKey as string));
    expect(log.status).toBe(200);
    expect(log.headers.get('cache-control')).toBe('no-store');
    const entries = log.body!.entries as Entry[];
    const at = (minutes: number) => new Date(t0 + minutes * MINUTE).toISOString();
    expect(entries.map((e) => [e.at, e.actor, e.action, e.target])).toEqual([
      [at(5), 'owner@example.com', 'keys.rotate', 'keys'],
      [at(5), 'publisher@example.com', 'user-data.delete', 'u1'],
      [at(4), 'editor@example.com', 'preview.token', 'preview'],
      [at(4), 'editor@example.com', 'draft.save', 'draft'],
      [at(4), 'editor@example.com', 'builder.session', 'builder'],
      [at(3), 'secret-key', 'content.rollback', 'version 3'],
      [at(2), 'publisher@example.com', 'content.publish', 'version 2'],
      [at(1), 'editor@example.com', 'draft.save', 'draft'],
      [at(0), 'secret-key', 'content.publish', 'version 1'],
    ]);
    const details = (i: number) => entries[i]!.details;
    expect(details(0)).toEqual({ kinds: ['write', 'secret'], graceHours: 1, previousValidUntil: rotated.body!.previousValidUntil });
    expect(JSON.stringify(log.body)).not.toContain(rotated.body!.secretKey);
    expect(JSON.stringify(log.body)).not.toContain(rotated.body!.writeKey);
    expect(JSON.stringify(log.body)).not.toContain(builder.body!.token);
    expect(details(1)).toEqual({ events: 1 });
    expect(details(2)).toEqual({ expiresAt: expect.any(String) });
    // The builder's save: what changed from the draft it replaced (the published version 3: a).
    expect(details(3)).toEqual({ baseVersion: 3, changes: [{ section: 'messages', id: 'c', change: 'added' }], changeCount: 1 });
    expect(details(4)).toEqual({ url: 'https://app.example.com/todos', expiresAt: builder.body!.expiresAt });
    expect(details(5)).toEqual({
      version: 3,
      previousVersion: 2,
      rolledBackTo: 1,
      changes: [{ section: 'messages', id: 'b', change: 'removed' }],
      changeCount: 1,
    });
    expect(details(6)).toEqual({ version: 2, previousVersion: 1, changes: [{ section: 'messages', id: 'b', change: 'added' }], changeCount: 1 });
    expect(details(7)).toEqual({ baseVersion: 1, changes: [{ section: 'messages', id: 'b', change: 'added' }], changeCount: 1 });
    expect(details(8)).toEqual({ version: 1, previousVersion: null, changes: [{ section: 'messages', id: 'a', change: 'added' }], changeCount: 1 });
  });

  it('records no publish that made no new version (the same document again)', async () => {
    const c = await startApi();
    await c.call('PUT', '/v1/content', doc('a'));
    await c.call('PUT', '/v1/content', doc('a'));
    const entries = (await c.call('GET', '/v1/audit')).body!.entries as Entry[];
    expect(entries.map((e) => e.action)).toEqual(['content.publish']);
  });
});

describe('GET /v1/audit', { timeout: SIGN_IN_TIMEOUT }, () => {
  async function busy() {
    const c = await startApi();
    // 7 draft saves by the editor, a publish by the secret key, a minute apart.
    for (let i = 0; i < 7; i++) {
      await c.call('PUT', '/v1/content/draft', doc(`m${i}`), await c.as('editor'));
      c.advance(MINUTE);
    }
    await c.call('PUT', '/v1/content', doc('x'));
    return c;
  }

  it('filters by action, actor and time (a day as `to` includes it)', async () => {
    const c = await busy();
    const get = async (query: string) => ((await c.call('GET', `/v1/audit?${query}`)).body!.entries as Entry[]).map((e) => `${e.action} ${e.at.slice(11, 16)}`);
    expect(await get('action=content.publish')).toEqual(['content.publish 10:07']);
    expect(await get('actor=editor%40example.com&limit=2')).toEqual(['draft.save 10:06', 'draft.save 10:05']);
    expect(await get('from=2026-11-27T10:02:00Z&to=2026-11-27T10:04:00Z')).toEqual(['draft.save 10:03', 'draft.save 10:02']);
    expect(await get('from=2026-11-27&to=2026-11-27')).toHaveLength(8);
    expect(await get('to=2026-11-26')).toEqual([]);
    expect(await get('actor=nobody')).toEqual([]);
  });

  it('reads every entry exactly once, newest first, page by page with next', async () => {
    const c = await busy();
    const seen: string[] = [];
    let cursor = '';
    for (let pages = 0; pages < 10; pages++) {
      const page = await c.call('GET', `/v1/audit?limit=3${cursor && `&cursor=${cursor}`}`);
      seen.push(...(page.body!.entries as Entry[]).map((e) => e.at));
      if (!page.body!.next) break;
      cursor = page.body!.next as string;
    }
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('is for owners; bad filters get 400 with the parameter named', async () => {
    const c = await busy();
    expect((await c.call('GET', '/v1/audit', undefined, await c.as('publisher'))).status).toBe(403);
    expect((await c.call('GET', '/v1/audit', undefined, await c.as('owner'))).status).toBe(200);
    expect((await c.call('GET', '/v1/audit', undefined, { cookie: '' })).status).toBe(401);
    for (const [query, name] of [
      ['action=content.delete', 'action'],
      ['cursor=abc', 'cursor'],
      ['from=yesterday', 'from'],
      ['to=2', 'to'],
      ['to=2026-02-30T25:00Z', 'to'],
      ['limit=0', 'limit'],
      [`cursor=${Buffer.from('["a",1]').toString('base64url')}`, 'cursor'],
    ]) {
      const res = await c.call('GET', `/v1/audit?${query}`);
      expect(res.status, query).toBe(400);
      expect(JSON.stringify(res.body), query).toContain(name);
    }
  });
});
