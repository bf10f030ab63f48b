import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer, type ServerOptions } from './server.js';
import { openSqliteStore } from './store/sqlite-store.js';

const running: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((stop) => stop()));
});

/** A webhook receiver on 127.0.0.1. `answer` decides each request's status (and may hold it); every request is recorded as it arrives. */
async function receiver(answer: (path: string, count: number) => number | Promise<number> = () => 200) {
  const received: Array<{ path: string; key: string; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req
      .on('data', (d: Buffer) => (body += d))
      .on('end', async () => {
        received.push({ path: req.url ?? '', key: String(req.headers['idempotency-key']), body });
        const status = await answer(req.url ?? '', received.length);
        res.writeHead(status, status >= 300 && status < 400 ? { location: '/stolen' } : {}).end();
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  running.push(() => new Promise<void>((r) => server.close(() => r())));
  return { port, url: `http://127.0.0.1:${port}/hook`, received };
}

/** A collector over a database file (a fresh one unless given), with one project, delivering alerts every 50 ms. */
async function collector(options: Partial<ServerOptions> = {}, dbPath?: string) {
  let path = dbPath;
  if (!path) {
    const dir = mkdtempSync(join(tmpdir(), 'tp-webhook-'));
    path = join(dir, 'db.sqlite');
    running.push(async () => rmSync(dir, { recursive: true, force: true }));
  }
  const store = openSqliteStore(path);
  const project =
    (await store.projectByWriteKey('wk_test', Date.now())) ??
    (await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins: [] }));
  const app = await buildServer({ store, healthIntervalMs: 0, alertRetryBaseMs: 50, ...options });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  running.unshift(() => app.close());
  const alerts = async () =>
    (
      (await (await fetch(`${url}/v1/alerts`, { headers: { authorization: 'Bearer sk_test' } })).json()) as {
        alerts: Array<{ id: string; attempts: number; sent: boolean; lastError: string | null }>;
      }
    ).alerts;
  const enqueue = (id: string, webhook: string) =>
    store.enqueueAlert({ id, projectId: project.id, url: webhook, body: JSON.stringify({ account_id: id }) }, Date.now());
  return { url, path, store, alerts, enqueue };
}

describe('alert webhooks', () => {
  it('never follow a redirect: a 307 is a failed try, the signed body goes nowhere else, and the retry has the same Idempotency-Key (was: re-POSTed)', async () => {
    const hook = await receiver((path, count) => (path === '/stolen' ? 200 : count < 3 ? 307 : 200));
    const c = await collector({ allowPrivateWebhooks: true });
    await c.enqueue('a1', hook.url);
    await expect.poll(async () => (await c.alerts())[0]?.sent, { timeout: 5000 }).toBe(true);
    expect(hook.received.map((r) => [r.path, r.key])).toEqual([
      ['/hook', 'a1'],
      ['/hook', 'a1'],
      ['/hook', 'a1'],
    ]);
    expect((await c.alerts())[0]).toMatchObject({ attempts: 3, lastError: null });
  });

  it('records why a try failed (a redirect not followed, a 500) and retries with backoff', async () => {
    const redirecting = await receiver(() => 307);
    const failing = await receiver(() => 500);
    const c = await collector({ allowPrivateWebhooks: true });
    await c.enqueue('to-redirect', redirecting.url);
    await c.enqueue('to-failing', failing.url);
    await expect.poll(async () => (await c.alerts()).every((a) => a.attempts >= 2), { timeout: 5000 }).toBe(true);
    const errors = Object.fromEntries((await c.alerts()).map((a) => [a.id, [a.sent, a.lastError]]));
    expect(errors).toEqual({
      'to-redirect': [false, 'HTTP 307 redirect to /stolen not followed: webhooks go to their configured URL only'],
      'to-failing': [false, 'HTTP 500'],
    });
    expect(redirecting.received.every((r) => r.path === '/hook' && r.key === 'to-redirect')).toBe(true);
  });

  it('checks every address a name resolves to, when sending, and connects to the address it checked', async () => {
    const hook = await receiver();
    // hooks.example.test resolves (in this test) to the receiver's loopback address.
    const lookup = ((_host: string, _options: unknown, callback: (e: null, a: Array<{ address: string; family: number }>) => void) =>
      callback(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as ServerOptions['webhookLookup'];
    const refusing = await collector({ webhookLookup: lookup });
    await refusing.enqueue('r1', `http://hooks.example.test:${hook.port}/hook`);
    // A literal private address published while allowed, sent by a collector that no longer allows it.
    await refusing.enqueue('r2', hook.url);
    await expect.poll(async () => (await refusing.alerts()).filter((a) => a.attempts > 0).length, { timeout: 5000 }).toBe(2);
    const errors = Object.fromEntries((await refusing.alerts()).map((a) => [a.id, a.lastError]));
    expect(errors.r1).toBe('hooks.example.test resolves to 127.0.0.1, a loopback, private or link-local address (allow with --allow-private-webhooks)');
    expect(errors.r2).toMatch(/^the webhook URL must not point to a loopback, private or link-local address \(127\.0\.0\.1\)/);
    expect(hook.received).toEqual([]);

    const allowing = await collector({ webhookLookup: lookup, allowPrivateWebhooks: true });
    await allowing.enqueue('ok', `http://hooks.example.test:${hook.port}/hook`);
    await expect.poll(async () => (await allowing.alerts())[0]?.sent, { timeout: 5000 }).toBe(true);
    expect(hook.received.map((r) => r.key)).toEqual(['ok']);
  });

  it('refuses a private webhook when content is published, unless private targets are allowed', async () => {
    const doc = { version: 1, health: { signals: [{ event: 'A', weight: 1 }], alerts: [{ below: 40, webhook: 'http://169.254.169.254/latest' }] } };
    const put = (url: string) =>
      fetch(`${url}/v1/content`, {
        method: 'PUT',
        headers: { authorization: 'Bearer sk_test', 'content-type': 'application/json' },
        body: JSON.stringify(doc),
      });
    const strict = await collector();
    const refused = await put(strict.url);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toEqual(['health.alerts[0].webhook']);
    expect((await put((await collector({ allowPrivateWebhooks: true })).url)).status).toBe(200);
  });

  it('two collectors on one database deliver each alert once: a delivery is claimed before it is sent (was: twice)', async () => {
    // The receiver holds each request 400 ms: long enough for the other collector's loop to look at the outbox many times.
    const hook = await receiver(() => new Promise((r) => setTimeout(() => r(200), 400)));
    const first = await collector({ allowPrivateWebhooks: true });
    const second = await collector({ allowPrivateWebhooks: true }, first.path);
    for (const id of ['x1', 'x2', 'x3', 'x4']) await (id < 'x3' ? first : second).enqueue(id, hook.url);
    await expect.poll(async () => (await first.alerts()).every((a) => a.sent), { timeout: 10_000 }).toBe(true);
    // Every request is recorded as it arrives, before it is answered: a second delivery would be here.
    expect(hook.received.map((r) => r.key).sort()).toEqual(['x1', 'x2', 'x3', 'x4']);
    expect((await second.alerts()).map((a) => a.attempts)).toEqual([1, 1, 1, 1]);
  });
});
