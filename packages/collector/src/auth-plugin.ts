import type { FastifyReply, FastifyRequest, preValidationHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { accessTokenHolder, TOKEN_KINDS } from './access-tokens.js';
import { bearerToken, SECRET_KEY_REQUIRED, UNKNOWN_SECRET_KEY, writeKeyOf } from './auth.js';
import { originAllowed } from './cors.js';
import { hasRole, ROLES, type Role } from './roles.js';
import { sameToken, type SessionUser } from './sessions.js';
import type { AccessTokenStore, Project, ProjectStore } from './store/store.js';

/**
 * Who may call a route, declared by every route of the API as `config: { auth }`:
 * - `'none'`: anyone; nothing names a project;
 * - `'write'`: the project's write key, which is public (it is in the pages): `writeKey` in
 *   the body, HTTP Basic's user name, or `?key=`;
 * - a {@link Role}: a caller with at least that role: the secret key (Bearer, acting as
 *   `owner`) or a signed-in user's session cookie (their role on the project that
 *   `X-Touchpoint-Project` names, or on their only project);
 * - `'builder'`: a builder session token (`Authorization: Bearer tpb_…`, see `access-tokens.ts`),
 *   which the builder in the vendor's app sends; routes list it only for what building needs
 *   (read and save the draft, issue preview tokens, read the published content and versions);
 *   everywhere else it gets 403. It is accepted only from the project's allowed origins.
 * - `'signed-in'`: any signed-in user (a session cookie), whatever their roles: the routes about
 *   their own account (the session, sign-out, their password). `request.project` is set only
 *   when the request settles one.
 * - a list of those: the first whose credential the request carries (`['write', 'viewer']`
 *   serves the SDK with its write key and the dashboard with the secret key).
 *
 * A credential the browser sends by itself (the session cookie) brings a CSRF token: a request
 * other than GET or HEAD made with it must carry that token in `X-CSRF-Token`, else 403.
 */
export type AuthRule = 'none' | Access | readonly Access[];
type Access = 'write' | 'builder' | 'signed-in' | Role;

/** What a request's credentials prove: its project, what it acts as there (`write`: the write key; `builder`: a builder session), and who. */
export interface Caller {
  project: Project;
  role: Role | 'write' | 'builder';
  /**
   * Who acts, as the audit log names them: the user's email for a session, `"secret-key"`,
   * `"write-key"`; for a builder token, who issued it.
   */
  actor: string;
  /** For a credential the browser sends by itself (the session cookie): the token requests that change anything must carry as `X-CSRF-Token`. */
  csrfToken?: string;
  /** The signed-in user's session, when the credential is one. */
  session?: SessionUser;
}

/** A signed-in user on a `'signed-in'` route: their project and role there only when the request settles one. */
export type SignedInCaller = Omit<Caller, 'project' | 'role' | 'csrfToken' | 'session'> &
  Partial<Pick<Caller, 'project' | 'role'>> & { csrfToken: string; session: SessionUser };

/** A credential that proves who calls but not what the request needs: its status and message (400: the request must say more). */
export interface Refusal {
  status: 400 | 401 | 403;
  error: string;
}

/**
 * One way of proving who calls: `undefined` when the request does not carry this kind of
 * credential at all (so another way may be tried), a message for a 401 when it carries one
 * that proves nothing (or a {@link Refusal}), else the caller.
 */
export type Authenticator = (request: FastifyRequest) => Promise<Caller | Refusal | string | undefined>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route: see {@link AuthRule}. Required on every route of the API. */
    auth?: AuthRule;
  }
  interface FastifyRequest {
    /** The project the caller's credentials belong to (on every route whose `auth` is not `'none'` or `'signed-in'`). */
    project: Project;
    /** The role the caller acts with in {@link FastifyRequest.project}: `write` for the write key, `builder` for a builder session. */
    role: Role | 'write' | 'builder';
    /** Who acts (see {@link Caller.actor}), on every route whose `auth` is not `'none'`. */
    actor: string;
    /** The signed-in user's session, when a session cookie authenticated the request. */
    session: SessionUser | null;
  }
}

export interface AuthOptions {
  store: ProjectStore & AccessTokenStore;
  /**
   * Ways to authenticate a caller with a role, tried in order after the secret key (which
   * answers only requests with an `Authorization` header): where user sessions (CONTRACT §8)
   * plug in.
   * @default []
   */
  authenticators?: readonly Authenticator[];
  /** The signed-in user of a `'signed-in'` route (see `sessions.ts`); without it, such routes answer 401. */
  signedIn?: (request: FastifyRequest) => Promise<SignedInCaller | string | undefined>;
  /** Clock for the tokens' expiry and the keys' grace periods, for tests. @default Date.now */
  now?: () => number;
}

/**
 * Authentication and roles for every route registered after it in its context, in one
 * place: each route must declare `config.auth` (registering one without it throws, so no
 * route is public by omission); one hook then proves the caller, answers 401 (no or unknown
 * credentials) or 403 (a role below the route's), and decorates the request with `project`
 * and `role`. The hook runs at preValidation, after the rate limit (so key guessing is
 * limited) and before the route's schemas (so a stranger learns nothing about them).
 */
export const authPlugin = fp<AuthOptions>(
  async (app, options) => {
    const now = options.now ?? Date.now;
    const builder = builderAuthenticator(options.store, now);
    // The builder's token first: on a route that needs a role, it is refused as a builder's (403), not as an unknown secret key.
    // An Authorization header then decides before a cookie: a server's call is never taken for a browser's.
    const withRole = [builder, secretKeyAuthenticator(options.store, now), ...(options.authenticators ?? [])];
    const write = writeKeyAuthenticator(options.store, now);
    const signedIn: Authenticator = async (request) => options.signedIn?.(request) as Promise<Caller | string | undefined>;
    const kinds = (access: Access) => (access === 'write' ? [write] : access === 'builder' ? [builder] : access === 'signed-in' ? [signedIn] : withRole);
    app.decorateRequest('project', null as unknown as Project);
    app.decorateRequest('role', null as unknown as Role);
    app.decorateRequest('actor', null as unknown as string);
    app.decorateRequest('session', null);

    const authenticate: preValidationHookHandler = async (request, reply) => {
      const rule = request.routeOptions.config.auth as Exclude<AuthRule, 'none'>;
      const accesses: readonly Access[] = typeof rule === 'string' ? [rule] : rule;
      for (const access of accesses) {
        for (const authenticator of kinds(access)) {
          const caller = await authenticator(request);
          if (caller === undefined) continue;
          if (typeof caller === 'string') return refuse(reply, 401, caller);
          if ('status' in caller) return refuse(reply, caller.status, caller.error);
          if (caller.csrfToken !== undefined && !SAFE_METHODS.has(request.method)) {
            const sent = request.headers['x-csrf-token'];
            if (typeof sent !== 'string' || !sameToken(sent, caller.csrfToken)) return refuse(reply, 403, CSRF_REQUIRED);
          }
          if (caller.role === 'builder') {
            if (access !== 'builder') return refuse(reply, 403, BUILDER_ONLY);
            if (!originAllowed(request, caller.project.origins)) {
              request.corsDenied = true;
              return refuse(reply, 403, `origin ${request.headers.origin} is not allowed for this project`);
            }
          } else if (access !== 'write' && access !== 'builder' && access !== 'signed-in' && caller.role !== 'write' && !hasRole(caller.role, access)) {
            return refuse(reply, 403, `this needs the ${access} role or above; the caller has ${caller.role}`);
          }
          request.project = caller.project;
          request.role = caller.role;
          request.actor = caller.actor;
          request.session = caller.session ?? null;
          return;
        }
      }
      // No credential of any accepted kind: say what the route's first kind would be.
      return refuse(reply, 401, accesses[0] === 'write' ? writeKeyMissing(request) : accesses[0] === 'signed-in' ? NOT_SIGNED_IN : SECRET_KEY_REQUIRED);
    };

    app.addHook('onRoute', (route) => {
      const rule = route.config?.auth;
      const method = [route.method].flat().join(',');
      if (rule === undefined)
        throw new Error(`${method} ${route.url} declares no config.auth ('none', 'write' or a role): every route of the API says who may call it`);
      if (rule === 'none') return;
      const accesses = typeof rule === 'string' ? [rule] : rule;
      const unknown = accesses.find((a) => a !== 'write' && a !== 'builder' && a !== 'signed-in' && !(ROLES as readonly string[]).includes(a));
      if (!accesses.length || unknown !== undefined)
        throw new Error(
          `${method} ${route.url}: config.auth ${JSON.stringify(rule)} is not 'none', 'write', 'builder', 'signed-in', a role (${ROLES.join(', ')}) or a list of them`,
        );
      // After the route's own preValidation hooks, and those plugins added before (the rate limit).
      route.preValidation = [...[route.preValidation ?? []].flat(), authenticate];
    });
  },
  { name: 'touchpoint-auth', fastify: '5.x' },
);

// Requests that change nothing: a page of another site may make them, but cannot read the answer.
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** What a cookie-authenticated request that changes something gets without its CSRF token. */
export const CSRF_REQUIRED =
  'missing or wrong X-CSRF-Token header: requests signed in with the session cookie that change anything must send the csrfToken that sign-in answered';

/** What a `'signed-in'` route answers without a session cookie. */
export const NOT_SIGNED_IN = 'not signed in (POST /v1/auth/login)';

/** What a builder session token gets on a route that is not for building. */
export const BUILDER_ONLY = 'a builder session may only read and save the draft, issue preview tokens and read the published content';

/**
 * A builder session token as a Bearer token (`tpb_…`): the project's builder while the session
 * lasts. Other Bearer tokens are not its kind (undefined: the secret key is tried).
 */
export function builderAuthenticator(store: AccessTokenStore, now: () => number): Authenticator {
  return async (request) => {
    const token = bearerToken(request);
    if (!token?.startsWith(TOKEN_KINDS.builder.prefix)) return undefined;
    const holder = await accessTokenHolder(store, token, 'builder', now());
    return holder
      ? { project: holder.project, role: 'builder', actor: holder.actor }
      : 'this builder session has expired or is unknown: open the builder again from the dashboard';
  };
}

/** The secret key as a Bearer token (or the previous one during its grace period): the project's `owner`. */
export function secretKeyAuthenticator(store: ProjectStore, now: () => number): Authenticator {
  return async (request) => {
    const token = bearerToken(request);
    // An empty Authorization header carries nothing: a cookie may still prove who calls.
    if (token === undefined) return request.headers.authorization ? SECRET_KEY_REQUIRED : undefined;
    const project = token ? await store.projectBySecretKey(token, now()) : undefined;
    return project ? { project, role: 'owner', actor: 'secret-key' } : token ? UNKNOWN_SECRET_KEY : SECRET_KEY_REQUIRED;
  };
}

/**
 * The write key: `writeKey` in the body or HTTP Basic's user name, and `?key=`; the first of
 * them that a project has (as the rate limit picks its bucket), so a stray Basic header does
 * not hide a good key in the query. A previous write key works during its grace period.
 */
export function writeKeyAuthenticator(store: ProjectStore, now: () => number): Authenticator {
  return async (request) => {
    const keys = [writeKeyOf(request), queryKey(request)].filter((key) => key !== undefined);
    if (!keys.length) return undefined;
    for (const key of keys) {
      const project = await store.projectByWriteKey(key, now());
      if (project) return { project, role: 'write', actor: 'write-key' };
    }
    return request.method === 'GET' ? writeKeyMissing(request) : 'unknown write key';
  };
}

function queryKey(request: FastifyRequest): string | undefined {
  const { key } = (request.query ?? {}) as { key?: unknown };
  return typeof key === 'string' && key ? key : undefined;
}

/** A GET has no body: its write key goes in the query; other requests put it in the body (Segment's API) or HTTP Basic. */
function writeKeyMissing(request: FastifyRequest): string {
  return request.method === 'GET' ? 'unknown or missing write key (?key=WRITE_KEY)' : 'missing write key (writeKey in the body, or HTTP Basic)';
}

function refuse(reply: FastifyReply, status: 400 | 401 | 403, error: string) {
  return reply.code(status).send({ error });
}
