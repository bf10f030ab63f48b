import { describe, expect, it } from 'vitest';
import { bearer, SIGN_IN_TIMEOUT, startApi } from '../testing/api-client.js';

/** Staging and production (CONTRACT §8): separate projects, and promotion of staging's version with its diff. */
const doc = (...ids: string[]) => ({ version: 1, messages: ids.map((id) => ({ id, kind: 'banner', body: id })) });

async function withStaging() {
  const c = await startApi();
  const staging = (await c.call('POST', '/v1/project/staging')).body as { id: number; writeKey: string; secretKey: string };
  return { ...c, staging: { ...staging, auth: bearer(staging.secretKey) } };
}

describe('staging', () => {
  it("keeps its own events, content, drafts and audit log: production's answers never include staging's, nor the other way", async () => {
    const c = await withStaging();
    const send = (writeKey: string, event: string) =>
      c.post('/v1/batch', JSON.stringify({ writeKey, batch: [{ type: 'track', event, userId: 'u1', messageId: `${writeKey}-${event}` }] }));
    expect((await send('wk_test', 'Prod Event')).status).toBe(200);
    expect((await send(c.staging.writeKey, 'Staging Event')).status).toBe(200);
    await c.call('PUT', '/v1/content', doc('prod'));
    await c.call('PUT', '/v1/content', doc('stage'), c.staging.auth);
    await c.call('PUT', '/v1/content/draft', doc('stage', 'draft'), c.staging.auth);

    const events = async (auth: Record<string, string>) =>
      ((await c.call('GET', '/v1/events', undefined, auth)).body!.events as Array<{ event: string }>).map((e) => e.event);
    expect(await events(bearer('sk_test'))).toEqual(['Prod Event']);
    expect(await events(c.staging.auth)).toEqual(['Staging Event']);
    const published = async (writeKey: string) => (await fetch(`${c.url}/v1/content?key=${writeKey}`)).json();
    expect(await published('wk_test')).toEqual(doc('prod'));
    expect(await published(c.staging.writeKey)).toEqual(doc('stage'));
    expect((await c.call('GET', '/v1/content/draft')).headers.get('x-touchpoint-draft')).toBe('published');
    const activity = async (auth: Record<string, string>) => (await c.call('GET', '/v1/reports/adoption', undefined, auth)).body!.activeUsers;
    expect([await activity(bearer('sk_test')), await activity(c.staging.auth)]).toEqual([1, 1]);
    await c.call('DELETE', '/v1/users/u1', undefined, c.staging.auth);
    expect(await events(bearer('sk_test'))).toEqual(['Prod Event']);
    const audit = async (auth: Record<string, string>) =>
      ((await c.call('GET', '/v1/audit', undefined, auth)).body!.entries as Array<{ action: string }>).map((e) => e.action);
    expect(await audit(bearer('sk_test'))).toEqual(['content.publish']);
    expect(await audit(c.staging.auth)).toEqual(['user-data.delete', 'draft.save', 'content.publish']);
    // Each environment's keys are its own: staging's secret key reads nothing of production's.
    expect((await c.call('GET', '/v1/project', undefined, c.staging.auth)).body!.id).toBe(c.staging.id);
  });
});

describe('promotion', { timeout: SIGN_IN_TIMEOUT }, () => {
  it("shows what staging's version would change in production, then publishes it as production's next version, audited", async () => {
    const c = await withStaging();
    await c.call('PUT', '/v1/content', doc('a', 'b'));
    await c.call('PUT', '/v1/content', doc('a'), c.staging.auth);
    await c.call('PUT', '/v1/content', doc('a', 'c'), c.staging.auth);

    const promotion = await c.call('GET', '/v1/content/promotion', undefined, await c.as('viewer'));
    expect(promotion.status).toBe(200);
    expect(promotion.body).toEqual({
      staging: { projectId: c.staging.id, version: 2 },
      production: { version: 1 },
      changes: [
        { section: 'messages', id: 'c', change: 'added' },
        { section: 'messages', id: 'b', change: 'removed' },
      ],
    });
    // The same changes as the §7 diff between the two documents.
    await c.call('PUT', '/v1/content/draft', doc('a', 'c'));
    expect((await c.call('GET', '/v1/content/diff?from=published&to=draft')).body!.changes).toEqual(promotion.body!.changes);

    expect((await c.call('POST', '/v1/content/promote', { version: 2 }, await c.as('editor'))).status).toBe(403);
    const promoted = await c.call('POST', '/v1/content/promote', { version: 2 }, await c.as('publisher'));
    expect(promoted.status).toBe(200);
    expect(promoted.body).toEqual({ version: 2 });
    expect(await (await fetch(`${c.url}/v1/content?key=wk_test`)).json()).toEqual(doc('a', 'c'));
    expect((await c.call('GET', '/v1/content/promotion')).body).toMatchObject({ production: { version: 2 }, changes: [] });
    const [entry] = (await c.call('GET', '/v1/audit?action=content.promote')).body!.entries as Array<Record<string, unknown>>;
    expect(entry).toMatchObject({ actor: 'publisher@example.com', action: 'content.promote', target: 'version 2' });
    expect(entry!.details).toEqual({
      version: 2,
      previousVersion: 1,
      stagingProjectId: c.staging.id,
      stagingVersion: 2,
      changes: promotion.body!.changes,
      changeCount: 2,
    });
    // Staging is untouched.
    expect(await (await fetch(`${c.url}/v1/content?key=${c.staging.writeKey}`)).json()).toEqual(doc('a', 'c'));
  });

  it("answers 409 for a version that is not staging's current one (nobody promotes what they did not see)", async () => {
    const c = await withStaging();
    await c.call('PUT', '/v1/content', doc('a'));
    expect((await c.call('POST', '/v1/content/promote', { version: 1 })).status).toBe(409);
    await c.call('PUT', '/v1/content', doc('a', 'b'), c.staging.auth);
    await c.call('PUT', '/v1/content', doc('a', 'b', 'c'), c.staging.auth);
    const stale = await c.call('POST', '/v1/content/promote', { version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body!.error).toContain("staging's current version is 2");
    expect(await (await fetch(`${c.url}/v1/content?key=wk_test`)).json()).toEqual(doc('a'));
    expect((await c.call('POST', '/v1/content/promote', { version: 'latest' })).status).toBe(400);
  });

  it('lives on the production project: 409 on a staging project, 404 before staging exists', async () => {
    const c = await startApi();
    expect((await c.call('GET', '/v1/content/promotion')).status).toBe(404);
    expect((await c.call('POST', '/v1/content/promote', { version: 1 })).status).toBe(404);
    const staging = bearer(((await c.call('POST', '/v1/project/staging')).body as { secretKey: string }).secretKey);
    expect((await c.call('GET', '/v1/content/promotion', undefined, staging)).status).toBe(409);
    expect((await c.call('POST', '/v1/content/promote', { version: 1 }, staging)).status).toBe(409);
  });
});

describe('the routes of issue 17 (keys, staging, promotion, audit)', () => {
  it('answer nothing a client sends with a 5xx: a bad body or query is a 400', async () => {
    const c = await withStaging();
    for (const query of ['limit=1e400', 'cursor=%00', 'action=content.publish&action=draft.save', 'to=9999999-01-01', `actor=${'a'.repeat(5000)}`]) {
      const res = await c.call('GET', `/v1/audit?${query}`);
      expect(res.status, query).toBe(400);
    }
    // Some of these rotate the keys (a body it takes): after the audit queries, which use the key.
    const junk: unknown[] = [
      null,
      'x',
      7,
      [],
      { keys: 'none' },
      { graceHours: -1 },
      { graceHours: 1.5 },
      { graceHours: '24' },
      { version: null },
      { version: 2 ** 40 },
    ];
    for (const body of junk) {
      for (const path of ['/v1/project/keys/rotate', '/v1/content/promote']) {
        const res = await fetch(`${c.url}${path}`, {
          method: 'POST',
          headers: { ...bearer('sk_test'), 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status, `${path} ${JSON.stringify(body)}`).toBeLessThan(500);
      }
    }
    const broken = await fetch(`${c.url}/v1/project/keys/rotate`, {
      method: 'POST',
      headers: { ...bearer('sk_test'), 'content-type': 'application/json' },
      body: '{',
    });
    expect(broken.status).toBe(400);
  });
});
