import { describe, expect, it } from 'vitest';
import { postgresMigrations } from '../packages/collector/src/store/postgres/migrate.js';
import { openPostgresStore, type PostgresStore } from '../packages/collector/src/store/postgres-store.js';
import { openSqliteStore } from '../packages/collector/src/store/sqlite-store.js';
import type { HealthRecord, MetadataStore, NewAlert, Project, StoredJourneyEntry } from '../packages/collector/src/store/store.js';
import { outcome, postgresStores } from './support/postgres-stores.js';

/*
 * The PostgreSQL store against a real, throwaway cluster: every MetadataStore method answers as
 * SQLite's repositories do (the reference), and what only concurrent instances can show
 * (claims, leases, migrations at once) is checked on two stores sharing one database.
 */

const { cluster, stores: postgres, opened } = postgresStores();

// Times the stores take from the clock themselves: equal in shape, not in value.
const clockFields = new Set(['createdAt']);
const masked = (value: unknown): unknown =>
  value === undefined
    ? 'undefined'
    : JSON.parse(JSON.stringify(value, (key, v) => (clockFields.has(key) && typeof v === 'number' ? 'clock' : v instanceof Map ? Object.fromEntries(v) : v)));

/** The same calls, in order, against one store: each answer recorded under a name. */
async function script(store: MetadataStore): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const record = async (name: string, call: () => Promise<unknown>) => {
    out[name] = masked(await outcome(call));
  };
  // Projects
  await record('create a', () => store.createProject({ name: 'a', writeKey: 'wk_a', secretKey: 'sk_a', origins: ['https://a.example'] }));
  await record('create b', () => store.createProject({ name: 'b', writeKey: 'wk_b', secretKey: 'sk_b', origins: [] }));
  await record('create with a taken write key', () => store.createProject({ name: 'c', writeKey: 'wk_a', secretKey: 'sk_c', origins: [] }));
  await record('create with a taken secret key', () => store.createProject({ name: 'c', writeKey: 'wk_c', secretKey: 'sk_b', origins: [] }));
  await record('list', () => store.listProjects());
  await record('by write key', () => store.projectByWriteKey('wk_b', 1));
  await record('by unknown write key', () => store.projectByWriteKey('sk_b', 1));
  await record('by secret key', () => store.projectBySecretKey('sk_a', 1));
  await record('by unknown secret key', () => store.projectBySecretKey('wk_a', 1));
  // Content versions
  await record('latest before any', () => store.latestContent(1));
  await record('versions before any', () => store.listContentVersions(1));
  for (const n of [1, 2, 3]) await record(`publish ${n}`, () => store.publishContent(1, `{"version":1,"n":${n}}`, `"e${n}"`));
  await record('publish to b', () => store.publishContent(2, '{"b":true}', '"eb"'));
  await record('publish to a project that does not exist', () => store.publishContent(99, '{}', '"x"'));
  await record('latest', () => store.latestContent(1));
  await record('latest of b', () => store.latestContent(2));
  await record('version 2', () => store.contentVersion(1, 2));
  await record('version 9', () => store.contentVersion(1, 9));
  await record('versions', () => store.listContentVersions(1));
  // Drafts
  await record('draft before any', () => store.contentDraft(1));
  await record('save draft', () => store.saveContentDraft(1, { json: '{"d":1}', etag: '"d1"', baseVersion: 3, updatedAt: 1000 }));
  await record('draft', () => store.contentDraft(1));
  await record('save draft again', () => store.saveContentDraft(1, { json: '{"d":2}', etag: '"d2"', baseVersion: null, updatedAt: 2000 }));
  await record('draft replaced', () => store.contentDraft(1));
  await record('draft of b', () => store.contentDraft(2));
  await record('discard another etag', () => store.discardContentDraft(1, '"d1"'));
  await record('draft kept', () => store.contentDraft(1));
  await record('discard its etag', () => store.discardContentDraft(1, '"d2"'));
  await record('draft gone', () => store.contentDraft(1));
  await record('draft for a project that does not exist', () => store.saveContentDraft(99, { json: '{}', etag: '"x"', baseVersion: null, updatedAt: 1 }));
  // Access tokens
  await record('save preview', () =>
    store.saveAccessToken({ hash: 'h1', projectId: 1, kind: 'preview', actor: 'a@example.com', createdAt: 1000, expiresAt: 5000 }),
  );
  await record('save builder', () =>
    store.saveAccessToken({ hash: 'h2', projectId: 2, kind: 'builder', actor: 'secret-key', createdAt: 1000, expiresAt: 9000 }),
  );
  await record('save a hash twice', () =>
    store.saveAccessToken({ hash: 'h2', projectId: 2, kind: 'builder', actor: 'secret-key', createdAt: 1000, expiresAt: 9000 }),
  );
  await record('preview valid', () => store.accessTokenHolder('h1', 'preview', 4999));
  await record('preview as builder', () => store.accessTokenHolder('h1', 'builder', 4999));
  await record('preview at expiry', () => store.accessTokenHolder('h1', 'preview', 5000));
  await record('unknown hash', () => store.accessTokenHolder('h9', 'preview', 1));
  await record('save clears the expired', () =>
    store.saveAccessToken({ hash: 'h3', projectId: 1, kind: 'preview', actor: 'a@example.com', createdAt: 6000, expiresAt: 9000 }),
  );
  await record('expired one cleared', () => store.accessTokenHolder('h1', 'preview', 1));
  await record('builder still there', () => store.accessTokenHolder('h2', 'builder', 8000));
  await record('token for a project that does not exist', () =>
    store.saveAccessToken({ hash: 'h4', projectId: 99, kind: 'preview', actor: 'a@example.com', createdAt: 6000, expiresAt: 9000 }),
  );
  // Projects made from here on: their ids left out (PostgreSQL's sequence also counted the creates refused above).
  const withoutId = (p: Project | undefined) => p && { ...p, id: p.id <= 2 ? p.id : 'new' };
  // Key rotation (issue 17): the previous key of each kind until its time, then unknown
  await record('rotate the write key of a', () => store.rotateKeys(1, { writeKey: 'wk_a2' }, 5000));
  await record('old write key in its grace', () => store.projectByWriteKey('wk_a', 4999));
  await record('old write key at its end', () => store.projectByWriteKey('wk_a', 5000));
  await record('new write key', () => store.projectByWriteKey('wk_a2', 9999));
  await record('secret key not rotated', () => store.projectBySecretKey('sk_a', 9999));
  await record('rotate both of b', () => store.rotateKeys(2, { writeKey: 'wk_b2', secretKey: 'sk_b2' }, 7000));
  await record('old secret key of b in its grace', () => store.projectBySecretKey('sk_b', 6999));
  await record('rotate the secret of b again', () => store.rotateKeys(2, { secretKey: 'sk_b3' }, 8000));
  await record('the key two rotations back', () => store.projectBySecretKey('sk_b', 1));
  await record('the key one rotation back', () => store.projectBySecretKey('sk_b2', 7999));
  await record('rotate a project that does not exist', () => store.rotateKeys(99, { writeKey: 'wk_x' }, 1));
  // A key retired by one project and given to another (`project create --write-key`): the one whose current key it is.
  await record('create with a retired key', async () => withoutId(await store.createProject({ name: 'r', writeKey: 'wk_a', secretKey: 'sk_r', origins: [] })));
  await record("a retired key that is now another project's", async () => (await store.projectByWriteKey('wk_a', 4000))?.name);
  // Staging environments
  await record('no staging yet', () => store.stagingOf(1));
  await record('create staging of a', async () =>
    withoutId(await store.createProject({ name: 'a (staging)', writeKey: 'wk_as', secretKey: 'sk_as', origins: [], productionId: 1 })),
  );
  await record('a second staging of a', () =>
    store.createProject({ name: 'a (staging) 2', writeKey: 'wk_as2', secretKey: 'sk_as2', origins: [], productionId: 1 }),
  );
  await record('staging of a', async () => withoutId(await store.stagingOf(1)));
  await record('staging of a project that does not exist', () =>
    store.createProject({ name: 'x', writeKey: 'wk_x', secretKey: 'sk_x', origins: [], productionId: 99 }),
  );
  await record('list with staging', async () => (await store.listProjects()).map(withoutId));
  // The audit log
  for (const [at, actor, action] of [
    [100, 'secret-key', 'content.publish'],
    [200, 'ed@example.com', 'draft.save'],
    [200, 'ed@example.com', 'draft.save'],
    [300, 'secret-key', 'keys.rotate'],
  ] as const) {
    await record(`audit ${action} at ${at}`, () => store.appendAudit(1, { at, actor, action, target: 't', details: { at, nested: { ok: true } } }));
  }
  await record('audit of b', () => store.appendAudit(2, { at: 150, actor: 'secret-key', action: 'content.publish', target: 'version 1', details: {} }));
  await record('audit all', () => store.queryAudit(1, { limit: 10 }));
  await record('audit page 1', () => store.queryAudit(1, { limit: 2 }));
  await record('audit page 2', () => store.queryAudit(1, { limit: 2, after: [200, 3] }));
  await record('audit by action', () => store.queryAudit(1, { limit: 10, action: 'draft.save' }));
  await record('audit by actor and time', () => store.queryAudit(1, { limit: 10, actor: 'secret-key', from: 100, to: 300 }));
  await record('audit of b only', () => store.queryAudit(2, { limit: 10 }));
  await record('audit for a project that does not exist', () => store.appendAudit(99, { at: 1, actor: 'x', action: 'x', target: 'x', details: {} }));
  // Health scores, with the alerts a fall raises in the same transaction
  // The tier the score was computed with is kept with it (zeta's accounts live with the events, not here).
  const rec = (accountId: string, day: number, score: number, previousScore: number | null = null): HealthRecord => ({
    accountId,
    tier: accountId === 'zeta' ? `gold on ${day}` : null,
    day,
    score,
    previousScore,
    reasons: [`${accountId} on ${day}`],
  });
  const seen: unknown[] = [];
  const raise =
    (ids: string[]) =>
    (before: ReadonlyMap<string, number>): NewAlert[] => {
      seen.push(Object.fromEntries([...before].sort()));
      return ids.map((id) => ({ id, projectId: 1, url: 'https://crm.example/hook', body: `{"id":"${id}"}` }));
    };
  await record('first scores', () =>
    store.saveHealth(1, [rec('zeta', 100, 80), rec('Alpha', 100, 90), rec('beta', 100, 50), rec('b', 100, 40), rec('C', 100, 40)], raise([]), 1000),
  );
  await record('next day', () => store.saveHealth(1, [rec('zeta', 101, 30, 80), rec('Alpha', 101, 95, 90), rec('gamma', 101, 30)], raise(['fall-1']), 2000));
  await record('same day again', () => store.saveHealth(1, [rec('zeta', 101, 20, 80)], raise(['fall-2', 'fall-1']), 3000));
  await record('a day between', () => store.saveHealth(1, [rec('beta', 99, 70)]));
  await record('scores of b', () => store.saveHealth(2, [rec('zeta', 101, 10)]));
  out['raise was given'] = seen;
  await record('latest health', () => store.latestHealth(1));
  await record('latest health of b', () => store.latestHealth(2));
  await record('history', async () => (await store.healthHistory(1, 100)).sort((x, y) => x.day - y.day || (x.accountId < y.accountId ? -1 : 1)));
  await record('account health', () => store.accountHealth(1, 'zeta', 0));
  await record('account health since', () => store.accountHealth(1, 'zeta', 101));
  await record('unknown account', () => store.accountHealth(1, 'nobody', 0));
  // The outbox
  await record('enqueue', () => store.enqueueAlert({ id: 'a1', projectId: 2, url: 'https://x.example/1', body: '{"a":1}' }, 10_000));
  await record('enqueue later', () => store.enqueueAlert({ id: 'a2', projectId: 2, url: 'https://x.example/2', body: '{"a":2}' }, 11_000));
  await record('enqueue an id again', () => store.enqueueAlert({ id: 'a1', projectId: 2, url: 'https://x.example/other', body: '{"a":"other"}' }, 12_000));
  await record('alerts', () => store.listAlerts(2));
  await record('claim before due', () => store.claimAlert(999, 5_000));
  await record('claim the queued ones of health first', async () => [await store.claimAlert(5000, 50_000), await store.claimAlert(5000, 50_000)]);
  await record('claim', () => store.claimAlert(10_500, 20_000));
  await record('claim while leased', () => store.claimAlert(10_500, 20_000));
  await record('claim the next', () => store.claimAlert(11_500, 21_000));
  await record('settle sent', () => store.settleAlert('a1', 20_000, { sentAt: 15_000 }));
  await record('settle with a lease not its own', () => store.settleAlert('a2', 20_000, { sentAt: 15_000 }));
  await record('claim after the lease ran out', () => store.claimAlert(21_000, 30_000));
  await record('settle failed', () => store.settleAlert('a2', 30_000, { nextAt: 40_000, error: 'HTTP 500' }));
  await record('settle the old lease', () => store.settleAlert('a2', 21_000, { sentAt: 1 }));
  await record('claim a sent one never', () => store.claimAlert(39_000, 50_000));
  await record('claim the retry', () => store.claimAlert(40_000, 50_000));
  await record('alerts after', () => store.listAlerts(2));
  await record('alerts of a', () => store.listAlerts(1));
  // Journey email in the outbox: left queued by a claim without email, settled unsent.
  await record('enqueue an email', () => store.enqueueAlert({ id: 'm1', projectId: 2, url: 'mailto:ada@example.com', body: '{}' }, 45_000));
  await record('enqueue a webhook after it', () => store.enqueueAlert({ id: 'w1', projectId: 2, url: 'https://x.example/3', body: '{}' }, 46_000));
  await record('claim without email', () => store.claimAlert(47_000, 80_000, { email: false }));
  await record('claim without email again', () => store.claimAlert(47_000, 80_000, { email: false }));
  await record('claim with email', () => store.claimAlert(47_000, 80_000));
  await record('settle dropped', () => store.settleAlert('m1', 80_000, { droppedAt: 75_000, reason: 'the user unsubscribed' }));
  await record('claim a dropped one never', () => store.claimAlert(49_000, 90_000));
  await record('alerts with the email', () => store.listAlerts(2));
  await record('alerts without the email', () => store.listAlerts(2, { alerts: true }));
  await record('the newest alert without the email', () => store.listAlerts(2, { alerts: true, limit: 1 }));
  await record('the newest job', () => store.listAlerts(2, { limit: 1 }));
  await record('emails queued to an address', () => store.emailsQueuedTo(2, 'ADA@example.com', 0));
  await record('emails queued to an address since', () => store.emailsQueuedTo(2, 'ada@example.com', 46_000));
  await record('emails queued to an address elsewhere', () => store.emailsQueuedTo(1, 'ada@example.com', 0));
  // Unsubscribes from journey email
  await record('not unsubscribed', () => store.unsubscribedAt(2, 'u1'));
  await record('unsubscribe', () => store.unsubscribe(2, 'u1', 5000));
  await record('unsubscribe again keeps the first', () => store.unsubscribe(2, 'u1', 6000));
  await record('unsubscribed', () => store.unsubscribedAt(2, 'u1'));
  await record('unsubscribed in another project', () => store.unsubscribedAt(1, 'u1'));
  await record('erase the unsubscribe', () => store.eraseUnsubscribe(2, 'u1'));
  await record('erased', () => store.unsubscribedAt(2, 'u1'));
  await record('address not suppressed', () => store.addressSuppressedAt(2, 'hmac-of-ada'));
  await record('suppress an address', () => store.suppressAddress(2, 'hmac-of-ada', 7000));
  await record('suppress it again keeps the first', () => store.suppressAddress(2, 'hmac-of-ada', 8000));
  await record('address suppressed', () => store.addressSuppressedAt(2, 'hmac-of-ada'));
  await record('address suppressed in another project', () => store.addressSuppressedAt(1, 'hmac-of-ada'));
  await record('queue emails to erase', async () => {
    await store.enqueueAlert({ id: 'm-ada', projectId: 2, url: 'mailto:ada@example.com', body: JSON.stringify({ projectId: 2, userKey: 'ada' }) }, 1);
    await store.enqueueAlert({ id: 'm-bob', projectId: 2, url: 'mailto:bob@example.com', body: JSON.stringify({ projectId: 2, userKey: 'bob' }) }, 1);
    await store.enqueueAlert({ id: 'm-ada-other', projectId: 1, url: 'mailto:ada@example.com', body: JSON.stringify({ projectId: 1, userKey: 'ada' }) }, 1);
    await store.enqueueAlert({ id: 'not-json', projectId: 2, url: 'https://x.example/4', body: 'plain' }, 1);
    await store.enqueueAlert({ id: 'je_ada', projectId: 2, url: 'https://x.example/5', body: JSON.stringify({ journey_id: 'j', user_key: 'a-1' }) }, 1);
    await store.enqueueAlert({ id: 'je_bob', projectId: 2, url: 'https://x.example/5', body: JSON.stringify({ journey_id: 'j', user_key: 'bob' }) }, 1);
    await store.enqueueAlert({ id: 'je_x', projectId: 2, url: 'https://x.example/5', body: JSON.stringify({ journey_id: 'j', user_key: 'ada' }) }, 1);
  });
  await record("addresses of ada's emails", () => store.emailAddressesOf(2, 'ada'));
  await record('addresses of nobody’s emails', () => store.emailAddressesOf(2, 'nobody'));
  await record("erase ada's journey jobs", () => store.eraseJourneyJobs(2, ['ada', 'a-1']));
  await record('erase them again', () => store.eraseJourneyJobs(2, ['ada', 'a-1']));
  await record('outbox after the erasure', async () => (await store.listAlerts(2)).map((a) => a.id).sort());
  const secret = await store.unsubscribeSecret();
  out['the link secret is made once'] = secret.length >= 40 && secret === (await store.unsubscribeSecret());
  // Journeys' state (issue 19): runs, memories, entries with their jobs in one transaction, the report
  await record('journey run before any', () => store.journeyRun(1, 'j'));
  await record('save journey run', () => store.saveJourneyRun(1, 'j', { ranAt: 100, cursor: 7, fullAt: 50, audience: 'fp' }));
  await record('save journey run again', () => store.saveJourneyRun(1, 'j', { ranAt: 200, cursor: 9, fullAt: 50, audience: 'fp2' }));
  await record('journey run', () => store.journeyRun(1, 'j'));
  const entry = (id: string, userKey: string, enteredAt: number, more: Partial<StoredJourneyEntry> = {}): StoredJourneyEntry => ({
    id,
    journeyId: 'j',
    userKey,
    enteredAt,
    holdout: false,
    action: 'email',
    outcome: 'acted',
    ...more,
  });
  await record('save a page', () =>
    store.saveJourneyPage(
      1,
      'j',
      {
        memories: [
          { userKey: 'ada', memory: { matching: true, entries: 1, lastEntry: 1000, converted: false } },
          { userKey: 'bob', memory: { matching: true, entries: 1, lastEntry: 1000 } },
          { userKey: 'cy', memory: { matching: true, entries: 0 } },
        ],
        entries: [
          entry('e1', 'ada', 1000),
          entry('e2', 'bob', 1000, { holdout: true, outcome: 'holdout' }),
          entry('e3', 'dan', 1000, { outcome: 'skipped', reason: 'capped' }),
          entry('e4', 'eve', 900, { action: 'webhook', outcome: 'skipped', reason: 'no-mailer' }),
        ],
        conversions: [],
        jobs: [{ id: 'e1', projectId: 1, url: 'mailto:ada@x.test', body: '{}' }],
      },
      60_000,
    ),
  );
  await record('save a page again (a repeated decision)', () =>
    store.saveJourneyPage(
      1,
      'j',
      {
        memories: [{ userKey: 'cy', memory: null }],
        entries: [entry('e1', 'ada', 1000)],
        conversions: [{ id: 'e2', at: 1500 }],
        jobs: [{ id: 'e1', projectId: 1, url: 'mailto:x', body: '{"again":1}' }],
      },
      61_000,
    ),
  );
  await record('convert again keeps the first', () =>
    store.saveJourneyPage(
      1,
      'j',
      {
        memories: [],
        entries: [],
        conversions: [
          { id: 'e2', at: 1700 },
          { id: 'e1', at: 1800 },
        ],
        jobs: [],
      },
      62_000,
    ),
  );
  await record('memories', () => store.journeyMemories(1, 'j', ['ada', 'bob', 'cy', 'nobody']));
  await record('open entries', () => store.openJourneyEntries(1, 'j', ['ada', 'bob', 'dan', 'eve'], 950));
  await record('emails since', () => store.journeyEmailsSince(1, ['ada', 'bob', 'dan'], 500));
  await record('journey report', () => store.journeyReport(1, 'j', 3));
  await record('latest entries of ada', () => store.latestJourneyEntries(1, 'ada'));
  await record('outbox with the journey job', () => store.listAlerts(1));
  await record('forget ada', () => store.forgetJourneyUsers(1, ['ada']));
  await record('report after forgetting', () => store.journeyReport(1, 'j', 10));
  return out;
}

describe('the PostgreSQL store', () => {
  it('answers every MetadataStore call as the SQLite store does', async () => {
    const sqlite = openSqliteStore(':memory:');
    const [pg] = await postgres();
    const expected = await script(sqlite);
    const actual = await script(pg!);
    await sqlite.close();
    // Call by call, so a difference names the call.
    for (const name of Object.keys(expected)) expect({ [name]: actual[name] }).toEqual({ [name]: expected[name] });
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    // Spot checks that the script exercised what it says (not two empty answers agreeing).
    expect(expected['create with a taken write key']).toEqual({ threw: true });
    expect(expected['journey report']).toMatchObject({
      entered: 4,
      acted: 1,
      converted: 1,
      holdout: { entered: 1, converted: 1 },
      skipped: { capped: 1, 'no-mailer': 1 },
      recent: [{ id: 'e3' }, { id: 'e2', convertedAt: 1500 }, { id: 'e1', convertedAt: 1800 }],
    });
    expect(expected.memories).toEqual({
      ada: { matching: true, entries: 1, lastEntry: 1000, converted: false },
      bob: { matching: true, entries: 1, lastEntry: 1000, converted: false },
    });
    expect(expected['report after forgetting']).toMatchObject({ entered: 3, acted: 0 });
    expect(expected['old write key at its end']).toBe('undefined');
    expect(expected['old write key in its grace']).toMatchObject({ id: 1, writeKey: 'wk_a2' });
    expect(expected['the key two rotations back']).toBe('undefined');
    expect(expected["a retired key that is now another project's"]).toBe('r');
    expect(expected['a second staging of a']).toEqual({ threw: true });
    expect(expected['claim without email']).toMatchObject({ id: 'w1' });
    expect(expected['claim with email']).toMatchObject({ id: 'm1' });
    expect(expected['alerts with the email']).toContainEqual(
      expect.objectContaining({ id: 'm1', sentAt: 75_000, lastError: 'not sent: the user unsubscribed' }),
    );
    expect(expected.unsubscribed).toBe(5000);
    expect(expected['the link secret is made once']).toBe(true);
    expect(expected["erase ada's journey jobs"]).toBe(3);
    expect(expected['erase them again']).toBe(0);
    expect(expected['emails queued to an address']).toEqual(['m1']);
    expect(expected['emails queued to an address since']).toEqual([]);
    expect(expected["addresses of ada's emails"]).toEqual(['ada@example.com']);
    expect(expected['address suppressed']).toBe(7000);
    expect(expected['address suppressed in another project']).toBe('undefined');
    expect(expected['staging of a']).toMatchObject({ name: 'a (staging)', productionId: 1 });
    expect((expected['audit page 2'] as { entries: unknown[] }).entries).toHaveLength(2);
    expect((expected['audit by action'] as { entries: unknown[] }).entries).toHaveLength(2);
    expect((expected['latest health'] as Array<{ accountId: string }>).map((h) => h.accountId)).toEqual(['zeta', 'gamma', 'C', 'b', 'beta', 'Alpha']);
    expect((expected['alerts after'] as Array<{ id: string; attempts: number }>).map((a) => [a.id, a.attempts])).toEqual([
      ['a2', 1],
      ['a1', 1],
    ]);
  });

  it('keeps the tier each score was computed with (accounts live with the events)', async () => {
    const [pg] = await postgres();
    const { id } = await pg!.createProject({ name: 'a', writeKey: 'wk', secretKey: 'sk', origins: [] });
    await pg!.saveHealth(id, [{ accountId: 'acme', tier: 'high', day: 5, score: 50, previousScore: null, reasons: [] }]);
    expect((await pg!.latestHealth(id)).map((h) => h.tier)).toEqual(['high']);
  });

  it('keeps neither scores nor alerts when queuing an alert fails (one transaction)', async () => {
    const [pg] = await postgres();
    const { id } = await pg!.createProject({ name: 'a', writeKey: 'wk', secretKey: 'sk', origins: [] });
    const record = { accountId: 'acme', tier: null, day: 5, score: 50, previousScore: null, reasons: [] };
    await expect(
      pg!.saveHealth(id, [record], () => {
        throw new Error('raise failed');
      }),
    ).rejects.toThrow('raise failed');
    expect(await pg!.latestHealth(id)).toEqual([]);
    await pg!.saveHealth(id, [record], () => [{ id: 'x', projectId: id, url: 'https://x.example', body: '{}' }], 7);
    expect((await pg!.listAlerts(id)).map((a) => a.id)).toEqual(['x']);
  });

  it('numbers concurrent publishes of one project without gaps or collisions', async () => {
    const [a, b] = await postgres(1);
    const { id } = await a!.createProject({ name: 'a', writeKey: 'wk', secretKey: 'sk', origins: [] });
    const versions = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a! : b!).publishContent(id, `{"n":${i}}`, `"${i}"`)));
    expect(versions.map((v) => v.version).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('migrates from several processes at once, and again, without harm', async () => {
    const url = await cluster.createDatabase();
    const stores = await Promise.all([openPostgresStore(url), openPostgresStore(url), openPostgresStore(url)]);
    opened.push(...stores);
    await Promise.all(stores.map((s) => s.migrate()));
    await stores[0]!.migrate();
    const { rows } = await stores[0]!.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(postgresMigrations().map((_, i) => i + 1));
    expect(rows.length).toBeGreaterThanOrEqual(3);
    await stores[1]!.checkWritable();
  });

  it('hands each due alert to exactly one of two instances claiming at once', async () => {
    const [a, b] = await postgres(1);
    const { id } = await a!.createProject({ name: 'a', writeKey: 'wk', secretKey: 'sk', origins: [] });
    const count = 400;
    for (let i = 0; i < count; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, j) => a!.enqueueAlert({ id: `al${i + j}`, projectId: id, url: 'https://x.example', body: '{}' }, 1000)),
      );
    }
    const claimed: Record<string, string[]> = { a: [], b: [] };
    const started = performance.now();
    // Each instance runs four claim loops at once (its pool has ten connections).
    const loop = async (name: 'a' | 'b', store: PostgresStore) => {
      for (;;) {
        const alert = await store.claimAlert(2000, 60_000);
        if (!alert) return;
        claimed[name]!.push(alert.id);
      }
    };
    await Promise.all([...Array.from({ length: 4 }, () => loop('a', a!)), ...Array.from({ length: 4 }, () => loop('b', b!))]);
    const ms = performance.now() - started;
    const all = [...claimed.a!, ...claimed.b!];
    expect(new Set(all).size).toBe(all.length);
    // SKIP LOCKED can skip a row whose lock is released a moment later: a loop may stop early.
    // Whatever is left is claimed by a later run; nothing twice.
    const rest: string[] = [];
    for (let alert = await a!.claimAlert(2000, 60_000); alert; alert = await a!.claimAlert(2000, 60_000)) rest.push(alert.id);
    expect(new Set([...all, ...rest]).size).toBe(count);
    expect(claimed.a!.length).toBeGreaterThan(0);
    expect(claimed.b!.length).toBeGreaterThan(0);
    console.log(`claimAlert: ${all.length} claims by 2 instances × 4 loops in ${ms.toFixed(0)} ms (${((all.length / ms) * 1000).toFixed(0)}/s)`);
  });

  it('gives an alert whose lease ran out to another instance, and settles only for the lease that holds it', async () => {
    const [a, b] = await postgres(1);
    const { id } = await a!.createProject({ name: 'a', writeKey: 'wk', secretKey: 'sk', origins: [] });
    await a!.enqueueAlert({ id: 'x', projectId: id, url: 'https://x.example', body: '{}' }, 1000);
    const first = await a!.claimAlert(1000, 5000);
    expect(first?.lease).toBe(5000);
    expect(await b!.claimAlert(4999, 9000)).toBeUndefined();
    // Instance a "died" mid-delivery: its lease runs out and b takes the alert.
    const second = await b!.claimAlert(5000, 9000);
    expect(second).toMatchObject({ id: 'x', lease: 9000, attempts: 0 });
    // a wakes up and reports: its lease is no longer the alert's, so nothing changes.
    await a!.settleAlert('x', 5000, { sentAt: 6000 });
    expect(await b!.listAlerts(id)).toEqual([{ id: 'x', url: 'https://x.example', body: '{}', attempts: 0, sentAt: null, lastError: null }]);
    await b!.settleAlert('x', 9000, { sentAt: 7000 });
    expect(await a!.listAlerts(id)).toEqual([{ id: 'x', url: 'https://x.example', body: '{}', attempts: 1, sentAt: 7000, lastError: null }]);
    expect(await a!.claimAlert(100_000, 200_000)).toBeUndefined();
  });
});

describe('PostgreSQL that cannot take writes', () => {
  it('is a storage error (503 with Retry-After), not a bug: read-only, and a server not there', async () => {
    const { isStorageError } = await import('../packages/collector/src/store/store.js');
    const [pg] = await postgres();
    // Settings of the database apply to new sessions: a fresh store sees it read-only.
    const url = new URL(cluster.url);
    const { rows } = await pg!.pool.query<{ db: string }>('SELECT current_database() AS db');
    await pg!.pool.query(`ALTER DATABASE "${rows[0]!.db}" SET default_transaction_read_only = on`);
    url.pathname = `/${rows[0]!.db}`;
    const readOnly = await openPostgresStore(url.toString());
    opened.push(readOnly);
    const refused = await readOnly.checkWritable().catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: '25006' });
    expect(isStorageError(refused)).toBe(true);

    url.port = '1';
    const gone = await openPostgresStore(url.toString()).catch((e: unknown) => e);
    expect(isStorageError(gone)).toBe(true);
  });
});
