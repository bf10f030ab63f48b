import type { FastifyReply, FastifyRequest, preValidationHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { accessTokenHolder, TOKEN_KINDS } from './access-tokens.js';
import { bearerToken, SECRET_KEY_REQUIRED, UNKNOWN_SECRET_KEY, writeKeyOf } from './auth.js';
import { originAllowed } from './cors.js';
import { hasRole, ROLES, type Role } from './roles.js';
import type { AccessTokenStore, Project, ProjectStore } from './store/store.js';

/**
 * Who may call a route, declared by every route of the API as `config: { auth }`:
 * - `'none'`: anyone; nothing names a project;
 * - `'write'`: the project's write key, which is public (it is in the pages): `writeKey` in
 *   the body, HTTP Basic's user name, or `?key=`;
 * - a {@link Role}: a caller with at least that role: the secret key (Bearer, acting as
 *   `owner`) or, once they exist, a signed-in user's session;
 * - `'builder'`: a builder session token (`Authorization: Bearer tpb_…`, see `access-tokens.ts`),
 *   which the builder in the vendor's app sends; routes list it only for what building needs
 *   (read and save the draft, issue preview tokens, read the published content and versions);
 *   everywhere else it gets 403. It is accepted only from the project's allowed origins.
 * - a list of those: the first whose credential the request carries (`['write', 'viewer']`
 *   serves the SDK with its write key and the dashboard with the secret key).
 */
export type AuthRule = 'none' | Access | readonly Access[];
type Access = 'write' | 'builder' | Role;

/** What a request's credentials prove: its project, and what it acts as there (`write`: the write key; `builder`: a builder session). */
export interface Caller {
  project: Project;
  role: Role | 'write' | 'builder';
  /**
   * Who is answerable for what the request does (the audit log's actor): a user's email,
   * `secret-key`, `write-key`, or for a builder session the actor who opened it.
   */
  actor: string;
}

/**
 * One way of proving who calls: `undefined` when the request does not carry this kind of
 * credential at all (so another way may be tried), a message for a 401 when it carries one
 * that proves nothing, else the caller.
 */
export type Authenticator = (request: FastifyRequest) => Promise<Caller | string | undefined>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route: see {@link AuthRule}. Required on every route of the API. */
    auth?: AuthRule;
  }
  interface FastifyRequest {
    /** The project the caller's credentials belong to (on every route whose `auth` is not `'none'`). */
    project: Project;
    /** The role the caller acts with in {@link FastifyRequest.project}: `write` for the write key, `builder` for a builder session. */
    role: Role | 'write' | 'builder';
    /** Who is answerable for the request: see {@link Caller.actor}. */
    actor: string;
  }
}

export interface AuthOptions {
  store: ProjectStore & AccessTokenStore;
  /**
   * Ways to authenticate a caller with a role, tried in order before the secret key: where
   * user sessions (CONTRACT §8) plug in.
   * @default []
   */
  authenticators?: readonly Authenticator[];
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
    const withRole = [builder, ...(options.authenticators ?? []), secretKeyAuthenticator(options.store, now)];
    const write = writeKeyAuthenticator(options.store, now);
    const kinds = (access: Access) => (access === 'write' ? [write] : access === 'builder' ? [builder] : withRole);
    app.decorateRequest('project', null as unknown as Project);
    app.decorateRequest('role', null as unknown as Role);
    app.decorateRequest('actor', '');

    const authenticate: preValidationHookHandler = async (request, reply) => {
      const rule = request.routeOptions.config.auth as Exclude<AuthRule, 'none'>;
      const accesses: readonly Access[] = typeof rule === 'string' ? [rule] : rule;
      for (const access of accesses) {
        for (const authenticator of kinds(access)) {
          const caller = await authenticator(request);
          if (caller === undefined) continue;
          if (typeof caller === 'string') return refuse(reply, 401, caller);
          if (caller.role === 'builder') {
            if (access !== 'builder') return refuse(reply, 403, BUILDER_ONLY);
            if (!originAllowed(request, caller.project.origins)) {
              request.corsDenied = true;
              return refuse(reply, 403, `origin ${request.headers.origin} is not allowed for this project`);
            }
          } else if (access !== 'write' && access !== 'builder' && caller.role !== 'write' && !hasRole(caller.role, access)) {
            return refuse(reply, 403, `this needs the ${access} role or above; the caller has ${caller.role}`);
          }
          request.project = caller.project;
          request.role = caller.role;
          request.actor = caller.actor;
          return;
        }
      }
      // No credential of any accepted kind: say what the route's first kind would be.
      return refuse(reply, 401, accesses[0] === 'write' ? writeKeyMissing(request) : SECRET_KEY_REQUIRED);
    };

    app.addHook('onRoute', (route) => {
      const rule = route.config?.auth;
      const method = [route.method].flat().join(',');
      if (rule === undefined)
        throw new Error(`${method} ${route.url} declares no config.auth ('none', 'write' or a role): every route of the API says who may call it`);
      if (rule === 'none') return;
      const accesses = typeof rule === 'string' ? [rule] : rule;
      const unknown = accesses.find((a) => a !== 'write' && a !== 'builder' && !(ROLES as readonly string[]).includes(a));
      if (!accesses.length || unknown !== undefined)
        throw new Error(
          `${method} ${route.url}: config.auth ${JSON.stringify(rule)} is not 'none', 'write', 'builder', a role (${ROLES.join(', ')}) or a list of them`,
        );
      // After the route's own preValidation hooks, and those plugins added before (the rate limit).
      route.preValidation = [...[route.preValidation ?? []].flat(), authenticate];
    });
  },
  { name: 'touchpoint-auth', fastify: '5.x' },
);

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
    if (token === undefined) return request.headers.authorization === undefined ? undefined : SECRET_KEY_REQUIRED;
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

function refuse(reply: FastifyReply, status: 401 | 403, error: string) {
  return reply.code(status).send({ error });
}
