import { describe, expect, it } from 'vitest';
import { SESSION } from '../sessions.js';
import { PASSWORD, teamServer } from '../testing/team.js';

const HOUR = 3600_000;

// Each sign-in hashes with scrypt (about 0.1 s a hash, more on a busy machine): the tests get 30 s.
describe('signing in (CONTRACT §8)', { timeout: 30_000 }, () => {
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
      projects: [{ id: t.project.id, name: 'test', role: 'editor', writeKey: 'wk_test', environment: 'production' }],
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
    // One character off (never the same one: a token ending in "A" made this the right token once in 64 runs).
    const off = `${ann.csrfToken.slice(0, -1)}${ann.csrfToken.endsWith('A') ? 'B' : 'A'}`;
    const wrong = await t.call('POST', '/v1/content/publish', { as: ann, csrf: false, headers: { 'x-csrf-token': off } });
    expect(wrong.status).toBe(403);
    expect((await t.call('POST', '/v1/auth/logout', { as: ann, csrf: false })).status).toBe(403);
    expect((await t.call('GET', '/v1/auth/session', { as: ann })).status).toBe(200);
  });
});

describe('login throttling', { timeout: 30_000 }, () => {
  it('answers 429 with Retry-After after 10 attempts a minute on one account, the same for an unknown email, and lets in again after the window', async () => {
    const t = await teamServer();
    await t.addUser('ann@example.com', 'viewer');
    const attempt = (email: string, password = 'wrong password') => t.call('POST', '/v1/auth/login', { body: { email, password } });
    for (let i = 0; i < 10; i++) expect((await attempt('ann@example.com')).status).toBe(401);
    for (let i = 0; i < 10; i++) expect((await attempt('nobody@example.com')).status).toBe(401);
    const limited = await attempt('ann@example.com', PASSWORD);
    const unknown = await attempt('nobody@example.com');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.body!.error).toBe('too many sign-in attempts for this account or from this address: try again in 60 s (after 09:01:00 UTC)');
    expect(unknown).toMatchObject({ status: 429, body: limited.body });
    // Another account from the same address is not held up by ann's attempts.
    await t.addUser('bob@example.com', 'viewer');
    expect((await attempt('bob@example.com', PASSWORD)).status).toBe(200);
    t.advance(59_000);
    expect(await attempt('ann@example.com', PASSWORD)).toMatchObject({ status: 429, headers: { 'retry-after': '1' } });
    t.advance(1000);
    expect((await attempt('ann@example.com', PASSWORD)).status).toBe(200);
  });

  it('limits attempts per client IP across accounts', async () => {
    const t = await teamServer({ loginThrottle: { perAddress: 3 } });
    const attempt = (email: string, ip: string) =>
      t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password: 'wrong password' }, remoteAddress: ip });
    for (const email of ['a@x.example', 'b@x.example', 'c@x.example']) expect((await attempt(email, '10.0.0.1')).statusCode).toBe(401);
    expect((await attempt('d@x.example', '10.0.0.1')).statusCode).toBe(429);
    expect((await attempt('d@x.example', '10.0.0.2')).statusCode).toBe(401);
  });
});

describe('passwords', { timeout: 30_000 }, () => {
  it('change with the current one: the one-time password must go first, and other sessions end', async () => {
    const t = await teamServer();
    await t.addUser('ann@example.com', 'owner', { mustChangePassword: true, password: 'one-time-password' });
    const ann = await t.signIn('ann@example.com', 'one-time-password');
    const other = await t.signIn('ann@example.com', 'one-time-password');
    expect(ann.body.user.mustChangePassword).toBe(true);
    expect(await t.call('GET', '/v1/events', { as: ann })).toMatchObject({ status: 403, body: { error: expect.stringContaining('one-time password') } });
    const change = (body: unknown) => t.call('POST', '/v1/auth/password', { as: ann, body });
    expect(await change({ currentPassword: 'wrong', newPassword: 'a new password' })).toMatchObject({
      status: 400,
      body: { details: [{ path: 'currentPassword' }] },
    });
    expect(await change({ currentPassword: 'one-time-password', newPassword: 'short' })).toMatchObject({
      status: 400,
      body: { details: [{ path: 'newPassword', message: 'must be at least 10 characters' }] },
    });
    expect((await change({ currentPassword: 'one-time-password', newPassword: 'x'.repeat(201) })).status).toBe(400);
    // Characters no keyboard types (was: twelve NULs accepted).
    expect(await change({ currentPassword: 'one-time-password', newPassword: '\u0000'.repeat(12) })).toMatchObject({
      status: 400,
      body: { details: [{ path: 'newPassword', message: 'must not contain control characters (such as NUL or a line break)' }] },
    });
    expect((await change({ currentPassword: 'one-time-password', newPassword: 'one-time-password' })).status).toBe(400);
    const changed = await change({ currentPassword: 'one-time-password', newPassword: 'my own password' });
    expect(changed).toMatchObject({ status: 200, body: { user: { email: 'ann@example.com', role: 'owner', mustChangePassword: false } } });
    expect((await t.call('GET', '/v1/events', { as: ann })).status).toBe(200);
    expect((await t.call('GET', '/v1/events', { as: other })).status).toBe(401);
    // Changing counts against the sign-in throttle (10 a minute): the next minute, sign in with the new one.
    t.advance(60_000);
    expect((await t.call('POST', '/v1/auth/login', { body: { email: 'ann@example.com', password: 'one-time-password' } })).status).toBe(401);
    expect((await t.call('GET', '/v1/events', { as: await t.signIn('ann@example.com', 'my own password') })).status).toBe(200);
  });

  it('are stored only as scrypt hashes, and never logged', async () => {
    const lines: string[] = [];
    const t = await teamServer({ logger: { level: 'trace', stream: { write: (line) => void lines.push(line) } } });
    const secret = 'a very secret password 1';
    await t.addUser('ann@example.com', 'owner', { password: secret });
    const ann = await t.signIn('ann@example.com', secret);
    await t.call('POST', '/v1/auth/login', { body: { email: 'ann@example.com', password: 'a wrong secret 2' } });
    const invited = await t.call('POST', '/v1/users', { as: ann, body: { email: 'bob@example.com', role: 'editor' } });
    const token = invited.body!.inviteUrl.split('/invite/')[1];
    await t.call('POST', `/v1/invitations/${token}/accept`, { body: { password: 'bob the builder 3' } });
    await t.call('POST', '/v1/auth/password', { as: ann, body: { currentPassword: secret, newPassword: 'the next secret 4' } });
    await t.call('POST', '/v1/auth/password', { as: ann, body: { currentPassword: 'the next secret 4', newPassword: 'short 5' } });

    const rows = t.store.db.prepare('SELECT * FROM users').all() as Array<{ email: string; password_hash: string }>;
    expect(rows.map((r) => r.email)).toEqual(['ann@example.com', 'bob@example.com']);
    for (const row of rows) expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    const everything = JSON.stringify([t.store.db.prepare('SELECT * FROM users').all(), t.store.db.prepare('SELECT * FROM sessions').all()]) + lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    for (const password of [secret, 'a wrong secret 2', 'bob the builder 3', 'the next secret 4', 'short 5']) expect(everything).not.toContain(password);
    // Nor are the session cookie's token and the invitation's token.
    expect(everything).not.toContain(ann.cookie.split('=')[1]);
    expect(everything).not.toContain(token);
  });
});
