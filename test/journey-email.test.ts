import type { Journey } from '@touchpoint/content';
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
  expect(serve('--smtp-url', 'http://mail.example', '--mail-from', FROM)).toMatchObject({
    status: 2,
    stderr: expect.stringContaining('--smtp-url must be smtp://'),
  });
  expect(serve('--mail-from', 'not an address')).toMatchObject({ status: 2, stderr: expect.stringContaining('--mail-from must be an address') });
  expect(serve('--public-url', 'ftp://x')).toMatchObject({ status: 2, stderr: expect.stringContaining('--public-url must be an http(s) URL') });
});
