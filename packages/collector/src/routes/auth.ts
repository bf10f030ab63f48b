import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { tokenHash } from '../access-tokens.js';
import type { Api } from '../api.js';
import { audit } from '../audit.js';
import type { LoginThrottle } from '../login-throttle.js';
import { hashPassword, PASSWORD_LENGTH, verifyPassword } from '../passwords.js';
import type { Sessions, SessionUser } from '../sessions.js';
import type { Store, User } from '../store/store.js';

/** An invitation link's token: `tpi_…`, valid 7 days, one use. */
export const INVITATION = { prefix: 'tpi_', ttlMs: 7 * 24 * 3600_000 } as const;

/** A new invitation token (only its hash is stored). */
export function newInvitationToken(): string {
  return INVITATION.prefix + randomBytes(24).toString('base64url');
}

/** Emails are compared and kept in lower case, without surrounding spaces. */
export function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

// What sign-in accepts: any strings (a wrong one is a wrong password), bounded.
const anyPassword = z.string({ error: 'must be a string' }).max(1000, 'must be at most 1000 characters');
/** A password a user picks: 10 to 200 characters, none of them a control character. */
export const newPassword = z
  .string({ error: 'must be a string' })
  .min(PASSWORD_LENGTH.min, `must be at least ${PASSWORD_LENGTH.min} characters`)
  .max(PASSWORD_LENGTH.max, `must be at most ${PASSWORD_LENGTH.max} characters`)
  // Control characters (NUL, line breaks, DEL): no one types them, and a form or a terminal may drop them.
  .refine((password) => !/\p{Cc}/u.test(password), 'must not contain control characters (such as NUL or a line break)');

const WRONG_LOGIN = 'wrong email or password';
const INVITATION_GONE = 'this invitation link was used, has expired or is unknown: ask an owner for a new one';

/**
 * Signing in and out (CONTRACT §8): `/v1/auth/*` for the signed-in user's own session and
 * password, and `/v1/invitations/:token` for accepting an invitation. Answers that sign in
 * are `{ user: { email, role, mustChangePassword }, csrfToken, projects }` (see `sessions.ts`).
 */
export function registerAuthRoutes(app: Api, store: Store, sessions: Sessions, throttle: LoginThrottle, now: () => number) {
  const signIn = async (request: FastifyRequest, reply: FastifyReply, user: User) => sessions.answer(request, await sessions.start(request, reply, user));

  const login = z.object({ email: z.string({ error: 'must be a string' }).max(320), password: anyPassword }, { error: 'must be { "email", "password" }' });
  app.post('/v1/auth/login', { config: { auth: 'none' }, schema: { body: login } }, async (request, reply) => {
    const email = normalEmail(request.body.email);
    if (!(await throttle.allow(request, reply, email, now()))) return reply;
    const user = await store.userByEmail(email);
    // An unknown email costs the same hashing as a wrong password, and gets the same answer.
    if (!(await verifyPassword(request.body.password, user?.passwordHash)) || !user) return reply.code(401).send({ error: WRONG_LOGIN });
    return signIn(request, reply, user);
  });

  app.get('/v1/auth/session', { config: { auth: 'signed-in' } }, async (request) => sessions.answer(request, session(request)));

  app.post('/v1/auth/logout', { config: { auth: 'signed-in' } }, async (request, reply) => {
    await store.endSession(session(request).hash);
    sessions.clearCookie(request, reply);
    return reply.code(204).send();
  });

  app.post('/v1/auth/logout-everywhere', { config: { auth: 'signed-in' } }, async (request, reply) => {
    const { user } = session(request);
    const ended = await store.endUserSessions(user.id);
    sessions.clearCookie(request, reply);
    await auditEach(request, await sessions.projectsOf(user), 'user.sessions-revoked', user.email, { sessions: ended });
    return { sessions: ended };
  });

  const passwordChange = z.object({ currentPassword: anyPassword, newPassword }, { error: 'must be { "currentPassword", "newPassword" }' });
  app.post('/v1/auth/password', { config: { auth: 'signed-in' }, schema: { body: passwordChange } }, async (request, reply) => {
    const current = session(request);
    const { user } = current;
    if (!(await throttle.allow(request, reply, user.email, now()))) return reply;
    const { currentPassword, newPassword: chosen } = request.body;
    if (!(await verifyPassword(currentPassword, user.passwordHash)))
      return reply.code(400).send({ error: 'body field currentPassword is wrong', details: [{ path: 'currentPassword', message: 'is wrong' }] });
    if (chosen === currentPassword)
      return reply.code(400).send({
        error: 'body field newPassword must differ from the current one',
        details: [{ path: 'newPassword', message: 'must differ from the current one' }],
      });
    await store.setPassword(user.id, await hashPassword(chosen), false);
    // Whoever knew the old password is signed out everywhere else.
    const ended = await store.endUserSessions(user.id, current.hash);
    await auditEach(request, await sessions.projectsOf(user), 'user.password', user.email, { otherSessionsEnded: ended });
    return sessions.answer(request, { ...current, user: { ...user, mustChangePassword: false } });
  });

  const tokenParams = z.object({ token: z.string().max(200) });
  app.get('/v1/invitations/:token', { config: { auth: 'none' }, schema: { params: tokenParams } }, async (request, reply) => {
    const invitation = await store.invitation(tokenHash(request.params.token), now());
    const project = invitation && (await store.listProjects()).find((p) => p.id === invitation.projectId);
    if (!invitation || !project) return reply.code(404).send({ error: INVITATION_GONE });
    // existingUser: the invitee signs in with the password they have, else picks one.
    return { email: invitation.email, project: project.name, role: invitation.role, existingUser: !!(await store.userByEmail(invitation.email)) };
  });

  const accept = z.object({ password: anyPassword }, { error: 'must be { "password" }' });
  app.post('/v1/invitations/:token/accept', { config: { auth: 'none' }, schema: { params: tokenParams, body: accept } }, async (request, reply) => {
    const hash = tokenHash(request.params.token);
    const invitation = await store.invitation(hash, now());
    if (!invitation) return reply.code(404).send({ error: INVITATION_GONE });
    const { password } = request.body;
    let user = await store.userByEmail(invitation.email);
    if (user) {
      // An account already: the link is not a way to set its password.
      if (!(await throttle.allow(request, reply, user.email, now()))) return reply;
      if (!(await verifyPassword(password, user.passwordHash)))
        return reply.code(401).send({ error: `wrong password for ${user.email}: accept with the password you sign in with` });
    } else {
      const checked = newPassword.safeParse(password);
      if (!checked.success) {
        const message = checked.error.issues[0]!.message;
        return reply.code(400).send({ error: `body field password ${message}`, details: [{ path: 'password', message }] });
      }
    }
    // Taken before it is used: of two accepts at once, one gets it.
    const taken = await store.takeInvitation(hash, now());
    if (!taken) return reply.code(404).send({ error: INVITATION_GONE });
    if (!user) {
      try {
        user = await store.createUser({ email: taken.email, passwordHash: await hashPassword(password), mustChangePassword: false, createdAt: now() });
      } catch (e) {
        // Another invitation of the same email was accepted meanwhile: the account is theirs now. The link stays valid.
        if (!(await store.userByEmail(taken.email))) throw e;
        await store.saveInvitation(taken);
        return reply.code(409).send({ error: `an account for ${taken.email} was just made: accept again with its password` });
      }
    }
    await store.setMembership(user.id, taken.projectId, taken.role);
    return signIn(request, reply, user);
  });
}

/** The session the auth plugin found (on `'signed-in'` routes). */
function session(request: FastifyRequest): SessionUser {
  return request.session!;
}

/**
 * Records a change to a user's own account in the audit log of each project they have a role
 * on: each of those projects' owners sees it.
 */
async function auditEach(
  request: FastifyRequest,
  projects: ReadonlyArray<{ project: FastifyRequest['project'] }>,
  action: 'user.password' | 'user.sessions-revoked',
  target: string,
  details: Record<string, unknown>,
) {
  const own = request.project;
  for (const { project } of projects) {
    request.project = project;
    await audit(request, action, target, details);
  }
  request.project = own;
}
