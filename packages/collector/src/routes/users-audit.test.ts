import { describe, expect, it, vi } from 'vitest';
import { teamServer } from '../testing/team.js';

/*
 * What the user actions give the audit log (issue 17): audit(request, action, target, details)
 * is the keys branch's; here, what each user route hands it, with the request's actor and project.
 */
const entries = vi.hoisted(() => [] as Array<{ actor: string; project: number; action: string; target: string; details: unknown }>);
vi.mock('../audit.js', () => ({
  audit: async (request: { actor: string; project: { id: number } }, action: string, target: string, details: unknown) => {
    entries.push({ actor: request.actor, project: request.project.id, action, target, details });
  },
}));

describe('the user actions in the audit log', { timeout: 30_000 }, () => {
  it('are user.invite, user.role, user.remove, user.password and user.sessions-revoked, with who did them', async () => {
    const t = await teamServer();
    await t.addUser('owner@example.com', 'owner');
    const owner = await t.signIn('owner@example.com');
    entries.length = 0;
    await t.call('POST', '/v1/users', { as: owner, body: { email: 'cat@example.com', role: 'viewer' } });
    await t.call('PATCH', '/v1/users/cat@example.com', { as: owner, body: { role: 'editor' } });
    await t.call('DELETE', '/v1/users/cat@example.com/membership', { as: owner });
    await t.addUser('dan@example.com', 'viewer');
    await t.call('PATCH', '/v1/users/dan@example.com', { headers: { authorization: 'Bearer sk_test' }, body: { role: 'publisher' } });
    await t.call('DELETE', '/v1/users/dan@example.com/membership', { as: owner });
    await t.call('POST', '/v1/auth/password', { as: owner, body: { currentPassword: 'correct horse battery', newPassword: 'a brand new password' } });
    await t.call('POST', '/v1/auth/logout-everywhere', { as: owner });
    const p = t.project.id;
    expect(entries).toEqual([
      { actor: 'owner@example.com', project: p, action: 'user.invite', target: 'cat@example.com', details: { role: 'viewer' } },
      { actor: 'owner@example.com', project: p, action: 'user.role', target: 'cat@example.com', details: { from: 'viewer', to: 'editor', invited: true } },
      { actor: 'owner@example.com', project: p, action: 'user.remove', target: 'cat@example.com', details: { role: 'editor', invited: true } },
      { actor: 'secret-key', project: p, action: 'user.role', target: 'dan@example.com', details: { from: 'viewer', to: 'publisher' } },
      { actor: 'owner@example.com', project: p, action: 'user.remove', target: 'dan@example.com', details: { role: 'publisher' } },
      { actor: 'owner@example.com', project: p, action: 'user.password', target: 'owner@example.com', details: { otherSessionsEnded: 0 } },
      { actor: 'owner@example.com', project: p, action: 'user.sessions-revoked', target: 'owner@example.com', details: { sessions: 1 } },
    ]);
  });
});
