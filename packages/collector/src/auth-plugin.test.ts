import Fastify from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { authPlugin, type Authenticator } from './auth-plugin.js';
import type { Role } from './roles.js';
import { openSqliteStore } from './store/sqlite-store.js';

/** A bare API context with the plugin over a store with one project (`wk_test` / `sk_test`). */
async function api(authenticators: Authenticator[] = []) {
  const store = openSqliteStore(':memory:');
  await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins: [] });
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  await app.register(authPlugin, { store, authenticators });
  apps.push(app);
  return { app, project: (await store.projectBySecretKey('sk_test', Date.now()))! };
}
const apps: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** A user session as §8 will bring: `Cookie: session=ROLE`. */
const session =
  (project: Awaited<ReturnType<typeof api>>['project']): Authenticator =>
  async (request) => {
    const role = /session=(\w+)/.exec(request.headers.cookie ?? '')?.[1];
    return role ? { project, role: role as Role, actor: `${role}@example.com` } : undefined;
  };

describe('the auth plugin', () => {
  it('refuses to register a route that does not say who may call it, or says it wrongly', async () => {
    const { app } = await api();
    expect(() => app.get('/v1/forgot', async () => ({ secret: true }))).toThrow("GET /v1/forgot declares no config.auth ('none', 'write' or a role)");
    expect(() => app.get('/v1/typo', { config: { auth: 'admin' as Role } }, async () => ({}))).toThrow('GET /v1/typo: config.auth "admin" is not');
    expect(() => app.get('/v1/empty', { config: { auth: [] } }, async () => ({}))).toThrow('GET /v1/empty: config.auth [] is not');
    app.get('/v1/open', { config: { auth: 'none' } }, async () => ({ open: true }));
    expect((await app.inject({ method: 'GET', url: '/v1/open' })).json()).toEqual({ open: true });
    // Neither of the refused routes exists.
    expect((await app.inject({ method: 'GET', url: '/v1/forgot' })).statusCode).toBe(404);
  });

  it('checks roles in one place: each includes those below it, the secret key acts as owner, a lower role gets 403', async () => {
    const { project } = await api();
    const withSessions = await api([session(project)]);
    for (const role of ['viewer', 'publisher', 'owner'] as const) {
      withSessions.app.get(`/v1/${role}`, { config: { auth: role } }, async (request) => ({ project: request.project.id, role: request.role }));
    }
    const status = async (url: string, headers: Record<string, string>) => {
      const res = await withSessions.app.inject({ method: 'GET', url, headers });
      return [res.statusCode, res.json()];
    };
    expect(await status('/v1/viewer', { cookie: 'session=viewer' })).toEqual([200, { project: project.id, role: 'viewer' }]);
    expect(await status('/v1/publisher', { cookie: 'session=viewer' })).toEqual([
      403,
      { error: 'this needs the publisher role or above; the caller has viewer' },
    ]);
    expect(await status('/v1/publisher', { cookie: 'session=owner' })).toEqual([200, { project: project.id, role: 'owner' }]);
    expect(await status('/v1/owner', { cookie: 'session=publisher' })).toEqual([
      403,
      { error: 'this needs the owner role or above; the caller has publisher' },
    ]);
    expect(await status('/v1/owner', { authorization: 'Bearer sk_test' })).toEqual([200, { project: project.id, role: 'owner' }]);
    // The write key is no role: it is refused where one is needed.
    expect(await status('/v1/viewer', { authorization: 'Bearer wk_test' })).toEqual([
      401,
      { error: 'unknown secret key: no project on this collector has it (a write key is not a secret key)' },
    ]);
    expect(await status('/v1/viewer', {})).toEqual([401, { error: 'sign in (POST /v1/auth/login), or send a secret key (Authorization: Bearer SECRET_KEY)' }]);
  });

  it('takes the write key from the body, HTTP Basic or ?key=, and the first accepted credential of a list', async () => {
    const { app, project } = await api();
    app.post('/v1/ingest', { config: { auth: 'write' } }, async (request) => ({ project: request.project.id, role: request.role }));
    app.get('/v1/either', { config: { auth: ['write', 'viewer'] } }, async (request) => ({ role: request.role }));
    const post = async (payload: object, headers: Record<string, string> = {}) => {
      const res = await app.inject({ method: 'POST', url: '/v1/ingest', payload, headers });
      return [res.statusCode, res.json()];
    };
    expect(await post({ writeKey: 'wk_test' })).toEqual([200, { project: project.id, role: 'write' }]);
    expect(await post({}, { authorization: `Basic ${Buffer.from('wk_test:').toString('base64')}` })).toEqual([200, { project: project.id, role: 'write' }]);
    expect(await post({ writeKey: 'wk_nope' })).toEqual([401, { error: 'unknown write key' }]);
    expect(await post({}, { authorization: 'Bearer sk_test' })).toEqual([401, { error: 'missing write key (writeKey in the body, or HTTP Basic)' }]);

    const either = async (url: string, headers: Record<string, string> = {}) => (await app.inject({ method: 'GET', url, headers })).json();
    expect(await either('/v1/either?key=wk_test', { authorization: 'Bearer sk_test' })).toEqual({ role: 'write' });
    expect(await either('/v1/either', { authorization: 'Bearer sk_test' })).toEqual({ role: 'owner' });
    expect(await either('/v1/either')).toEqual({ error: 'unknown or missing write key (?key=WRITE_KEY)' });
  });

  it('answers 401 before the route schema looks at the request: a stranger learns nothing of its parameters', async () => {
    const { app } = await api();
    app.get('/v1/report', { config: { auth: 'viewer' }, schema: { querystring: z.object({ days: z.coerce.number().int() }) } }, async (request) => ({
      days: request.query.days,
    }));
    expect((await app.inject({ method: 'GET', url: '/v1/report?days=abc' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/v1/report?days=abc', headers: { authorization: 'Bearer sk_test' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/v1/report?days=7', headers: { authorization: 'Bearer sk_test' } })).json()).toEqual({ days: 7 });
  });
});
