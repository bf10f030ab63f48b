import { randomBytes } from 'node:crypto';
import type { RouteOptions } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { issueAccessToken, tokenHash } from './access-tokens.js';
import { hasRole, ROLES, type Role } from './roles.js';
import { csrfTokenOf, SESSION } from './sessions.js';
import { teamServer } from './testing/team.js';

/*
 * Who may call what (issue 17), over every route the server registers: each is in the table
 * below with who may call it, and each is called with every kind of credential. A route
 * missing from the table (or one in it that no longer exists) fails the test.
 */

// Every route, as the server registers it: Fastify wrapped so that its first hook records them.
const registered = vi.hoisted(() => [] as Array<{ method: string; url: string }>);
vi.mock('fastify', async (importOriginal) => {
  const actual = await importOriginal<typeof import('fastify')>();
  const wrapped = ((options: unknown) => {
    const app = (actual.default as unknown as (o: unknown) => import('fastify').FastifyInstance)(options);
    app.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) registered.push({ method, url: route.url });
    });
    return app;
  }) as unknown as typeof actual.default;
  return { ...actual, default: wrapped };
});

type Access = 'write' | 'builder' | 'signed-in' | Role;
/** `public`: outside the API (files, probes); `none`: an API route anyone may call. */
type Rule = 'public' | 'none' | Access | readonly Access[];

/** Who may call each route (HEAD goes with GET). */
const TABLE: Record<string, Rule> = {
  'POST /v1/auth/login': 'none',
  'GET /v1/auth/session': 'signed-in',
  'POST /v1/auth/logout': 'signed-in',
  'POST /v1/auth/logout-everywhere': 'signed-in',
  'POST /v1/auth/password': 'signed-in',
  'GET /v1/invitations/:token': 'none',
  'POST /v1/invitations/:token/accept': 'none',
  'GET /v1/unsubscribe': 'none',
  'POST /v1/unsubscribe': 'none',
  'GET /v1/users': 'owner',
  'POST /v1/users': 'owner',
  'PATCH /v1/users/:email': 'owner',
  'DELETE /v1/users/:email/membership': 'owner',
  'DELETE /v1/users/:userId': 'publisher',
  'POST /v1/batch': 'write',
  'POST /v1/identify': 'write',
  'POST /v1/track': 'write',
  'POST /v1/page': 'write',
  'POST /v1/group': 'write',
  'GET /v1/profile': 'write',
  'GET /v1/events': 'viewer',
  'GET /v1/project': 'viewer',
  'GET /v1/content': ['write', 'builder', 'viewer'],
  'PUT /v1/content': 'publisher',
  'POST /v1/content/validate': 'editor',
  'GET /v1/content/versions': ['builder', 'viewer'],
  'POST /v1/content/rollback': 'publisher',
  'GET /v1/content/draft': ['builder', 'viewer'],
  'PUT /v1/content/draft': ['builder', 'editor'],
  'GET /v1/content/diff': ['builder', 'viewer'],
  'POST /v1/content/publish': 'publisher',
  'POST /v1/preview': ['builder', 'editor'],
  'POST /v1/builder/sessions': 'editor',
  'GET /v1/reports/holdout': 'viewer',
  'GET /v1/reports/health': 'viewer',
  'GET /v1/reports/experiments/:experimentId': 'viewer',
  'GET /v1/reports/adoption': 'viewer',
  'GET /v1/reports/accounts/:accountId': 'viewer',
  'GET /v1/reports/surveys/:surveyId': 'viewer',
  'GET /v1/reports/overview': 'viewer',
  'GET /v1/reports/targets': 'viewer',
  'GET /v1/reports/flows/:flowId': 'viewer',
  'GET /v1/alerts': 'viewer',
  'POST /v1/health/recompute': 'publisher',
  'POST /v1/journeys/run': 'publisher',
  'POST /v1/journeys/preview': 'editor',
  'GET /v1/reports/journeys/:id': 'viewer',
  'GET /v1/audit': 'owner',
  'POST /v1/project/keys/rotate': 'owner',
  'POST /v1/project/staging': 'owner',
  'GET /v1/content/promotion': 'viewer',
  'POST /v1/content/promote': 'publisher',
  'GET /sdk.js': 'public',
  'GET /sdk/engine.js': 'public',
  'GET /sdk/ui.js': 'public',
  'GET /sdk/preview.js': 'public',
  'GET /sdk/builder.js': 'public',
  'GET /sdk/debug.js': 'public',
  'GET /sdk/:file': 'public',
  'GET /sdk/:version/engine.js': 'public',
  'GET /sdk/:version/ui.js': 'public',
  'GET /sdk/:version/preview.js': 'public',
  'GET /sdk/:version/builder.js': 'public',
  'GET /sdk/:version/debug.js': 'public',
  'GET /sdk/:version/:file': 'public',
  'GET /content.schema.json': 'public',
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /dashboard': 'public',
  'GET /dashboard/': 'public',
};

type Credential =
  | { kind: 'nothing' | 'expired session' | 'revoked session' | 'secret key' | 'write key' | 'builder token' }
  | { kind: 'session'; role: Role; csrf: boolean };

const CREDENTIALS: Credential[] = [
  { kind: 'nothing' },
  ...ROLES.map((role) => ({ kind: 'session' as const, role, csrf: true })),
  { kind: 'session', role: 'owner', csrf: false },
  { kind: 'expired session' },
  { kind: 'revoked session' },
  { kind: 'secret key' },
  { kind: 'write key' },
  { kind: 'builder token' },
];

const name = (c: Credential) => (c.kind === 'session' ? `${c.role} session${c.csrf ? '' : ' without the CSRF token'}` : c.kind);

/** What the credential gets on a route with this rule: the plugin tries each access of the rule in order. */
function expected(rule: Rule, credential: Credential, method: string): 'allowed' | 401 | 403 {
  if (rule === 'public' || rule === 'none') return 'allowed';
  const changes = method !== 'GET' && method !== 'HEAD';
  for (const access of typeof rule === 'string' ? [rule] : rule) {
    switch (credential.kind) {
      case 'session':
        if (access === 'write' || access === 'builder') continue;
        if (changes && !credential.csrf) return 403;
        return access === 'signed-in' || hasRole(credential.role, access) ? 'allowed' : 403;
      case 'secret key':
        if (access === 'write' || access === 'builder' || access === 'signed-in') continue;
        return 'allowed';
      case 'write key':
        if (access === 'write') return 'allowed';
        // An Authorization header that is not a secret key, on a route that needs a role.
        if (access !== 'builder' && access !== 'signed-in') return 401;
        continue;
      case 'builder token':
        if (access === 'builder') return 'allowed';
        if (access === 'write' || access === 'signed-in') continue;
        return 403;
      default:
        continue;
    }
  }
  return 401;
}

/**
 * Bodies that the route refuses once the caller is let in (400), where doing the work would
 * change what the next calls prove: a rotation would retire the secret key the table calls with.
 */
const BODIES: Record<string, unknown> = {
  'POST /v1/project/keys/rotate': { keys: 'none of them' },
};

const SAMPLES: Record<string, string> = {
  ':token': 'tpi_unknown',
  ':email': 'nobody%40example.com',
  ':userId': 'u1',
  ':version': '0.0.0',
  ':file': 'nothing.js',
};

describe('who may call what', { timeout: 120_000 }, () => {
  it('is exactly the table, for every route and every kind of credential', async () => {
    registered.length = 0;
    const t = await teamServer({ rateLimit: false, dashboardDir: '/nonexistent' });
    const routes = registered.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && r.url !== '*');
    // The table and the server agree on which routes there are.
    expect(routes.map((r) => `${r.method} ${r.url}`).sort()).toEqual(Object.keys(TABLE).sort());

    const users = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await t.addUser(`${role}@example.com`, role)] as const)));
    /** A fresh session of the role's user (signing out on one route must not end the next request's). */
    const session = async (role: Role, createdAt = t.now()) => {
      const token = SESSION.prefix + randomBytes(32).toString('base64url');
      await t.store.createSession({ hash: tokenHash(token), userId: users[role]!.id, createdAt, expiresAt: createdAt + SESSION.maxAgeMs });
      return { token, csrf: csrfTokenOf(token) };
    };
    const builder = (await issueAccessToken(t.store, t.project, 'builder', 'owner@example.com', t.now())).token;

    const headersFor = async (credential: Credential): Promise<Record<string, string>> => {
      switch (credential.kind) {
        case 'nothing':
          return {};
        case 'session': {
          const s = await session(credential.role);
          return { cookie: `${SESSION.cookie}=${s.token}`, ...(credential.csrf && { 'x-csrf-token': s.csrf }) };
        }
        case 'expired session': {
          // Signed in 13 hours ago and not used since: past the 12 hours of idle time.
          const s = await session('owner', t.now() - 13 * 3600_000);
          return { cookie: `${SESSION.cookie}=${s.token}`, 'x-csrf-token': s.csrf };
        }
        case 'revoked session': {
          const s = await session('owner');
          await t.store.endSession(tokenHash(s.token));
          return { cookie: `${SESSION.cookie}=${s.token}`, 'x-csrf-token': s.csrf };
        }
        case 'secret key':
          return { authorization: 'Bearer sk_test' };
        case 'write key':
          return { authorization: `Basic ${Buffer.from('wk_test:').toString('base64')}` };
        case 'builder token':
          return { authorization: `Bearer ${builder}` };
      }
    };

    const wrong: string[] = [];
    let calls = 0;
    for (const { method, url } of routes) {
      const rule = TABLE[`${method} ${url}`]!;
      const path = url.replace(/:\w+/g, (param) => SAMPLES[param] ?? 'x');
      for (const credential of CREDENTIALS) {
        const body = BODIES[`${method} ${url}`];
        const res = await t.app.inject({
          method: method as 'GET',
          url: path,
          headers: await headersFor(credential),
          ...(body !== undefined && { payload: body as object }),
        });
        calls++;
        const got = res.statusCode === 401 || res.statusCode === 403 ? res.statusCode : 'allowed';
        const want = expected(rule, credential, method);
        if (got !== want) wrong.push(`${method} ${url} with ${name(credential)}: ${res.statusCode} ${res.body.slice(0, 120)}, expected ${want}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(calls).toBe(routes.length * CREDENTIALS.length);
  });
});
