import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from './server.js';
import { openSqliteStore } from './store/sqlite-store.js';

let app: FastifyInstance;
beforeAll(async () => {
  const store = openSqliteStore(':memory:');
  await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins: [] });
  app = await buildServer({ store, healthIntervalMs: 0, rateLimit: false, now: () => Date.parse('2026-03-15T12:00:00Z') });
  await app.ready();
});
afterAll(() => app.close());

const send = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
  const res = await app.inject({ method, url, headers: { authorization: 'Bearer sk_test' }, ...(payload !== undefined && { payload: payload as object }) });
  return [res.statusCode, res.json()];
};

describe('what a route schema refuses', () => {
  it('is a 400 { error, details: [{ path, message }] } naming the parameter in plain words', async () => {
    const days = 'must be a whole number of days from 1 to 366';
    // (1e20 breaks two of the checks that give this message, whole and at most 366: it is said once.)
    for (const value of ['abc', '0', '400', '2.5', '1e20']) {
      expect(await send('GET', `/v1/reports/accounts/acme?days=${value}`), value).toEqual([
        400,
        { error: `query parameter days ${days}`, details: [{ path: 'days', message: days }], errors: [{ path: 'days', message: days }] },
      ]);
    }
    const [status, body] = await send('GET', '/v1/reports/adoption?from=2026-13-01&to=yesterday');
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: 'query parameter from must be a UTC day, YYYY-MM-DD; query parameter to must be a UTC day, YYYY-MM-DD',
      details: [
        { path: 'from', message: 'must be a UTC day, YYYY-MM-DD' },
        { path: 'to', message: 'must be a UTC day, YYYY-MM-DD' },
      ],
    });
    // Days the calendar does not have (was: 2026-02-30 read as March 2).
    expect((await send('GET', '/v1/reports/adoption?from=2026-02-30&to=2026-02-31'))[1]).toMatchObject({
      details: [
        { path: 'from', message: 'must be a UTC day, YYYY-MM-DD' },
        { path: 'to', message: 'must be a UTC day, YYYY-MM-DD' },
      ],
    });
    expect((await send('GET', '/v1/audit?from=2026-02-29'))[0]).toBe(400);
    expect((await send('GET', '/v1/reports/flows/tour?from=2026-03-10&to=2026-03-01'))[1]).toMatchObject({
      details: [{ path: 'from', message: 'must not be after `to`' }],
    });
    expect((await send('GET', '/v1/reports/holdout?from=2026-03-01'))[1]).toMatchObject({
      error: 'query parameter event is required: the goal event',
      details: [{ path: 'event' }],
    });
    expect((await send('GET', '/v1/events?limit=5000'))[1]).toMatchObject({ error: 'query parameter limit must be a whole number from 1 to 1000' });
    expect((await send('GET', '/v1/events?type=click'))[1]).toMatchObject({ error: 'query parameter type must be track, page, identify or group' });
  });

  it('names the path parameter or body field', async () => {
    expect(await send('DELETE', `/v1/users/${'u'.repeat(257)}`)).toEqual([
      400,
      expect.objectContaining({
        error: 'path parameter userId must be a user id of 1 to 256 characters',
        details: [{ path: 'userId', message: 'must be a user id of 1 to 256 characters' }],
      }),
    ]);
    expect(await send('POST', '/v1/content/rollback', { version: 'x' })).toEqual([
      400,
      expect.objectContaining({ error: 'body field version must be a whole number', details: [{ path: 'version', message: 'must be a whole number' }] }),
    ]);
    expect(await send('POST', '/v1/content/rollback', [1])).toEqual([
      400,
      expect.objectContaining({ error: 'the body must be { "version": N }', details: [{ path: '', message: 'must be { "version": N }' }] }),
    ]);
  });

  it("takes ids of up to 256 characters in paths, and answers what the router refuses in the same shape (was: 414 for 101 characters, with fastify's own body)", async () => {
    expect(await send('DELETE', `/v1/users/${'u'.repeat(256)}`)).toEqual([200, { deleted: { events: 0 } }]);
    const long = await send('GET', `/v1/reports/accounts/${'a'.repeat(2000)}`);
    expect(long).toEqual([414, { error: expect.stringMatching(/is exceeding the max param length$/) }]);
    expect(await send('GET', '/v1/reports/flows/%E0%A4%A')).toEqual([400, { error: expect.stringMatching(/is not a valid url component$/) }]);
  });

  it('gives what it accepted to the route: defaults, numbers from the query', async () => {
    expect(await send('GET', '/v1/reports/adoption')).toEqual([200, expect.objectContaining({ from: '2026-02-14', to: '2026-03-15' })]);
    expect(await send('GET', '/v1/events?limit=2')).toEqual([200, expect.objectContaining({ events: [] })]);
  });
});
