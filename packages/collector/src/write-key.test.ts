import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { batch, startCollector as start, track } from './testing/collector.js';

/** Issue 13: what the write key can read (the browser's copy of the content) and what identity verification guards. */
describe('the content served to browsers', () => {
  it('is the browser projection: no health webhooks (with their tokens) for the write key; the whole document for the secret key', async () => {
    const c = await start();
    const doc = {
      version: 1,
      flows: [{ id: 'welcome', name: 'Welcome tour', steps: [{ id: 'hi', title: 'Hello' }] }],
      health: { signals: [{ event: 'Todo Added', weight: 1 }], alerts: [{ below: 40, webhook: 'https://hooks.slack.com/services/T00/B00/SECRET-TOKEN' }] },
    };
    const put = await fetch(`${c.url}/v1/content`, {
      method: 'PUT',
      headers: { authorization: 'Bearer sk_test', 'content-type': 'application/json' },
      body: JSON.stringify(doc),
    });
    expect(put.status).toBe(200);
    const browser = await fetch(`${c.url}/v1/content?key=wk_test`);
    const text = await browser.text();
    expect(text).not.toContain('SECRET-TOKEN');
    expect(JSON.parse(text)).toEqual({ version: 1, flows: [{ id: 'welcome', steps: [{ id: 'hi', title: 'Hello' }] }] });
    const etag = browser.headers.get('etag')!;
    expect((await fetch(`${c.url}/v1/content?key=wk_test`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const full = await fetch(`${c.url}/v1/content`, { headers: { authorization: 'Bearer sk_test' } });
    expect(await full.json()).toEqual(doc);
    expect(full.headers.get('etag')).not.toBe(etag);
  });
});

describe('identity verification', () => {
  const hashOf = (userId: string) => createHmac('sha256', 'sk_test').update(userId).digest('hex');
  async function verifying() {
    const c = await start();
    const put = await fetch(`${c.url}/v1/content`, {
      method: 'PUT',
      headers: { authorization: 'Bearer sk_test', 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1, settings: { identityVerification: true } }),
    });
    expect(put.status).toBe(200);
    return c;
  }
  const identify = (userId: string, anonymousId: string, userHash?: string) => ({
    type: 'identify',
    messageId: `id-${userId}-${anonymousId}`,
    userId,
    anonymousId,
    traits: { plan: 'pro' },
    ...(userHash && { context: { userHash } }),
  });
  const profile = (c: { url: string }, query: string) => fetch(`${c.url}/v1/profile?key=wk_test&${query}`);

  it("reading an anonymous id that belongs to a user needs that user's hash (was: the user's history without it)", async () => {
    const c = await verifying();
    expect(
      (await c.post('/v1/batch', batch(identify('u1', 'a1', hashOf('u1')), track('t1', { userId: 'u1', anonymousId: 'a1', event: 'Secret Thing' })))).status,
    ).toBe(200);
    expect((await c.post('/v1/batch', batch(track('t2', { userId: undefined, anonymousId: 'a2', event: 'Browsed' })))).status).toBe(200);

    const denied = await profile(c, 'anonymousId=a1');
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({ error: "this anonymous id belongs to an identified user: give that user's userHash" });
    expect((await profile(c, `anonymousId=a1&userHash=${hashOf('u2')}`)).status).toBe(403);
    const allowed = await profile(c, `anonymousId=a1&userHash=${hashOf('u1')}`);
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as { events: Record<string, unknown> }).events).toHaveProperty('Secret Thing');
    // Still anonymous: readable with the write key alone, as before.
    expect((await profile(c, 'anonymousId=a2')).status).toBe(200);

    // Another user (with a valid hash of their own) links the same anonymous id later: it stays u1's.
    expect((await c.post('/v1/batch', batch(identify('mallory', 'a1', hashOf('mallory'))))).status).toBe(200);
    expect((await profile(c, `anonymousId=a1&userHash=${hashOf('mallory')}`)).status).toBe(403);
  });

  it('refuses identify and group calls without a valid hash, by index, and keeps the rest; the hash is never stored', async () => {
    const c = await verifying();
    const res = await c.post(
      '/v1/batch',
      batch(
        identify('u1', 'a1'),
        identify('u2', 'a2', hashOf('someone else')),
        { type: 'group', messageId: 'g-forged', userId: 'u3', groupId: 'acme', traits: { tier: 'low' } },
        { type: 'group', messageId: 'g-ok', userId: 'u4', groupId: 'acme', traits: { tier: 'high' }, context: { userHash: hashOf('u4') } },
        track('t-forgeable', { userId: 'u5' }),
      ),
    );
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { details: Array<{ index: number; path: string; message: string }> };
    expect(answer.details.map((d) => [d.index, d.path])).toEqual([
      [0, 'batch[0].context.userHash'],
      [1, 'batch[1].context.userHash'],
      [2, 'batch[2].context.userHash'],
    ]);
    expect(answer.details[0]!.message).toBe("is required: identity verification is on, and identify and group calls need the user's hash");
    expect(answer.details[1]!.message).toMatch(/^does not verify this userId/);
    const { events } = await c.events();
    expect(events.map((e) => e.messageId).sort()).toEqual(['g-ok', 't-forgeable']);
    expect(JSON.stringify(events)).not.toContain(hashOf('u4'));
  });

  it('without verification, identify needs no hash, and a hash sent anyway is not stored', async () => {
    const c = await start();
    expect((await c.post('/v1/batch', batch(identify('u1', 'a1'), identify('u2', 'a2', hashOf('u2'))))).status).toBe(200);
    expect(JSON.stringify((await c.events()).events)).not.toContain(hashOf('u2'));
    expect((await profile(c, 'anonymousId=a1')).status).toBe(200);
  });
});

describe('the profile', () => {
  it('keeps names such as "__proto__" and "constructor" as data (was: a 500, and a polluted prototype)', async () => {
    const c = await start();
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const messages = names.flatMap((name, i) => [track(`e${i}`, { event: name }), track(`f${i}`, { event: 'Flow Started', properties: { flow_id: name } })]);
    expect((await c.post('/v1/batch', batch(...messages))).status).toBe(200);
    const res = await fetch(`${c.url}/v1/profile?key=wk_test&userId=u1`);
    expect(res.status).toBe(200);
    const profile = JSON.parse(await res.text(), (key, value) => value) as {
      events: Record<string, { total: number }>;
      content: Record<string, Record<string, unknown>>;
    };
    for (const name of names) {
      expect(Object.getOwnPropertyDescriptor(profile.events, name)?.value, name).toMatchObject({ total: 1 });
      expect(Object.getOwnPropertyDescriptor(profile.content, name)?.value, name).toMatchObject({ 'Flow Started': { count: 1 } });
    }
    expect(({} as Record<string, unknown>).total).toBeUndefined();
  });
});
