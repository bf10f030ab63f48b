import { describe, expect, it } from 'vitest';
import { teamServer } from '../testing/team.js';

/*
 * What the user actions write in the audit log (issue 17), read back from the store: each user
 * route's action, target and details, with the request's actor.
 */
describe('the user actions in the audit log', { timeout: 30_000 }, () => {
  it('are user.invite, user.role, user.remove, user.password and user.sessions-revoked, with who did them', async () => {
    const t = await teamServer();
    await t.addUser('owner@example.com', 'owner');
    const owner = await t.signIn('owner@example.com');
    const before = (await t.store.queryAudit(t.project.id, { limit: 100 })).entries.length;
    await t.call('POST', '/v1/users', { as: owner, body: { email: 'cat@example.com', role: 'viewer' } });
    await t.call('PATCH', '/v1/users/cat@example.com', { as: owner, body: { role: 'editor' } });
    await t.call('DELETE', '/v1/users/cat@example.com/membership', { as: owner });
    await t.addUser('dan@example.com', 'viewer');
    await t.call('PATCH', '/v1/users/dan@example.com', { headers: { authorization: 'Bearer sk_test' }, body: { role: 'publisher' } });
    await t.call('DELETE', '/v1/users/dan@example.com/membership', { as: owner });
    await t.call('POST', '/v1/auth/password', { as: owner, body: { currentPassword: 'correct horse battery', newPassword: 'a brand new password' } });
    await t.call('POST', '/v1/auth/logout-everywhere', { as: owner });
    const entries = (await t.store.queryAudit(t.project.id, { limit: 100 })).entries
      .slice(0, -before || undefined)
      .reverse()
      .map(({ actor, action, target, details }) => ({ actor, action, target, details }));
    expect(entries).toEqual([
      { actor: 'owner@example.com', action: 'user.invite', target: 'cat@example.com', details: { role: 'viewer' } },
      { actor: 'owner@example.com', action: 'user.role', target: 'cat@example.com', details: { from: 'viewer', to: 'editor', invited: true } },
      { actor: 'owner@example.com', action: 'user.remove', target: 'cat@example.com', details: { role: 'editor', invited: true } },
      { actor: 'secret-key', action: 'user.role', target: 'dan@example.com', details: { from: 'viewer', to: 'publisher' } },
      { actor: 'owner@example.com', action: 'user.remove', target: 'dan@example.com', details: { role: 'publisher' } },
      { actor: 'owner@example.com', action: 'user.password', target: 'owner@example.com', details: { otherSessionsEnded: 0 } },
      { actor: 'owner@example.com', action: 'user.sessions-revoked', target: 'owner@example.com', details: { sessions: 1 } },
    ]);
  });
});
