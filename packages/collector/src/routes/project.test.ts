import { describe, expect, it } from 'vitest';
import { userHash } from '../identity-verification.js';
import { bearer, SIGN_IN_TIMEOUT, startApi } from '../testing/api-client.js';

/** Key rotation with a grace period, the keys owners see, and the staging environment (CONTRACT §8). */
const HOUR = 3600_000;
const verified = { version: 1, settings: { identityVerification: true } };
const track = (writeKey: string, extra: Record<string, unknown> = {}) => ({
  writeKey,
  batch: [{ type: 'track', event: 'E', userId: 'u1', messageId: `m${Math.random()}`, ...extra }],
});

describe('key rotation', { timeout: SIGN_IN_TIMEOUT }, () => {
  it('keeps the old secret key working until previousValidUntil, then answers it 401 like any unknown key', async () => {
    const c = await startApi();
    const rotated = await c.call('POST', '/v1/project/keys/rotate', { keys: 'secret', graceHours: 2 });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    expect(rotated.body).toEqual({ secretKey: expect.stringMatching(/^sk_[\w-]{32}$/), previousValidUntil: new Date(c.at() + 2 * HOUR).toISOString() });
    const fresh = rotated.body!.secretKey as string;
    expect((await c.call('GET', '/v1/events', undefined, bearer(fresh))).status).toBe(200);
    c.advance(2 * HOUR - 1);
    expect((await c.call('GET', '/v1/events', undefined, bearer('sk_test'))).status).toBe(200);
    c.advance(1);
    const old = await c.call('GET', '/v1/events', undefined, bearer('sk_test'));
    expect(old.status).toBe(401);
    expect(old.body).toEqual((await c.call('GET', '/v1/events', undefined, bearer('sk_never'))).body);
    expect((await c.call('GET', '/v1/events', undefined, bearer(fresh))).status).toBe(200);
    // The write key was not rotated.
    expect((await c.post('/v1/batch', JSON.stringify(track('wk_test')))).status).toBe(200);
  });

  it('keeps the old write key working for pages cached with it (ingest, content, profile) until the grace period ends', async () => {
    const c = await startApi();
    await c.call('PUT', '/v1/content', { version: 1 });
    const rotated = await c.call('POST', '/v1/project/keys/rotate', { keys: 'write' });
    expect(rotated.body).toEqual({ writeKey: expect.stringMatching(/^wk_/), previousValidUntil: new Date(c.at() + 24 * HOUR).toISOString() });
    const fresh = rotated.body!.writeKey as string;
    const reads = (key: string) =>
      Promise.all([
        c.post('/v1/batch', JSON.stringify(track(key))).then((r) => r.status),
        fetch(`${c.url}/v1/content?key=${key}`).then((r) => r.status),
        fetch(`${c.url}/v1/profile?key=${key}&userId=u1`).then((r) => r.status),
      ]);
    expect(await reads(fresh)).toEqual([200, 200, 200]);
    c.advance(24 * HOUR - 1);
    expect(await reads('wk_test')).toEqual([200, 200, 200]);
    c.advance(1);
    expect(await reads('wk_test')).toEqual([401, 401, 401]);
    expect(await reads(fresh)).toEqual([200, 200, 200]);
    // Events sent with either key are the same project's.
    expect((await c.events()).events).toHaveLength(3);
    // The secret key was not rotated.
    expect((await c.call('GET', '/v1/events', undefined, bearer('sk_test'))).status).toBe(200);
  });

  it('verifies userHash made with the old secret key during the grace period, and only with the new one after', async () => {
    const c = await startApi();
    await c.call('PUT', '/v1/content', verified);
    const fresh = (await c.call('POST', '/v1/project/keys/rotate', { keys: 'secret', graceHours: 1 })).body!.secretKey as string;
    const profile = (secret: string) => fetch(`${c.url}/v1/profile?key=wk_test&userId=u1&userHash=${userHash('u1', secret)}`).then((r) => r.status);
    const ingest = (secret: string) =>
      c
        .post('/v1/batch', JSON.stringify(track('wk_test', { type: 'identify', event: undefined, context: { userHash: userHash('u1', secret) } })))
        .then((r) => r.status);
    expect([await profile('sk_test'), await profile(fresh), await ingest('sk_test'), await ingest(fresh)]).toEqual([200, 200, 200, 200]);
    c.advance(HOUR);
    expect([await profile('sk_test'), await profile(fresh)]).toEqual([403, 200]);
    expect(await ingest('sk_test')).toBe(400);
    expect(await ingest(fresh)).toBe(200);
  });

  it('rotates both by default; a grace of 0 hours ends the old keys at once; rotating again forgets the key of the rotation before', async () => {
    const c = await startApi();
    const first = await c.call('POST', '/v1/project/keys/rotate');
    expect(Object.keys(first.body!).sort()).toEqual(['previousValidUntil', 'secretKey', 'writeKey']);
    const { secretKey: second } = first.body as { secretKey: string };
    expect((await c.call('GET', '/v1/events', undefined, bearer('sk_test'))).status).toBe(200);
    const again = await c.call('POST', '/v1/project/keys/rotate', { keys: 'secret', graceHours: 0 }, bearer(second));
    expect(again.body!.previousValidUntil).toBe(new Date(c.at()).toISOString());
    for (const key of ['sk_test', second]) expect((await c.call('GET', '/v1/events', undefined, bearer(key))).status).toBe(401);
    expect((await c.call('GET', '/v1/events', undefined, bearer(again.body!.secretKey as string))).status).toBe(200);
  });

  it('is for owners only, and refuses a bad body with its path', async () => {
    const c = await startApi();
    expect((await c.call('POST', '/v1/project/keys/rotate', {}, await c.as('publisher'))).status).toBe(403);
    expect((await c.call('POST', '/v1/project/keys/rotate', {}, await c.as('owner'))).status).toBe(200);
    const bad = await c.call('POST', '/v1/project/keys/rotate', { keys: 'all', graceHours: 721 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('graceHours');
    expect(JSON.stringify(bad.body)).toContain('keys');
  });

  it('shares the rate-limit bucket of the old and new write key (a rotation does not double the allowance)', async () => {
    const c = await startApi();
    await c.app.close();
    const limited = await (await import('../testing/collector.js')).startCollector({ rateLimit: 4 });
    const rotate = await fetch(`${limited.url}/v1/project/keys/rotate`, { method: 'POST', headers: bearer('sk_test') });
    const { writeKey } = (await rotate.json()) as { writeKey: string };
    const statuses = [];
    for (const key of ['wk_test', writeKey, 'wk_test', writeKey, 'wk_test'])
      statuses.push((await limited.post('/v1/batch', JSON.stringify(track(key)))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });
});

describe('GET /v1/project', { timeout: SIGN_IN_TIMEOUT }, () => {
  it('shows owners previews of the keys and how long the old ones last, never a whole secret key; others see no keys', async () => {
    const c = await startApi();
    const before = await c.call('GET', '/v1/project');
    expect(before.body).toEqual({
      id: 1,
      name: 'test',
      writeKey: 'wk_test',
      environment: 'production',
      keys: [
        { kind: 'write', preview: 'wk_…test' },
        { kind: 'secret', preview: 'sk_…test' },
      ],
    });
    const rotated = (await c.call('POST', '/v1/project/keys/rotate', { keys: 'secret', graceHours: 1 })).body!;
    const secret = rotated.secretKey as string;
    const owner = await c.call('GET', '/v1/project', undefined, bearer(secret));
    expect(owner.body!.keys).toEqual([
      { kind: 'write', preview: 'wk_…test' },
      { kind: 'secret', preview: `sk_…${secret.slice(-4)}` },
      { kind: 'secret', preview: 'sk_…test', validUntil: rotated.previousValidUntil },
    ]);
    expect(JSON.stringify(owner.body)).not.toContain(secret);
    const viewer = await c.call('GET', '/v1/project', undefined, await c.as('viewer'));
    expect(viewer.status).toBe(200);
    expect(viewer.body).not.toHaveProperty('keys');
    c.advance(HOUR);
    expect((await c.call('GET', '/v1/project', undefined, bearer(secret))).body!.keys).toHaveLength(2);
  });
});

describe('POST /v1/project/staging', { timeout: SIGN_IN_TIMEOUT }, () => {
  it('creates the staging environment once (201), then answers the same one (200); a staging project has none', async () => {
    const c = await startApi();
    const created = await c.call('POST', '/v1/project/staging');
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 2,
      name: 'test (staging)',
      environment: 'staging',
      writeKey: expect.stringMatching(/^wk_/),
      secretKey: expect.stringMatching(/^sk_/),
    });
    const again = await c.call('POST', '/v1/project/staging');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(created.body);
    const staging = bearer(created.body!.secretKey as string);
    expect((await c.call('POST', '/v1/project/staging', undefined, staging)).status).toBe(409);
    expect((await c.call('GET', '/v1/project', undefined, staging)).body).toMatchObject({ id: 2, environment: 'staging', productionId: 1 });
    expect((await c.call('GET', '/v1/project')).body).toMatchObject({ id: 1, environment: 'production', stagingId: 2 });
    expect((await c.call('POST', '/v1/project/staging', undefined, await c.as('publisher'))).status).toBe(403);
  });
});
