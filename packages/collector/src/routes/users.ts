import { z } from 'zod';
import { tokenHash } from '../access-tokens.js';
import type { Api } from '../api.js';
import { audit } from '../audit.js';
import { ROLES } from '../roles.js';
import { membershipProjectId } from '../sessions.js';
import type { Store } from '../store/store.js';
import { INVITATION, newInvitationToken, normalEmail } from './auth.js';

const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });
const emailParams = z.object({ email: z.string().max(320) });

const LAST_OWNER = (email: string) => `${email} is the last owner of this project: make someone else an owner first`;

/**
 * The project's team, for its owners (CONTRACT §8): members and pending invitations, invitations
 * (a one-time link, valid 7 days), role changes and removal. A project always keeps an owner:
 * the last one can be neither demoted nor removed (409).
 *
 * Removal is `DELETE /v1/users/:email/membership`: `DELETE /v1/users/:userId` erases an end
 * user's data (CONTRACT §3), and an end user's id is often their email.
 */
export function registerUserRoutes(app: Api, store: Store, now: () => number) {
  /** The project's member with this email, and the pending invitation of that email. */
  async function find(projectId: number, email: string) {
    const member = (await store.projectMembers(projectId)).find((m) => m.email === email);
    const invitation = (await store.pendingInvitations(projectId, now())).find((i) => i.email === email);
    return { member, invitation };
  }
  const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());

  app.get('/v1/users', { config: { auth: 'owner' } }, async (request) => {
    const projectId = membershipProjectId(request.project);
    const members = await store.projectMembers(projectId);
    const emails = new Set(members.map((m) => m.email));
    const invited = (await store.pendingInvitations(projectId, now())).filter((i) => !emails.has(i.email));
    return {
      users: [
        ...members.map((m) => ({
          email: m.email,
          role: m.role,
          status: 'active' as const,
          ...(m.lastSignInAt !== null && { lastSignInAt: iso(m.lastSignInAt) }),
        })),
        ...invited.map((i) => ({ email: i.email, role: i.role, status: 'invited' as const, expiresAt: iso(i.expiresAt) })),
      ],
    };
  });

  const invite = z.object({ email: z.email({ error: 'must be an email address' }).max(320), role }, { error: 'must be { "email", "role" }' });
  app.post('/v1/users', { config: { auth: 'owner' }, schema: { body: invite } }, async (request, reply) => {
    const email = normalEmail(request.body.email);
    const projectId = membershipProjectId(request.project);
    const { member } = await find(projectId, email);
    if (member) return reply.code(409).send({ error: `${email} already has the ${member.role} role here: change it with PATCH /v1/users/${email}` });
    const token = newInvitationToken();
    const createdAt = now();
    const expiresAt = createdAt + INVITATION.ttlMs;
    // A new invitation replaces the pending one of the same email: only the newest link works.
    await store.saveInvitation({ hash: tokenHash(token), email, projectId, role: request.body.role, createdAt, expiresAt });
    await audit(request, 'user.invite', email, { role: request.body.role });
    return reply.code(201).send({
      email,
      role: request.body.role,
      inviteUrl: `${request.protocol}://${request.host}/dashboard/#/invite/${token}`,
      expiresAt: iso(expiresAt),
    });
  });

  const change = z.object({ role }, { error: 'must be { "role" }' });
  app.patch('/v1/users/:email', { config: { auth: 'owner' }, schema: { params: emailParams, body: change } }, async (request, reply) => {
    const email = normalEmail(request.params.email);
    const projectId = membershipProjectId(request.project);
    const { member, invitation } = await find(projectId, email);
    const to = request.body.role;
    if (member) {
      const user = (await store.userByEmail(email))!;
      if (member.role !== to && (await store.setMembership(user.id, projectId, to)) === 'last-owner') return reply.code(409).send({ error: LAST_OWNER(email) });
    } else if (invitation) {
      // The pending link stays valid and grants the new role.
      await store.saveInvitation({ ...invitation, role: to });
    } else return reply.code(404).send({ error: `${email} has no role on this project and no pending invitation` });
    const from = member?.role ?? invitation!.role;
    if (from !== to) await audit(request, 'user.role', email, { from, to, ...(!member && { invited: true }) });
    return { email, role: to };
  });

  app.delete('/v1/users/:email/membership', { config: { auth: 'owner' }, schema: { params: emailParams } }, async (request, reply) => {
    const email = normalEmail(request.params.email);
    const projectId = membershipProjectId(request.project);
    const { member, invitation } = await find(projectId, email);
    if (!member && !invitation) return reply.code(404).send({ error: `${email} has no role on this project and no pending invitation` });
    if (member) {
      const user = (await store.userByEmail(email))!;
      if ((await store.setMembership(user.id, projectId, null)) === 'last-owner') return reply.code(409).send({ error: LAST_OWNER(email) });
      // Their sessions no longer reach this project (roles are read on every request); with no
      // project left, they end.
      const rest = await store.memberships(user.id);
      if (!rest.some((m) => m.role !== 'none')) await store.endUserSessions(user.id);
    }
    await store.dropInvitations(projectId, email);
    await audit(request, 'user.remove', email, { role: member?.role ?? invitation!.role, ...(!member && { invited: true }) });
    return reply.code(204).send();
  });
}
