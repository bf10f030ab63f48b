import type { Journey } from '@touchpoint/content';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { createEmailPlanner } from '../packages/collector/src/journeys/email/email-planner.js';
import { messageIdOf } from '../packages/collector/src/journeys/email/smtp-sender.js';
import { openSqliteStore } from '../packages/collector/src/store/sqlite-store.js';
import { startSmtpCapture } from '../packages/collector/src/testing/smtp-capture.js';
import { CLI, startCollector, type RunningCollector } from './support/collector.js';

const cleanup: Array<() => Promise<void>> = [];
let collector: RunningCollector | undefined;
afterEach(async () => {
  await collector?.stop();
  collector = undefined;
  for (const c of cleanup.splice(0).reverse()) await c();
});

const FROM = 'Acme <hello@acme.example>';
const journey: Journey = {
  id: 'winback',
  audience: { lastSeen: { op: 'gte', days: 7 } },
  action: { email: { subject: { en: 'We miss you', ja: 'お久しぶりです' }, body: 'Your **todos** are waiting.' } },
};

it('a user not seen for 10 days gets one email, in their language, with a working unsubscribe link; an active user none; a second run nothing; no journey email after unsubscribing', async () => {
  const smtp = await startSmtpCapture();
  cleanup.push(smtp.close);
  // The links point at --public-url (here, as behind a proxy, a name this test reaches at the collector's own address).
  const PUBLIC = 'https://touchpoint.acme.example';
  collector = await startCollector(['--smtp-url', smtp.url, '--mail-from', FROM, '--public-url', PUBLIC, '--journeys-every', '0']);
  const api = async (method: string, path: string, body?: unknown) => {
    const headers = { authorization: `Bearer ${collector!.secretKey}`, ...(body !== undefined && { 'content-type': 'application/json' }) };
    const res = await fetch(`${collector!.url}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const notSeenForAWeek = { lastSeen: { op: 'gte', days: 7 } };
  const email = { subject: { en: 'We miss you', ja: 'お久しぶりです' }, body: { en: 'Your **todos** are waiting.', ja: '**ToDo** がお待ちしています。' } };
  const published = await api('PUT', '/v1/content', { version: 1, journeys: [{ id: 'come-back', audience: notSeenForAWeek, action: { email } }] });
  expect(published.status).toBe(200);
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const batch = [
    { type: 'identify', userId: 'lapsed', traits: { email: 'lapsed@example.com', locale: 'ja-JP' }, timestamp: daysAgo(10) },
    { type: 'identify', userId: 'active', traits: { email: 'active@example.com', locale: 'en' }, timestamp: daysAgo(10) },
    { type: 'track', event: 'Todo Added', userId: 'active', timestamp: daysAgo(0) },
  ];
  const ingested = await fetch(`${collector.url}/v1/batch`, { method: 'POST', body: JSON.stringify({ writeKey: collector.writeKey, batch }) });
  expect(ingested.status).toBe(200);

  const first = await api('POST', '/v1/journeys/run');
  expect(first.body.journeys).toEqual([expect.objectContaining({ id: 'come-back', entered: 1, acted: 1 })]);
  const [mail] = await smtp.waitFor(1);
  expect(mail!.to).toMatchObject({ text: 'lapsed@example.com' });
  expect(mail!.subject).toBe('お久しぶりです');
  expect(mail!.html).toContain('<strong>ToDo</strong> がお待ちしています。');
  const publicLink = /^List-Unsubscribe: <([^>]+)>\r$/m.exec(mail!.raw.replace(/\r\n[ \t]+/g, ' '))?.[1];
  expect(publicLink?.startsWith(`${PUBLIC}/v1/unsubscribe?t=`)).toBe(true);
  expect(mail!.text).toContain(`配信停止: ${publicLink}`);
  const link = `${collector.url}${publicLink!.slice(PUBLIC.length)}`;

  // Running again: nobody newly entered, nothing more is queued.
  const second = await api('POST', '/v1/journeys/run');
  expect(second.body.journeys).toEqual([expect.objectContaining({ id: 'come-back', entered: 0, acted: 0 })]);
  const outbox = new Database(collector.dbPath, { readonly: true });
  expect(outbox.prepare('SELECT url FROM alert_outbox').pluck().all()).toEqual(['mailto:lapsed@example.com']);
  outbox.close();
  // An email is not an alert: the alert list (whose viewers need no address or unsubscribe link) leaves it out.
  expect((await api('GET', '/v1/alerts')).body).toEqual({ alerts: [] });

  // The link: a page that asks (in the reader's language), then the mail app's one-click POST.
  const page = await fetch(link!, { headers: { accept: 'text/html', 'accept-language': 'ja' } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('配信を停止する</button>');
  const oneClick = await fetch(link!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  expect(oneClick.status).toBe(200);

  // Another email journey for the same people: the unsubscribed user gets none.
  const again = { id: 'second-nudge', audience: notSeenForAWeek, action: { email } };
  expect((await api('PUT', '/v1/content', { version: 1, journeys: [{ id: 'come-back', audience: notSeenForAWeek, action: { email } }, again] })).status).toBe(
    200,
  );
  const third = await api('POST', '/v1/journeys/run');
  expect(third.body.journeys).toContainEqual(expect.objectContaining({ id: 'second-nudge', entered: 1, acted: 0, skipped: { unsubscribed: 1 } }));
  expect(smtp.messages).toHaveLength(1);
});

it('an email the mail server refuses for good is reported as acted on but not delivered (was: acted, with nothing to tell it never went)', async () => {
  const smtp = await startSmtpCapture();
  cleanup.push(smtp.close);
  smtp.refuseAddress('gone@example.com');
  collector = await startCollector(['--smtp-url', smtp.url, '--mail-from', FROM, '--public-url', 'https://touchpoint.acme.example', '--journeys-every', '0']);
  const api = async (method: string, path: string, body?: unknown) => {
    const headers = { authorization: `Bearer ${collector!.secretKey}`, ...(body !== undefined && { 'content-type': 'application/json' }) };
    const res = await fetch(`${collector!.url}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as any };
  };
  expect((await api('PUT', '/v1/content', { version: 1, journeys: [{ ...journey, id: 'come-back' }] })).status).toBe(200);
  const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
  const batch = ['gone', 'here'].map((userId) => ({ type: 'identify', userId, traits: { email: `${userId}@example.com` }, timestamp: tenDaysAgo }));
  expect((await fetch(`${collector.url}/v1/batch`, { method: 'POST', body: JSON.stringify({ writeKey: collector.writeKey, batch }) })).status).toBe(200);
  await api('POST', '/v1/journeys/run');
  await smtp.waitFor(1);
  await expect
    .poll(async () => {
      const report = (await api('GET', '/v1/reports/journeys/come-back')).body;
      return [report.acted, report.undelivered];
    })
    .toEqual([2, 1]);
});

it('an email whose collector was killed (-9) mid-send is sent again after the restart, once, with the same Message-ID', async () => {
  const smtp = await startSmtpCapture();
  cleanup.push(smtp.close);
  collector = await startCollector(['--smtp-url', smtp.url, '--mail-from', FROM, '--public-url', 'https://tp.example.com', '--webhook-timeout', '1']);
  // A journey run queues the email with its entry: here, straight into the collector's database.
  const store = openSqliteStore(collector.dbPath);
  cleanup.push(() => store.close());
  const project = (await store.listProjects()).find((p) => p.writeKey === collector!.writeKey)!;
  const plan = createEmailPlanner({ store, publicUrl: () => 'https://tp.example.com', mailFrom: FROM });
  const entry = { id: 'je_killed', journeyId: 'winback', userKey: 'u1', enteredAt: Date.now(), holdout: false };
  const planned = await plan({
    project,
    journey,
    entry,
    person: { key: 'u1', traits: { email: 'ada@example.com', locale: 'ja' }, firstSeen: 0, lastSeen: 0 },
    now: Date.now(),
  });
  if (planned.outcome !== 'acted' || !planned.job) throw new Error('not planned');

  // The SMTP server takes the message's data and does not answer: the collector is mid-send.
  smtp.hold(1);
  const midSend = smtp.received();
  await store.enqueueAlert(planned.job, Date.now());
  await midSend;
  await collector.kill('SIGKILL');
  const unsent = (await store.listAlerts(project.id)).find((a) => a.id === 'je_killed');
  expect(unsent).toMatchObject({ sentAt: null, attempts: 0 });

  await collector.restart();
  // Once the dead collector's claim runs out (the timeout and 5 s), the new one sends it.
  const [mail] = await smtp.waitFor(1);
  expect(mail!.subject).toBe('お久しぶりです');
  expect(mail!.messageId).toBe(messageIdOf('je_killed', FROM));
  let settled = (await store.listAlerts(project.id)).find((a) => a.id === 'je_killed');
  while (!settled?.sentAt) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    settled = (await store.listAlerts(project.id)).find((a) => a.id === 'je_killed');
  }
  expect(settled).toMatchObject({ attempts: 1, lastError: null });
  expect(smtp.messages).toHaveLength(1);
});

it('serve refuses email flags that cannot work, saying which', async () => {
  const serve = (...args: string[]) => spawnSync(process.execPath, [CLI, 'serve', '--port', '0', '--db', ':memory:', ...args], { encoding: 'utf8' });
  expect(serve('--smtp-url', 'smtp://127.0.0.1:2525')).toMatchObject({ status: 2, stderr: expect.stringContaining('--smtp-url needs --mail-from') });
  // Without --public-url the unsubscribe links would name the listening address (localhost) in mail sent to the world.
  expect(serve('--smtp-url', 'smtp://127.0.0.1:2525', '--mail-from', FROM)).toMatchObject({
    status: 2,
    stderr: expect.stringContaining('--smtp-url needs --public-url URL'),
  });
  expect(serve('--smtp-url', 'http://mail.example', '--mail-from', FROM)).toMatchObject({
    status: 2,
    stderr: expect.stringContaining('--smtp-url must be smtp://'),
  });
  expect(serve('--mail-from', 'not an address')).toMatchObject({ status: 2, stderr: expect.stringContaining('--mail-from must be an address') });
  expect(serve('--public-url', 'ftp://x')).toMatchObject({ status: 2, stderr: expect.stringContaining('--public-url must be an http(s) URL') });
});
