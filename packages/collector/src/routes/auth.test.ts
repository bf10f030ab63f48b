import { describe, expect, it } from 'vitest';
import { SESSION } from '../sessions.js';
import { PASSWORD, teamServer } from '../testing/team.js';

const HOUR = 3600_000;

describe('signing in (CONTRACT §8)', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and answers the user, the CSRF token and the projects', async () => {
    const t = await teamServer();
    await t.addUser('ann@example.com', 'editor');
    const res = await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: ' Ann@Example.com ', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^tp_session=tps_[\w-]{43}; Max-Age=604800; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(res.json()).toEqual({
      user: { email: 'ann@example.com', role: 'editor', mustChangePassword: false },
      csrfToken: expect.stringMatching(/^[\w-]{43}$/),
      projects: [{ id: t.project.id, name: 'test', role: 'editor' }],
    });
    // Secure over HTTPS (behind a proxy that says so and is trusted).
    const behindProxy = await teamServer({ trustProxy: true });
    await behindProxy.addUser('ann@example.com', 'editor');
    const secure = await behindProxy.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: 'ann@example.com', password: PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(String(secure.headers['set-cookie'])).toMatch(/; Secure; SameSite=Strict$/);
  });

  it('answers an unknown email as a wrong password', async () => {
    const t = await teamServer();
    await t.addUser('ann@example.com', 'editor');
    const wrong = await t.call('POST', '/v1/auth/login', { body: { email: 'ann@example.com', password: 'wrong password' } });
    const unknown = await t.call('POST', '/v1/auth/login', { body: { email: 'nobody@example.com', password: PASSWORD } });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'wrong email or password' } });
    expect(unknown).toMatchObject({ status: 401, body: wrong.body });
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('reads the session, signs out, and signs out everywhere', async () => {
    const t = await teamServer();
    await t.addUser('ann@example.com', 'owner');
    const laptop = await t.signIn('ann@example.com');
    const phone = await t.signIn('ann@example.com');
    const tablet = await t.signIn('ann@example.com');
    expect(await t.call('GET', '/v1/auth/session', { as: laptop })).toMatchObject({ status: 200, body: { ...laptop.body } });
    expect((await t.call('GET', '/v1/auth/session')).status).toBe(401);

    const out = await t.call('POST', '/v1/auth/logout', { as: laptop });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^tp_session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/);
    expect(await t.call('GET', '/v1/events', { as: laptop })).toMatchObject({ status: 401, body: { error: expect.stringContaining('sign in again') } });
    expect((await t.call('GET', '/v1/events', { as: phone })).status).toBe(200);

    expect(await t.call('POST', '/v1/auth/logout-everywhere', { as: phone })).toMatchObject({ status: 200, body: { sessions: 2 } });
    expect((await t.call('GET', '/v1/events', { as: phone })).status).toBe(401);
    expect((await t.call('GET', '/v1/events', { as: tablet })).status).toBe(401);
    // Signing in again works.
    expect((await t.call('GET', '/v1/events', { as: await t.signIn('ann@example.com') })).status).toBe(200);
  });

  it('ends a session after 12 hours without use, and 7 days after sign-in whatever the use', async () => {
    const t = await teamServer();
    await t.addUser('ann@example.com', 'viewer');
    const idle = await t.signIn('ann@example.com');
    const busy = await t.signIn('ann@example.com');
    t.advance(11 * HOUR);
    expect((await t.call('GET', '/v1/events', { as: busy })).status).toBe(200);
    t.advance(HOUR);
    expect(await t.call('GET', '/v1/events', { as: idle })).toMatchObject({ status: 401, body: { error: expect.stringContaining('session has ended') } });
    // Used every 11 hours, it lasts until 7 days after sign-in, not a moment longer.
    while (t.now() + 11 * HOUR < Date.UTC(2026, 0, 5, 9) + SESSION.maxAgeMs) {
      expect((await t.call('GET', '/v1/events', { as: busy })).status).toBe(200);
      t.advance(11 * HOUR);
    }
    expect((await t.call('GET', '/v1/events', { as: busy })).status).toBe(200);
    t.advance(Date.UTC(2026, 0, 5, 9) + SESSION.maxAgeMs - t.now() - 1);
    expect((await t.call('GET', '/v1/events', { as: busy })).status).toBe(200);
    t.advance(1);
    expect((await t.call('GET', '/v1/events', { as: busy })).status).toBe(401);
  });

  it('needs the CSRF token on requests that change anything, not on reads', async () => {
    const t = await teamServer();
    await t.addUser('ann@example.com', 'publisher');
    const ann = await t.signIn('ann@example.com');
    expect((await t.call('GET', '/v1/content/draft', { as: ann, csrf: false })).status).not.toBe(403);
    const refused = await t.call('POST', '/v1/content/publish', { as: ann, csrf: false });
    expect(refused).toMatchObject({ status: 403, body: { error: expect.stringContaining('X-CSRF-Token') } });
    const wrong = await t.call('POST', '/v1/content/publish', { as: ann, csrf: false, headers: { 'x-csrf-token': `${ann.csrfToken.slice(0, -1)}A` } });
    expect(wrong.status).toBe(403);
    expect((await t.call('POST', '/v1/auth/logout', { as: ann, csrf: false })).status).toBe(403);
    expect((await t.call('GET', '/v1/auth/session', { as: ann })).status).toBe(200);
  });
});
