import type { Journey } from '@touchpoint/content';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../store/sqlite-store.js';
import type { Project } from '../../store/store.js';
import type { ActionContext, ActionPlan } from '../contracts.js';
import { createEmailPlanner } from './email-planner.js';
import { parseEmailMessage } from './email-message.js';
import { addressKey } from './address-key.js';
import { verifyUnsubscribe } from './unsubscribe-token.js';

const NOW = Date.parse('2026-03-15T12:00:00Z');
const project: Project = { id: 7, name: 'p', writeKey: 'wk', secretKey: 'sk', origins: [], createdAt: 0, productionId: null, previousKeys: [] };
const journey = (email: Partial<Extract<Journey['action'], { email: unknown }>['email']> = {}): Journey => ({
  id: 'winback',
  audience: { lastSeen: { op: 'gte', days: 7 } },
  action: {
    email: {
      subject: { en: 'We miss you', ja: 'お久しぶりです' },
      body: {
        en: 'Hi **there** <script>alert(1)</script>\n\nSee [the guide](https://docs.example.com/a?b=1&c=2) or [home](/app).\n\n- one\n- two',
        ja: '**こんにちは**',
      },
      ...email,
    },
  },
});

function setup(options: { locale?: string } = {}) {
  const store = openSqliteStore(':memory:');
  const plan = createEmailPlanner({
    store,
    publicUrl: () => 'https://touchpoint.example.com/',
    mailFrom: 'Acme <hello@acme.example>',
    content: { get: async () => ({ doc: { version: 1, settings: { locale: options.locale ?? 'en' } }, experiments: new Map() as never, clickFeatures: [] }) },
  });
  const context = (traits: Record<string, unknown>, j = journey()): ActionContext => ({
    project,
    journey: j,
    entry: { id: 'winback:u1:1', journeyId: j.id, userKey: 'u1', enteredAt: NOW, holdout: false },
    person: { key: 'u1', userId: 'u1', traits, firstSeen: NOW - 30 * 86_400_000, lastSeen: NOW - 10 * 86_400_000 },
    now: NOW,
  });
  return { store, plan, context };
}

const jobOf = (plan: ActionPlan) => {
  if (plan.outcome !== 'acted' || !plan.job) throw new Error(`not acted: ${JSON.stringify(plan)}`);
  return plan.job;
};

describe('the email planner', () => {
  it('queues the email rendered for the user: address from the email trait, Markdown as escaped HTML and as text, both with the unsubscribe link', async () => {
    const { plan, context, store } = setup();
    const job = jobOf(await plan(context({ email: 'ada@example.com' })));
    expect(job).toMatchObject({ id: 'winback:u1:1', projectId: 7, url: 'mailto:ada@example.com' });
    const message = parseEmailMessage(job.body);
    expect(message).toMatchObject({ projectId: 7, userKey: 'u1', journeyId: 'winback', entryId: 'winback:u1:1', from: 'Acme <hello@acme.example>' });
    expect(message.subject).toBe('We miss you');
    expect(message.html).toContain('<p style="margin:0 0 16px">Hi <strong>there</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(message.html).toContain('<a href="https://docs.example.com/a?b=1&amp;c=2">the guide</a> or home.');
    expect(message.html).toContain('<ul style="margin:0 0 16px"><li>one</li><li>two</li></ul>');
    expect(message.html).not.toContain('<script');
    expect(message.text).toContain('Hi there <script>alert(1)</script>\n\nSee the guide <https://docs.example.com/a?b=1&c=2> or home.\n\n- one\n- two');

    const link = /^<(https:\/\/touchpoint\.example\.com\/v1\/unsubscribe\?t=([^>]+))>$/.exec(message.headers['List-Unsubscribe']!);
    expect(link).not.toBeNull();
    expect(message.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(verifyUnsubscribe(decodeURIComponent(link![2]!), await store.unsubscribeSecret())).toEqual({
      projectId: 7,
      userKey: 'u1',
      address: { scope: 7, key: addressKey('ada@example.com', await store.unsubscribeSecret()) },
    });
    expect(message.text).toContain(`Unsubscribe: ${link![1]}`);
    expect(message.html).toContain(`href="${link![1]}"`);
  });

  it("writes in the user's language (their locale trait), else the document's, else English", async () => {
    const { plan, context } = setup();
    const ja = parseEmailMessage(jobOf(await plan(context({ email: 'ada@example.com', locale: 'ja-JP' }))).body);
    expect(ja.subject).toBe('お久しぶりです');
    expect(ja.html).toContain('<html lang="ja">');
    expect(ja.html).toContain('<strong>こんにちは</strong>');
    expect(ja.text).toContain('配信停止: https://');
    const fr = parseEmailMessage(jobOf(await plan(context({ email: 'ada@example.com', locale: 'fr' }))).body);
    expect(fr.subject).toBe('We miss you');
    expect(fr.html).toContain('<html lang="en">');

    const japanese = setup({ locale: 'ja' });
    expect(parseEmailMessage(jobOf(await japanese.plan(japanese.context({ email: 'ada@example.com' }))).body).subject).toBe('お久しぶりです');
  });

  it('takes the address from the trait `to` names, and skips with no-address when it is missing or not one plain address', async () => {
    const { plan, context } = setup();
    const work = journey({ to: 'trait:work_email' });
    expect(jobOf(await plan(context({ email: 'home@example.com', work_email: ' ada@work.example ' }, work))).url).toBe('mailto:ada@work.example');
    for (const email of [
      undefined,
      '',
      'ada',
      'ada@localhost',
      'a@b.example, c@d.example',
      'Ada <ada@example.com>',
      'ada@example.com\r\nBcc: x@y.example',
      42,
    ]) {
      expect(await plan(context(email === undefined ? {} : { email }))).toEqual({ outcome: 'skipped', reason: 'no-address' });
    }
    expect(await plan(context({ email: 'home@example.com' }, work))).toEqual({ outcome: 'skipped', reason: 'no-address' });
  });

  it('skips users who unsubscribed', async () => {
    const { plan, context, store } = setup();
    await store.unsubscribe(7, 'u1', NOW);
    expect(await plan(context({ email: 'ada@example.com' }))).toEqual({ outcome: 'skipped', reason: 'unsubscribed' });
  });

  it("reads the installation's secret once for a run's emails, not once per email", async () => {
    const store = openSqliteStore(':memory:');
    let reads = 0;
    const counted = { ...store, unsubscribeSecret: () => (reads++, store.unsubscribeSecret()) };
    const plan = createEmailPlanner({ store: counted, publicUrl: () => 'https://touchpoint.example.com' });
    const { context } = setup();
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) expect((await plan(context({ email }))).outcome).toBe('acted');
    expect(reads).toBe(1);
  });

  it('keeps the subject on one line', async () => {
    const { plan, context } = setup();
    const job = jobOf(await plan(context({ email: 'ada@example.com' }, journey({ subject: 'Hello\r\nBcc: x@y.example' }))));
    expect(parseEmailMessage(job.body).subject).toBe('Hello Bcc: x@y.example');
  });
});
