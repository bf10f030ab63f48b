import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from './server.js';
import { openSqliteStore } from './store/sqlite-store.js';

let app: FastifyInstance;
beforeAll(async () => {
  const store = openSqliteStore(':memory:');
  await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins: [] });
  app = await buildServer({ store, healthIntervalMs: 0, rateLimit: false });
  await app.ready();
});
afterAll(() => app.close());

/** Every route the server has, read from fastify's own route tree (so a new route is covered without listing it here). */
function routes(): Array<{ method: string; url: string }> {
  const found: Array<{ method: string; url: string }> = [];
  const prefixes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (\S+) \(([^)]*)\)/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (prefixes[depth - 1] ?? '') + match[2]!;
    prefixes[depth] = path;
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') found.push({ method, url: path.replace(/:\w+(?:\|:\w+)*/g, 'x') });
  }
  return found;
}

describe('secret-key routes', () => {
  it('say a key is required when none is given, and that it is unknown when it matches no project, on every route', async () => {
    const secretRoutes: string[] = [];
    for (const { method, url } of routes()) {
      if (!url.startsWith('/v1/')) continue;
      const none = await app.inject({ method: method as 'GET', url, payload: method === 'GET' || method === 'DELETE' ? undefined : {} });
      if (none.statusCode !== 401 || !/secret key/.test(none.json().error)) continue;
      secretRoutes.push(`${method} ${url}`);
      expect(none.json().error, `${method} ${url} without a key`).toBe(
        'sign in (POST /v1/auth/login), or send a secret key (Authorization: Bearer SECRET_KEY)',
      );
      for (const key of ['sk_unknown', 'wk_test']) {
        const res = await app.inject({
          method: method as 'GET',
          url,
          headers: { authorization: `Bearer ${key}` },
          payload: method === 'GET' || method === 'DELETE' ? undefined : {},
        });
        expect([res.statusCode, res.json().error], `${method} ${url} with ${key}`).toEqual([
          401,
          'unknown secret key: no project on this collector has it (a write key is not a secret key)',
        ]);
      }
    }
    // The management routes of CONTRACT §5 are among them (the tree was read).
    expect(secretRoutes).toEqual(
      expect.arrayContaining([
        'GET /v1/events',
        'PUT /v1/content',
        'GET /v1/reports/health',
        'POST /v1/health/recompute',
        'GET /v1/reports/experiments/x',
        'DELETE /v1/users/x',
        'GET /v1/project',
      ]),
    );
  });

  it('GET /v1/content (write key in ?key=, or the secret key) says which key is wrong', async () => {
    const error = async (init: { url: string; headers?: Record<string, string> }) => (await app.inject({ method: 'GET', ...init })).json().error;
    expect(await error({ url: '/v1/content', headers: { authorization: 'Bearer sk_unknown' } })).toBe(
      'unknown secret key: no project on this collector has it (a write key is not a secret key)',
    );
    expect(await error({ url: '/v1/content?key=wk_unknown' })).toBe('unknown or missing write key (?key=WRITE_KEY)');
    expect(await error({ url: '/v1/content' })).toBe('unknown or missing write key (?key=WRITE_KEY)');
  });

  it('answers with the project for its secret key', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/project', headers: { authorization: 'Bearer sk_test' } });
    expect([res.statusCode, res.json().name]).toEqual([200, 'test']);
  });
});
