import { afterEach, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { signUnsubscribe } from '../journeys/email/unsubscribe-token.js';
import { buildServer } from '../server.js';
import { openSqliteStore } from '../store/sqlite-store.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function setup() {
  const store = openSqliteStore(':memory:');
  const project = await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins: [] });
  const other = await store.createProject({ name: 'other', writeKey: 'wk_other', secretKey: 'sk_other', origins: [] });
  const app = await buildServer({ store, healthIntervalMs: 0, rateLimit: false });
  cleanup.push(() => app.close());
  const secret = await store.unsubscribeSecret();
  const link = (projectId: number, userKey: string) => `/v1/unsubscribe?t=${encodeURIComponent(signUnsubscribe({ projectId, userKey }, secret))}`;
  return { store, app, project, other, link };
}

const HTML = { accept: 'text/html,application/xhtml+xml' };

it('opening the link asks to confirm (in the reader’s language) and changes nothing; its button, like a mail client’s one-click POST, unsubscribes', async () => {
  const { app, store, project, other, link } = await setup();
  const page = await app.inject({ method: 'GET', url: link(project.id, 'u1'), headers: { ...HTML, 'accept-language': 'ja,en;q=0.8' } });
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(page.headers['content-security-policy']).toContain("default-src 'none'");
  expect(page.headers['referrer-policy']).toBe('no-referrer');
  expect(page.body).toContain('<html lang="ja">');
  expect(page.body).toContain('<form method="post">');
  expect(page.body).toContain('配信を停止する</button>');
  expect(page.body).not.toContain('<script');
  expect(await store.unsubscribedAt(project.id, 'u1')).toBeUndefined();
  expect((await app.inject({ method: 'GET', url: link(project.id, 'u1'), headers: { ...HTML, 'accept-language': 'fr, en-GB;q=0.5' } })).body).toContain(
    'Unsubscribe</button>',
  );

  // RFC 8058's one-click: a form-encoded POST, no cookie, no other header.
  const oneClick = await app.inject({
    method: 'POST',
    url: link(project.id, 'u1'),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  });
  expect(oneClick.statusCode).toBe(200);
  expect(oneClick.json()).toEqual({ unsubscribed: true });
  expect(await store.unsubscribedAt(project.id, 'u1')).toEqual(expect.any(Number));
  // Only that user of that project.
  expect(await store.unsubscribedAt(other.id, 'u1')).toBeUndefined();
  expect(await store.unsubscribedAt(project.id, 'u2')).toBeUndefined();

  const again = await app.inject({ method: 'GET', url: link(project.id, 'u1'), headers: HTML });
  expect(again.body).toContain('You are unsubscribed');
  expect(again.body).not.toContain('<form');

  // The page's own button: a browser's form POST.
  const button = await app.inject({
    method: 'POST',
    url: link(project.id, 'u2'),
    headers: { ...HTML, 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  });
  expect(button.statusCode).toBe(200);
  expect(button.body).toContain('You are unsubscribed');
  expect(await store.unsubscribedAt(project.id, 'u2')).toEqual(expect.any(Number));
});

it('refuses a changed or cut token, or none, with 400 and the reason (a page for browsers), and records nothing', async () => {
  const { app, store, project, link } = await setup();
  const good = link(project.id, 'u1');
  const forged = `/v1/unsubscribe?t=${Buffer.from(JSON.stringify([project.id, 'u2'])).toString('base64url')}.${good.split('.').pop()}`;
  for (const url of [good.slice(0, -4), forged, '/v1/unsubscribe?t=', '/v1/unsubscribe?t=%00%ff']) {
    for (const method of ['GET', 'POST'] as const) {
      const json = await app.inject({
        method,
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: method === 'POST' ? 'List-Unsubscribe=One-Click' : undefined,
      });
      expect(json.statusCode, `${method} ${url}`).toBe(400);
      expect(json.json()).toMatchObject({ error: expect.stringContaining('query parameter t: this unsubscribe link is not valid'), details: [{ path: 't' }] });
      const page = await app.inject({ method, url, headers: HTML });
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('This link is not valid');
    }
  }
  const none = await app.inject({ method: 'POST', url: '/v1/unsubscribe' });
  expect(none.statusCode).toBe(400);
  expect(none.json().error).toContain('t');
  expect(await store.unsubscribedAt(project.id, 'u1')).toBeUndefined();
  expect(await store.unsubscribedAt(project.id, 'u2')).toBeUndefined();
});

it('keeps a sent link working after the project’s keys are rotated, and erases the unsubscribe and the journey emails with the user', async () => {
  const { app, store, project, link } = await setup();
  const sent = link(project.id, 'u1');
  await store.rotateKeys(project.id, { secretKey: 'sk_rotated' }, 0);
  expect((await app.inject({ method: 'POST', url: sent })).statusCode).toBe(200);
  expect(await store.unsubscribedAt(project.id, 'u1')).toEqual(expect.any(Number));
  // Their journey emails, sent or waiting, hold their address: they go too; nobody else's, and no other job.
  const emailTo = (userKey: string, id: string) => ({
    id,
    projectId: project.id,
    url: `mailto:${userKey}@example.com`,
    body: JSON.stringify({ projectId: project.id, userKey }),
  });
  await store.enqueueAlert(emailTo('u1', 'sent-to-u1'), 1);
  await store.enqueueAlert(emailTo('u1', 'queued-for-u1'), 2);
  await store.enqueueAlert(emailTo('u2', 'queued-for-u2'), 3);
  await store.enqueueAlert({ id: 'hook', projectId: project.id, url: 'https://crm.example/hook', body: 'not json' }, 4);
  const delivered = await store.claimAlert(1, 1000);
  await store.settleAlert(delivered!.id, delivered!.lease, { sentAt: 5 });

  const erased = await app.inject({ method: 'DELETE', url: '/v1/users/u1', headers: { authorization: 'Bearer sk_rotated' } });
  expect(erased.statusCode).toBe(200);
  expect(await store.unsubscribedAt(project.id, 'u1')).toBeUndefined();
  expect((await store.listAlerts(project.id)).map((a) => a.id).sort()).toEqual(['hook', 'queued-for-u2']);
});

it('bounds the one-click POST body at 4 KB, compressed or not, and says so (was: "over 512000 bytes", and a gzip body decoded on past the answer)', async () => {
  const { app, project, link } = await setup();
  const url = link(project.id, 'u1');
  const plain = await app.inject({ method: 'POST', url, payload: 'x'.repeat(5000), headers: { 'content-type': 'text/plain' } });
  expect(plain.statusCode).toBe(413);
  expect(plain.json()).toEqual({ error: 'request body is over 4096 bytes' });
  const zipped = await app.inject({
    method: 'POST',
    url,
    payload: gzipSync(Buffer.alloc(600_000)),
    headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' },
  });
  expect(zipped.statusCode).toBe(413);
  expect(zipped.json()).toEqual({ error: 'request body is over 4096 bytes once decoded (Content-Encoding: gzip)' });
  // A form-encoded one-click body, compressed, still unsubscribes.
  const ok = await app.inject({
    method: 'POST',
    url,
    payload: gzipSync('List-Unsubscribe=One-Click'),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' },
  });
  expect(ok.statusCode).toBe(200);
});
