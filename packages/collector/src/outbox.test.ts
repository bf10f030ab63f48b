import type { Journey } from '@touchpoint/content';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it, vi } from 'vitest';
import { createEmailPlanner } from './journeys/email/email-planner.js';
import { messageIdOf, createSmtpSender } from './journeys/email/smtp-sender.js';
import { createOutbox } from './outbox.js';
import { openSqliteStore } from './store/sqlite-store.js';
import type { NewAlert, Project } from './store/store.js';
import { startSmtpCapture } from './testing/smtp-capture.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const FROM = 'Acme <hello@acme.example>';
const journey: Journey = {
  id: 'winback',
  audience: { lastSeen: { op: 'gte', days: 7 } },
  action: { email: { subject: { en: 'We miss you', ja: 'お久しぶりです' }, body: 'Come **back**' } },
};

async function setup(options: { smtp?: boolean; retryBaseMs?: number; timeoutMs?: number } = {}) {
  const store = openSqliteStore(':memory:');
  const project = await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins: [] });
  const smtp = await startSmtpCapture();
  cleanup.push(smtp.close);
  const logs: string[] = [];
  const outbox = (mail = options.smtp !== false) => {
    const o = createOutbox({
      store,
      retryBaseMs: options.retryBaseMs ?? 20,
      timeoutMs: options.timeoutMs ?? 2000,
      allowPrivateWebhooks: true,
      log: (m) => logs.push(m),
      mail: mail ? createSmtpSender({ url: smtp.url, from: FROM, timeoutMs: options.timeoutMs ?? 2000 }) : undefined,
    });
    cleanup.push(o.stop);
    return o;
  };
  const plan = createEmailPlanner({ store, publicUrl: () => 'https://tp.example.com', mailFrom: FROM });
  const queueEmail = async (userKey: string, traits: Record<string, unknown>) => {
    const entry = { id: `winback:${userKey}:1`, journeyId: 'winback', userKey, enteredAt: Date.now(), holdout: false };
    const planned = await plan({ project, journey, entry, person: { key: userKey, traits, firstSeen: 0, lastSeen: 0 }, now: Date.now() });
    if (planned.outcome !== 'acted') throw new Error('not planned');
    await store.enqueueAlert(planned.job!, Date.now());
    return planned.job!;
  };
  return { store, project, smtp, logs, outbox, queueEmail };
}

const job = async (store: ReturnType<typeof openSqliteStore>, project: Project, id: string) => (await store.listAlerts(project.id)).find((a) => a.id === id)!;

it('sends a queued email through SMTP: rendered as planned, with List-Unsubscribe (RFC 8058) and a Message-ID derived from the job', async () => {
  const { store, project, smtp, outbox, queueEmail } = await setup();
  const queued = await queueEmail('u1', { email: 'ada@example.com', locale: 'ja' });
  await outbox().deliver();
  const [mail] = await smtp.waitFor(1);
  expect(mail!.subject).toBe('お久しぶりです');
  expect(mail!.from?.value).toEqual([{ name: 'Acme', address: 'hello@acme.example' }]);
  expect(mail!.to).toMatchObject({ text: 'ada@example.com' });
  expect(mail!.messageId).toBe(messageIdOf(queued.id, FROM));
  expect(mail!.messageId).toMatch(/^<[0-9a-f]{32}@acme\.example>$/);
  const header = mail!.raw.replace(/\r\n[ \t]+/g, ' ');
  expect(header).toMatch(/^List-Unsubscribe: <https:\/\/tp\.example\.com\/v1\/unsubscribe\?t=[\w.-]+>\r$/m);
  expect(header).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
  expect(mail!.html).toContain('Come <strong>back</strong>');
  expect(mail!.text).toContain('Come back');
  expect(await job(store, project, queued.id)).toMatchObject({ attempts: 1, sentAt: expect.any(Number), lastError: null });
});

it('retries an email the SMTP server refused, with backoff, and sends it exactly once', async () => {
  const { store, project, smtp, outbox, queueEmail, logs } = await setup({ retryBaseMs: 50 });
  smtp.refuse(1);
  const queued = await queueEmail('u1', { email: 'ada@example.com' });
  const running = outbox();
  running.start();
  await smtp.waitFor(1);
  await running.stop();
  // Every run after the one that sent it finds nothing due.
  await running.deliver();
  expect(smtp.messages).toHaveLength(1);
  expect(await job(store, project, queued.id)).toMatchObject({ attempts: 2, sentAt: expect.any(Number), lastError: null });
  expect(logs.some((l) => l.includes('451') && l.includes('next try'))).toBe(true);
});

it('retries once an email whose sending collector died mid-send (its claim ran out), and the copy carries the same Message-ID', async () => {
  const { store, project, smtp, outbox, queueEmail } = await setup();
  const queued = await queueEmail('u1', { email: 'ada@example.com' });
  // A collector claimed it and died before it could settle it.
  const dead = await store.claimAlert(Date.now(), Date.now() + 400);
  expect(dead?.id).toBe(queued.id);
  const running = outbox();
  await running.deliver();
  expect(await job(store, project, queued.id)).toMatchObject({ attempts: 0, sentAt: null });
  // Once the claim runs out, it is due again.
  while (smtp.messages.length === 0) {
    await running.deliver();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await running.deliver();
  expect(smtp.messages).toHaveLength(1);
  expect(smtp.messages[0]!.messageId).toBe(messageIdOf(queued.id, FROM));
  expect(await job(store, project, queued.id)).toMatchObject({ attempts: 1, sentAt: expect.any(Number) });
});

it('cuts off a send the SMTP server never answers (within the timeout, inside the claim) and sends it again, once', async () => {
  const { store, project, smtp, outbox, queueEmail, logs } = await setup({ timeoutMs: 500 });
  smtp.hold(1);
  const queued = await queueEmail('u1', { email: 'ada@example.com' });
  const running = outbox();
  const held = smtp.received();
  const started = Date.now();
  await running.deliver();
  await held;
  expect(Date.now() - started).toBeLessThan(5000);
  expect(smtp.messages).toHaveLength(0);
  expect(logs.some((l) => l.includes(queued.id) && l.includes('next try'))).toBe(true);
  running.start();
  await smtp.waitFor(1);
  await running.stop();
  await running.deliver();
  expect(smtp.messages).toHaveLength(1);
  expect(await job(store, project, queued.id)).toMatchObject({ attempts: 2, sentAt: expect.any(Number) });
});

it('settles unsent, without retrying, an email whose address the server refuses for good (550), and sends the others', async () => {
  const { store, project, smtp, outbox, queueEmail } = await setup();
  smtp.refuseAddress('gone@example.com');
  const gone = await queueEmail('u1', { email: 'gone@example.com' });
  const other = await queueEmail('u2', { email: 'bob@example.com' });
  const running = outbox();
  await running.deliver();
  await smtp.waitFor(1);
  expect(await job(store, project, other.id)).toMatchObject({ sentAt: expect.any(Number) });
  expect(await job(store, project, gone.id)).toMatchObject({
    attempts: 1,
    sentAt: expect.any(Number),
    lastError: expect.stringMatching(/^not sent: the mail server refused the address for good: 550 /),
  });
});

it('does not send an email to a user who unsubscribed after it was queued: settled unsent, with the reason', async () => {
  const { store, project, smtp, outbox, queueEmail } = await setup();
  const stopped = await queueEmail('u1', { email: 'ada@example.com' });
  const other = await queueEmail('u2', { email: 'bob@example.com' });
  await store.unsubscribe(project.id, 'u1', Date.now());
  await outbox().deliver();
  const [mail] = await smtp.waitFor(1);
  expect(mail!.to).toMatchObject({ text: 'bob@example.com' });
  expect(await job(store, project, other.id)).toMatchObject({ sentAt: expect.any(Number), lastError: null });
  expect(await job(store, project, stopped.id)).toMatchObject({ sentAt: expect.any(Number), lastError: 'not sent: the user unsubscribed after it was queued' });
  await outbox().deliver();
  expect(smtp.messages).toHaveLength(1);
});

it('leaves email queued, untouched, while no SMTP server is configured (webhooks still go), and sends it once one is', async () => {
  const { store, project, smtp, outbox, queueEmail } = await setup();
  const hooks: IncomingMessage[] = [];
  const receiver = createServer((request, response) => {
    hooks.push(request);
    response.end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => receiver.close(() => resolve())));
  const email = await queueEmail('u1', { email: 'ada@example.com' });
  const hook: NewAlert = { id: 'hook-1', projectId: project.id, url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, body: '{"a":1}' };
  await store.enqueueAlert(hook, Date.now());

  await outbox(false).deliver();
  expect(hooks.map((h) => h.headers['idempotency-key'])).toEqual(['hook-1']);
  expect(await job(store, project, email.id)).toMatchObject({ attempts: 0, sentAt: null, lastError: null });

  await outbox(true).deliver();
  await smtp.waitFor(1);
  expect(await job(store, project, email.id)).toMatchObject({ attempts: 1, sentAt: expect.any(Number) });
});

it('a receiver that never answers holds up no other: an alert to another one goes out while its jobs hang, and they are tried one at a time', async () => {
  const { store, project, outbox } = await setup({ smtp: false, timeoutMs: 60_000 });
  const hanging: Array<() => void> = [];
  let seenByHang = 0;
  let released = false;
  const hang = createServer((req, res) => {
    seenByHang++;
    req.resume();
    if (released) res.end('ok');
    else hanging.push(() => res.end('late'));
  });
  const got: string[] = [];
  const ok = createServer((req, res) => {
    let body = '';
    req
      .on('data', (c) => (body += c))
      .on('end', () => {
        got.push(body);
        res.end('ok');
      });
  });
  const listen = (server: ReturnType<typeof createServer>) =>
    new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  const [hangPort, okPort] = [await listen(hang), await listen(ok)];
  cleanup.push(async () => {
    for (const end of hanging.splice(0)) end();
    hang.closeAllConnections();
    await new Promise((r) => hang.close(r));
    await new Promise((r) => ok.close(r));
  });
  // Five journey webhooks to the hanging receiver, due first; then a health alert to another.
  const now = Date.now();
  for (let i = 0; i < 5; i++)
    await store.enqueueAlert({ id: `hang-${i}`, projectId: project.id, url: `http://127.0.0.1:${hangPort}/hook`, body: `{"i":${i}}` }, now - 1000 + i);
  await store.enqueueAlert({ id: 'alert', projectId: project.id, url: `http://127.0.0.1:${okPort}/alerts`, body: '{"account_id":"acme"}' }, now);
  const running = outbox(false).deliver();
  // Was: the alert waited behind every hanging webhook's timeout (5 × 60 s here).
  await vi.waitFor(() => expect(got).toEqual(['{"account_id":"acme"}']), { timeout: 10_000 });
  expect(seenByHang).toBe(1);
  released = true;
  for (const end of hanging.splice(0)) end();
  await running;
  // Then the hanging receiver's jobs went one after another, each once.
  expect(seenByHang).toBe(5);
}, 30_000);
