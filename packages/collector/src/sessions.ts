import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { environmentFields } from './environments.js';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tokenHash } from './access-tokens.js';
import type { Authenticator, Caller, Refusal, SignedInCaller } from './auth-plugin.js';
import type { Role } from './roles.js';
import type { Project, ProjectStore, User, UserStore } from './store/store.js';

/**
 * Dashboard sign-in sessions (CONTRACT §8): a random token in an HttpOnly, SameSite=Strict
 * cookie, kept in the store as its SHA-256 only. A session ends after 12 hours without use
 * (a working day) or 7 days after sign-in whatever the use, at sign-out, or when ended
 * everywhere (sign out everywhere, a password change).
 */
export const SESSION = {
  cookie: 'tp_session',
  prefix: 'tps_',
  idleMs: 12 * 3600_000,
  maxAgeMs: 7 * 24 * 3600_000,
} as const;

/** The header that names the project of a cookie-authenticated request. */
export const PROJECT_HEADER = 'x-touchpoint-project';

/** A signed-in user: their session (by hash) and the CSRF token it needs. */
export interface SessionUser {
  user: User;
  hash: string;
  csrfToken: string;
}

/** A project the user has a role on. */
export interface UserProject {
  project: Project;
  role: Role;
}

/**
 * The CSRF token of a session: derived from its token (so nothing more is stored), one-way
 * (so a page that reads it cannot rebuild the cookie). Requests that carry the cookie and
 * change anything must send it as `X-CSRF-Token` (the auth plugin checks it).
 */
export function csrfTokenOf(token: string): string {
  return createHash('sha256').update(`csrf\0${token}`).digest('base64url');
}

/** Whether two tokens are equal, in constant time. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Sessions over the store, with the clock (for tests): start, read, end, and the auth plugin's two ways in. */
export function createSessions(store: UserStore & ProjectStore, now: () => number) {
  /** The projects the user has a role on, by id; the role on every project covers projects made later too. */
  async function projectsOf(user: User): Promise<UserProject[]> {
    const rows = await store.memberships(user.id);
    const every = rows.find((r) => r.projectId === null)?.role;
    const own = new Map(rows.filter((r) => r.projectId !== null).map((r) => [r.projectId, r.role]));
    const projects: UserProject[] = [];
    for (const project of await store.listProjects()) {
      const role = own.get(membershipProjectId(project)) ?? every;
      if (role && role !== 'none') projects.push({ project, role });
    }
    return projects;
  }

  /** The session of the request's cookie: undefined without one, a message when it proves nothing. */
  async function current(request: FastifyRequest): Promise<SessionUser | string | undefined> {
    const token = request.cookies?.[SESSION.cookie];
    if (!token) return undefined;
    if (!token.startsWith(SESSION.prefix) || token.length > 200) return SESSION_ENDED;
    const hash = tokenHash(token);
    const user = await store.useSession(hash, now(), SESSION.idleMs);
    return user ? { user, hash, csrfToken: csrfTokenOf(token) } : SESSION_ENDED;
  }

  /** The project a request names (`X-Touchpoint-Project`), else the user's only one. */
  function pick(request: FastifyRequest, projects: readonly UserProject[]): UserProject | Refusal {
    const header = request.headers[PROJECT_HEADER];
    if (header === undefined) {
      // One project means one production (its staging is named when meant).
      const productions = projects.filter((p) => p.project.productionId === null);
      if (productions.length === 1) return productions[0]!;
      if (!projects.length) return { status: 403, error: 'you have no role on any project: ask an owner to invite you' };
      return { status: 400, error: `name the project in the X-Touchpoint-Project header: you have a role on ${projects.map((p) => p.project.id).join(', ')}` };
    }
    const id = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : undefined;
    if (id === undefined) return { status: 400, error: 'X-Touchpoint-Project must be a project id (a whole number)' };
    return projects.find((p) => p.project.id === id) ?? { status: 403, error: `you have no role on project ${id}` };
  }

  /** A session cookie on a route that needs a role: the user's role on the request's project. */
  const authenticator: Authenticator = async (request) => {
    const session = await current(request);
    if (session === undefined || typeof session === 'string') return session;
    if (session.user.mustChangePassword) return { status: 403, error: 'change your one-time password first (POST /v1/auth/password)' };
    const picked = pick(request, await projectsOf(session.user));
    if ('status' in picked) return picked;
    return { ...picked, actor: session.user.email, csrfToken: session.csrfToken, session } satisfies Caller;
  };

  /** A session cookie on a route about the signed-in user's own account: any session; its project when the request settles one. */
  async function signedIn(request: FastifyRequest): Promise<SignedInCaller | string | undefined> {
    const session = await current(request);
    if (session === undefined || typeof session === 'string') return session;
    const picked = pick(request, await projectsOf(session.user));
    return { actor: session.user.email, csrfToken: session.csrfToken, session, ...('status' in picked ? {} : picked) };
  }

  /** Starts a session for the user and sets its cookie (Secure when the request came over HTTPS). */
  async function start(request: FastifyRequest, reply: FastifyReply, user: User): Promise<SessionUser> {
    const token = SESSION.prefix + randomBytes(32).toString('base64url');
    const hash = tokenHash(token);
    const at = now();
    await store.createSession({ hash, userId: user.id, createdAt: at, expiresAt: at + SESSION.maxAgeMs });
    reply.setCookie(SESSION.cookie, token, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: request.protocol === 'https',
      maxAge: SESSION.maxAgeMs / 1000,
    });
    return { user: { ...user, lastSignInAt: at }, hash, csrfToken: csrfTokenOf(token) };
  }

  /** Forgets the cookie in the browser. */
  function clearCookie(request: FastifyRequest, reply: FastifyReply) {
    reply.clearCookie(SESSION.cookie, { httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https' });
  }

  /**
   * What sign-in, the session read and an accepted invitation answer: the user, their role on
   * the request's project (`X-Touchpoint-Project`, else their first; null without any), the
   * CSRF token, and every project they have a role on.
   */
  async function answer(request: FastifyRequest, session: SessionUser) {
    const projects = await projectsOf(session.user);
    const picked = pick(request, projects);
    const role = 'status' in picked ? (projects[0]?.role ?? null) : picked.role;
    // The stagings are among the listed projects (a role on production covers its staging).
    const listed = { stagingOf: async (id: number) => projects.find((p) => p.project.productionId === id)?.project };
    return {
      user: { email: session.user.email, role, mustChangePassword: session.user.mustChangePassword },
      csrfToken: session.csrfToken,
      projects: await Promise.all(
        projects.map(async ({ project, role }) => ({
          id: project.id,
          name: project.name,
          role,
          // Public: it goes in the vendor's pages (the dashboard shows the script tag with it).
          writeKey: project.writeKey,
          ...(await environmentFields(listed, project)),
        })),
      ),
    };
  }

  return { authenticator, signedIn, start, clearCookie, answer, projectsOf };
}

export type Sessions = ReturnType<typeof createSessions>;

const SESSION_ENDED = 'your session has ended (signed out, expired or revoked): sign in again';

/** The project whose memberships give a role on `project`: a membership on a production project covers its staging. */
export function membershipProjectId(project: Pick<Project, 'id' | 'productionId'>): number {
  return project.productionId ?? project.id;
}
