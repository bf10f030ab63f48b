import { describe, expect, it } from 'vitest';
import { PASSWORD, teamServer, type TeamServer } from '../testing/team.js';

const DAY = 24 * 3600_000;

/** An owner signed in, on a server with one project. */
async function withOwner(t: TeamServer) {
  await t.addUser('owner@example.com', 'owner');
  return t.signIn('owner@example.com');
}

// Each sign-in hashes with scrypt (about 0.1 s a hash, more on a busy machine): the tests get 30 s.
describe('the team of a project (owners)', { timeout: 30_000 }, () => {
  it('invites with a one-time link valid 7 days; the invitee sets a password and is signed in with the role', async () => {
    const t = await teamServer();
    const owner = await withOwner(t);
    const invited = await t.call('POST', '/v1/users', { as: owner, body: { email: 'Cat@Example.com', role: 'editor' } });
    expect(invited).toMatchObject({
      status: 201,
      body: {
        email: 'cat@example.com',
        role: 'editor',
        inviteUrl: expect.stringMatching(/^http:\/\/localhost:80\/dashboard\/#\/invite\/tpi_[\w-]{32}$/),
        expiresAt: new Date(t.now() + 7 * DAY).toISOString(),
      },
    });
    const token = invited.body!.inviteUrl.split('/invite/')[1];
    expect(await t.call('GET', `/v1/invitations/${token}`)).toEqual({
      status: 200,
      body: { email: 'cat@example.com', project: 'test', role: 'editor', existingUser: false },
      headers: expect.anything(),
    });
    expect((await t.call('GET', '/v1/users', { as: owner })).body).toEqual({
      users: [
        { email: 'owner@example.com', role: 'owner', status: 'active', lastSignInAt: new Date(t.now()).toISOString() },
        { email: 'cat@example.com', role: 'editor', status: 'invited', expiresAt: invited.body!.expiresAt },
      ],
    });
    expect(await t.call('POST', `/v1/invitations/${token}/accept`, { body: { password: 'short' } })).toMatchObject({
      status: 400,
      body: { details: [{ path: 'password', message: 'must be at least 10 characters' }] },
    });
    const accepted = await t.app.inject({ method: 'POST', url: `/v1/invitations/${token}/accept`, payload: { password: 'cats like boxes' } });
    expect(accepted.statusCode).toBe(200);
    expect(String(accepted.headers['set-cookie'])).toMatch(/^tp_session=tps_.*; HttpOnly; SameSite=Strict$/);
    expect(accepted.json()).toMatchObject({ user: { email: 'cat@example.com', role: 'editor', mustChangePassword: false }, projects: [{ role: 'editor' }] });
    // One use.
    expect((await t.call('GET', `/v1/invitations/${token}`)).status).toBe(404);
    expect((await t.call('POST', `/v1/invitations/${token}/accept`, { body: { password: 'another password' } })).status).toBe(404);
    const cat = await t.signIn('cat@example.com', 'cats like boxes');
    expect((await t.call('PUT', '/v1/content/draft', { as: cat, body: { version: 1 } })).status).not.toBe(403);
    expect((await t.call('POST', '/v1/content/publish', { as: cat })).status).toBe(403);
    expect((await t.call('GET', '/v1/users', { as: owner })).body!.users).toContainEqual(
      expect.objectContaining({ email: 'cat@example.com', status: 'active' }),
    );
  });

  it('lets an invitation expire after 7 days, and only the newest link of an email work', async () => {
    const t = await teamServer();
    const owner = await withOwner(t);
    const invite = async () =>
      (await t.call('POST', '/v1/users', { as: owner, body: { email: 'cat@example.com', role: 'viewer' } })).body!.inviteUrl.split('/invite/')[1];
    const first = await invite();
    const second = await invite();
    expect((await t.call('GET', `/v1/invitations/${first}`)).status).toBe(404);
    expect((await t.call('GET', `/v1/invitations/${second}`)).status).toBe(200);
    t.advance(7 * DAY - 1);
    expect((await t.call('GET', `/v1/invitations/${second}`)).status).toBe(200);
    t.advance(1);
    expect(await t.call('GET', `/v1/invitations/${second}`)).toMatchObject({ status: 404, body: { error: expect.stringContaining('expired') } });
    expect((await t.call('POST', `/v1/invitations/${second}/accept`, { body: { password: 'cats like boxes' } })).status).toBe(404);
    expect((await t.call('GET', '/v1/invitations/tpi_unknown')).status).toBe(404);
  });

  it('lets a user with an account accept with their own password (the link never sets it)', async () => {
    const t = await teamServer();
    const other = await t.store.createProject({ name: 'other', writeKey: 'wk_o', secretKey: 'sk_o', origins: [] });
    await t.addUser('dan@example.com', 'viewer', { project: other.id });
    const owner = await withOwner(t);
    const token = (await t.call('POST', '/v1/users', { as: owner, body: { email: 'dan@example.com', role: 'publisher' } })).body!.inviteUrl.split(
      '/invite/',
    )[1];
    expect((await t.call('GET', `/v1/invitations/${token}`)).body).toMatchObject({ existingUser: true });
    expect((await t.call('POST', `/v1/invitations/${token}/accept`, { body: { password: 'not his password' } })).status).toBe(401);
    const accepted = await t.call('POST', `/v1/invitations/${token}/accept`, { body: { password: PASSWORD } });
    expect(accepted.body!.projects).toEqual([
      { id: t.project.id, name: 'test', role: 'publisher', writeKey: 'wk_test', environment: 'production' },
      { id: other.id, name: 'other', role: 'viewer', writeKey: 'wk_o', environment: 'production' },
    ]);
    // Two projects: the request names one.
    const dan = await t.signIn('dan@example.com');
    expect(await t.call('GET', '/v1/events', { as: dan })).toMatchObject({ status: 400, body: { error: expect.stringContaining('X-Touchpoint-Project') } });
    expect((await t.call('POST', '/v1/content/publish', { as: dan, headers: { 'x-touchpoint-project': String(other.id) } })).status).toBe(403);
    expect((await t.call('POST', '/v1/content/publish', { as: dan, headers: { 'x-touchpoint-project': String(t.project.id) } })).status).not.toBe(403);
    expect((await t.call('GET', '/v1/events', { as: dan, headers: { 'x-touchpoint-project': '999' } })).status).toBe(403);
    expect((await t.call('GET', '/v1/events', { as: dan, headers: { 'x-touchpoint-project': 'abc' } })).status).toBe(400);
  });

  it('changes roles and removes members, never the last owner (409)', async () => {
    const t = await teamServer();
    const owner = await withOwner(t);
    await t.addUser('eve@example.com', 'viewer');
    const eve = await t.signIn('eve@example.com');
    expect(await t.call('PATCH', '/v1/users/owner@example.com', { as: owner, body: { role: 'publisher' } })).toMatchObject({
      status: 409,
      body: { error: 'owner@example.com is the last owner of this project: make someone else an owner first' },
    });
    expect((await t.call('DELETE', '/v1/users/owner@example.com/membership', { as: owner })).status).toBe(409);
    expect(await t.call('PATCH', '/v1/users/EVE@example.com', { as: owner, body: { role: 'owner' } })).toMatchObject({
      status: 200,
      body: { email: 'eve@example.com', role: 'owner' },
    });
    expect((await t.call('GET', '/v1/users', { as: eve })).status).toBe(200);
    expect((await t.call('PATCH', '/v1/users/owner@example.com', { as: eve, body: { role: 'viewer' } })).status).toBe(200);
    expect((await t.call('GET', '/v1/users', { as: owner })).status).toBe(403);
    expect((await t.call('DELETE', '/v1/users/owner@example.com/membership', { as: eve })).status).toBe(204);
    // Removed: their session reaches the project no more, and with no project left it ended.
    expect((await t.call('GET', '/v1/events', { as: owner })).status).toBe(401);
    expect((await t.call('DELETE', '/v1/users/eve@example.com/membership', { as: eve })).status).toBe(409);
    expect((await t.call('PATCH', '/v1/users/nobody@example.com', { as: eve, body: { role: 'viewer' } })).status).toBe(404);
    expect((await t.call('DELETE', '/v1/users/nobody@example.com/membership', { as: eve })).status).toBe(404);
    expect(await t.call('PATCH', '/v1/users/eve@example.com', { as: eve, body: { role: 'admin' } })).toMatchObject({
      status: 400,
      body: { details: [{ path: 'role' }] },
    });
    expect((await t.call('GET', '/v1/users', { as: eve })).body!.users.map((u: { email: string }) => u.email)).toEqual(['eve@example.com']);
  });

  it('refuses to invite a member, changes and withdraws an invitation', async () => {
    const t = await teamServer();
    const owner = await withOwner(t);
    expect((await t.call('POST', '/v1/users', { as: owner, body: { email: 'owner@example.com', role: 'viewer' } })).status).toBe(409);
    expect(await t.call('POST', '/v1/users', { as: owner, body: { email: 'not an email', role: 'viewer' } })).toMatchObject({
      status: 400,
      body: { details: [{ path: 'email' }] },
    });
    const token = (await t.call('POST', '/v1/users', { as: owner, body: { email: 'fay@example.com', role: 'viewer' } })).body!.inviteUrl.split('/invite/')[1];
    expect((await t.call('PATCH', '/v1/users/fay@example.com', { as: owner, body: { role: 'editor' } })).status).toBe(200);
    expect((await t.call('GET', `/v1/invitations/${token}`)).body).toMatchObject({ role: 'editor' });
    expect((await t.call('DELETE', '/v1/users/fay@example.com/membership', { as: owner })).status).toBe(204);
    expect((await t.call('GET', `/v1/invitations/${token}`)).status).toBe(404);
  });

  it('gives a role on every project to a user made so, on projects made later too, until taken away on one', async () => {
    const t = await teamServer();
    await t.addUser('gus@example.com', 'owner', { project: null });
    await t.addUser('hal@example.com', 'owner');
    const later = await t.store.createProject({ name: 'later', writeKey: 'wk_l', secretKey: 'sk_l', origins: [] });
    const gus = await t.signIn('gus@example.com');
    expect(gus.body.projects.map((p: { name: string; role: string }) => [p.name, p.role])).toEqual([
      ['test', 'owner'],
      ['later', 'owner'],
    ]);
    const hal = await t.signIn('hal@example.com');
    expect((await t.call('DELETE', '/v1/users/gus@example.com/membership', { as: hal })).status).toBe(204);
    expect((await t.call('GET', '/v1/auth/session', { as: gus })).body!.projects).toEqual([
      { id: later.id, name: 'later', role: 'owner', writeKey: 'wk_l', environment: 'production' },
    ]);
    // One project left: it needs no header.
    expect((await t.call('GET', '/v1/events', { as: gus })).status).toBe(200);
  });
});

describe('what clients send to the team routes', { timeout: 60_000 }, () => {
  it('never gives a 5xx', async () => {
    const t = await teamServer({ rateLimit: false, loginThrottle: { perAccount: 1000 } });
    const owner = await withOwner(t);
    const bodies = [
      '{',
      'null',
      '[]',
      '"text"',
      '{"email":1,"password":{}}',
      '{"email":"a@b.c","password":"x","role":"owner"}',
      JSON.stringify({ email: 'x'.repeat(5000), password: 'y'.repeat(5000) }),
      '{"__proto__":{"role":"owner"}}',
      '{"email":"\\u0000@\\ud800.com","role":"viewer"}',
    ];
    const routes: Array<[string, string]> = [
      ['POST', '/v1/auth/login'],
      ['POST', '/v1/auth/password'],
      ['POST', '/v1/users'],
      ['PATCH', `/v1/users/${encodeURIComponent('a@b.c')}`],
      ['PATCH', `/v1/users/${'%F0%9F%98%80'.repeat(100)}`],
      ['DELETE', `/v1/users/${'x'.repeat(400)}/membership`],
      ['GET', `/v1/invitations/${'x'.repeat(300)}`],
      ['POST', '/v1/invitations/tpi_nothing/accept'],
    ];
    for (const [method, url] of routes) {
      for (const payload of bodies) {
        const res = await t.app.inject({
          method: method as 'POST',
          url,
          payload: method === 'GET' || method === 'DELETE' ? undefined : payload,
          headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrfToken, 'content-type': 'application/json' },
        });
        expect(res.statusCode, `${method} ${url} ${payload.slice(0, 40)}: ${res.body}`).toBeLessThan(500);
      }
    }
  });

  it('accepts one of two invitations of one new email taken at once; the other may be accepted again with that account’s password', async () => {
    const t = await teamServer();
    const owner = await withOwner(t);
    const other = await t.store.createProject({ name: 'other', writeKey: 'wk_o', secretKey: 'sk_o', origins: [] });
    await t.store.setMembership((await t.store.userByEmail('owner@example.com'))!.id, other.id, 'owner');
    const invite = async (project: number) =>
      (
        await t.call('POST', '/v1/users', {
          as: owner,
          body: { email: 'kim@example.com', role: 'viewer' },
          headers: { 'x-touchpoint-project': String(project) },
        })
      ).body!.inviteUrl.split('/invite/')[1] as string;
    const [a, b] = [await invite(t.project.id), await invite(other.id)];
    const answers = await Promise.all([
      t.call('POST', `/v1/invitations/${a}/accept`, { body: { password: 'first password' } }),
      t.call('POST', `/v1/invitations/${b}/accept`, { body: { password: 'second password' } }),
    ]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual(statuses[1] === 409 ? [200, 409] : [200, 401]);
    const kept = answers[0]!.status === 200 ? 'first password' : 'second password';
    const later = answers[0]!.status === 200 ? b : a;
    expect((await t.call('POST', `/v1/invitations/${later}/accept`, { body: { password: kept } })).body!.projects).toHaveLength(2);
  });

  it('a role on a production project covers its staging: the session lists both, linked, and requests name staging by id', async () => {
    const t = await teamServer();
    await t.addUser('ann@example.com', 'editor');
    const staging = await t.store.createProject({ name: 'test (staging)', writeKey: 'wk_st', secretKey: 'sk_st', origins: [], productionId: t.project.id });
    const session = await t.signIn('ann@example.com');
    expect((await t.call('GET', '/v1/auth/session', { as: session })).body!.projects).toEqual([
      { id: t.project.id, name: 'test', role: 'editor', writeKey: 'wk_test', environment: 'production', stagingId: staging.id },
      { id: staging.id, name: 'test (staging)', role: 'editor', writeKey: 'wk_st', environment: 'staging', productionId: t.project.id },
    ]);
    // Without the header: the one production project (its staging does not make two).
    expect((await t.call('GET', '/v1/project', { as: session })).body).toMatchObject({ id: t.project.id });
    expect((await t.call('GET', '/v1/project', { as: session, headers: { 'x-touchpoint-project': String(staging.id) } })).body).toMatchObject({
      id: staging.id,
      environment: 'staging',
    });
  });
});
