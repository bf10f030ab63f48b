import { describe, expect, it } from 'vitest';
import type { Role } from '../roles.js';
import { SIGN_IN_TIMEOUT, startApi } from '../testing/api-client.js';

/**
 * Journeys over the API (issue 19): running them (publisher), previewing a draft journey
 * (editor), the report (viewer), and the profile's `show`, on a real collector with real
 * sessions.
 */
const DAY = 86_400_000;

const doc = (journeys: unknown[], extra: Record<string, unknown> = {}) => ({
  version: 1,
  segments: [{ id: 'lapsed', lastSeen: { op: 'gte', days: 7 } }],
  messages: [{ id: 'welcome-back', kind: 'modal', title: 'Welcome back' }],
  journeys,
  ...extra,
});
const showJourney = { id: 'win-back', audience: 'lapsed', action: { show: 'welcome-back' }, goal: { event: 'Logged In', withinDays: 7 } };

async function started() {
  const c = await startApi();
  const send = async (messages: Array<Record<string, unknown>>) => {
    const res = await c.call(
      'POST',
      '/v1/batch',
      { writeKey: 'wk_test', batch: messages.map((m, i) => ({ messageId: `${c.at()}-${i}-${Math.random()}`, ...m })) },
      {},
    );
    expect(res.status).toBe(200);
  };
  const page = (userId: string, daysAgo: number) => ({ type: 'page', userId, timestamp: new Date(c.at() - daysAgo * DAY).toISOString() });
  return { ...c, send, page };
}

describe('journeys over the API', { timeout: SIGN_IN_TIMEOUT }, () => {
  it('publishers run them; viewers read the report; the run answers per journey who was evaluated, entered, acted, held out', async () => {
    const c = await started();
    expect((await c.call('PUT', '/v1/content', doc([showJourney]))).status).toBe(200);
    await c.send([c.page('gone', 10), c.page('active', 1)]);
    const as = async (role: Role) => c.as(role);
    expect((await c.call('POST', '/v1/journeys/run', undefined, await as('editor'))).status).toBe(403);
    const run = await c.call('POST', '/v1/journeys/run', undefined, await as('publisher'));
    expect(run).toMatchObject({
      status: 200,
      body: { journeys: [{ id: 'win-back', evaluated: 2, entered: 1, acted: 1, holdout: 0, skipped: {} }], tookMs: expect.any(Number) },
    });
    // Again: nobody newly matches.
    expect((await c.call('POST', '/v1/journeys/run')).body).toMatchObject({ journeys: [{ id: 'win-back', entered: 0 }] });
    const report = await c.call('GET', '/v1/reports/journeys/win-back', undefined, await as('viewer'));
    expect(report).toMatchObject({
      status: 200,
      body: {
        entered: 1,
        acted: 1,
        converted: 0,
        holdout: { entered: 0, converted: 0 },
        skipped: {},
        lift: null,
        pValue: null,
        ci95: null,
        recent: [{ userKey: 'gone', enteredAt: new Date(c.at()).toISOString(), holdout: false, outcome: 'acted', converted: false }],
      },
    });
    expect(await c.call('GET', '/v1/reports/journeys/nope')).toMatchObject({ status: 404, body: { error: 'no published journey "nope"' } });
  });

  it('reports conversion against the holdout with lift, p-value and interval; skips by reason', async () => {
    const c = await started();
    const users = Array.from({ length: 40 }, (_, i) => `u${i}`);
    await c.call('PUT', '/v1/content', doc([{ ...showJourney, holdout: 50 }]));
    await c.send(users.map((u) => c.page(u, 10)));
    const run = (await c.call('POST', '/v1/journeys/run')).body as { journeys: Array<{ acted: number; holdout: number }> };
    const [{ acted, holdout }] = run.journeys as [{ acted: number; holdout: number }];
    expect(acted + holdout).toBe(40);
    expect(holdout).toBeGreaterThan(5);
    // An hour on, every user logs in: every entry converts, at the event's exact time.
    c.advance(3_600_000);
    await c.send(users.map((u) => ({ type: 'track', event: 'Logged In', userId: u, timestamp: new Date(c.at() - 60_000).toISOString() })));
    await c.call('POST', '/v1/journeys/run');
    const report = (await c.call('GET', '/v1/reports/journeys/win-back')).body!;
    expect(report).toMatchObject({ entered: 40, acted, converted: acted, holdout: { entered: holdout, converted: holdout }, lift: 0, pValue: 1 });
  });

  it('compares every entry outside the holdout, skipped ones too, with the holdout (intention-to-treat)', async () => {
    const c = await started();
    const users = Array.from({ length: 40 }, (_, i) => `u${i}`);
    const email = {
      id: 'mail',
      audience: 'lapsed',
      action: { email: { subject: 'Hi', body: 'Come back' } },
      goal: { event: 'Logged In', withinDays: 7 },
      holdout: 50,
    };
    expect((await c.call('PUT', '/v1/content', doc([email]))).status).toBe(200);
    // Nobody has an email address: every entry outside the holdout is skipped, none acted on.
    await c.send(users.map((u) => c.page(u, 10)));
    await c.call('POST', '/v1/journeys/run');
    c.advance(3_600_000);
    await c.send(users.map((u) => ({ type: 'track', event: 'Logged In', userId: u, timestamp: new Date(c.at() - 60_000).toISOString() })));
    await c.call('POST', '/v1/journeys/run');
    const report = (await c.call('GET', '/v1/reports/journeys/mail')).body as { holdout: { entered: number }; skipped: Record<string, number> };
    const treated = 40 - report.holdout.entered;
    expect(Object.values(report.skipped).reduce((a, b) => a + b, 0)).toBe(treated);
    expect(report).toMatchObject({ entered: 40, acted: 0, converted: treated, holdout: { converted: report.holdout.entered }, lift: 0, pValue: 1 });
  });

  it('previews who would enter a draft journey now (editor), validated with paths', async () => {
    const c = await started();
    await c.call('PUT', '/v1/content', doc([]));
    await c.send([c.page('gone', 10), c.page('also-gone', 30), c.page('active', 1)]);
    const editor = await c.as('editor');
    expect((await c.call('POST', '/v1/journeys/preview', { journey: showJourney }, await c.as('viewer'))).status).toBe(403);
    expect(await c.call('POST', '/v1/journeys/preview', { journey: { ...showJourney, holdout: 100 } }, editor)).toMatchObject({
      status: 200,
      body: { evaluated: 3, matching: 2, entering: 2, holdout: 2 },
    });
    // The draft's segments, not the published ones.
    const segments = [{ id: 'lapsed', lastSeen: { op: 'gte', days: 20 } }];
    expect((await c.call('POST', '/v1/journeys/preview', { journey: showJourney, segments }, editor)).body).toEqual({
      evaluated: 3,
      matching: 1,
      entering: 1,
      holdout: 0,
    });
    // The document being edited: a message only the draft has, and its segments.
    const draft = { ...doc([]), segments: [{ id: 'lapsed', lastSeen: { op: 'gte', days: 20 } }], messages: [{ id: 'new-tip', kind: 'modal', title: 'Tip' }] };
    const showsNew = { ...showJourney, action: { show: 'new-tip' } };
    expect((await c.call('POST', '/v1/journeys/preview', { journey: showsNew, document: draft }, editor)).body).toEqual({
      evaluated: 3,
      matching: 1,
      entering: 1,
      holdout: 0,
    });
    const bad = await c.call('POST', '/v1/journeys/preview', { journey: { ...showJourney, audience: { url: '/billing' } } }, editor);
    expect(bad).toMatchObject({
      status: 400,
      body: { details: [{ path: 'journey.audience', message: expect.stringContaining('url condition never holds') }] },
    });
  });

  it("puts a show journey's content in the user's profile until it is shown, never for the holdout", async () => {
    const c = await started();
    await c.call('PUT', '/v1/content', doc([showJourney]));
    await c.send([c.page('gone', 10), c.page('active', 1)]);
    await c.call('POST', '/v1/journeys/run');
    const profile = async (userId: string) => (await c.call('GET', `/v1/profile?key=wk_test&userId=${userId}`, undefined, {})).body!;
    expect((await profile('gone')).show).toEqual([{ id: 'welcome-back', journey: 'win-back', at: c.at() }]);
    expect((await profile('active')).show).toEqual([]);
    // Shown on the next visit: no longer asked for.
    c.advance(60_000);
    await c.send([
      { type: 'track', event: 'Message Shown', userId: 'gone', properties: { message_id: 'welcome-back' }, timestamp: new Date(c.at()).toISOString() },
    ]);
    expect((await profile('gone')).show).toEqual([]);
  });

  it('the holdout of a show journey gets no show', async () => {
    const c = await started();
    await c.call('PUT', '/v1/content', doc([{ ...showJourney, holdout: 100 }]));
    await c.send([c.page('gone', 10)]);
    expect((await c.call('POST', '/v1/journeys/run')).body).toMatchObject({ journeys: [{ entered: 1, holdout: 1 }] });
    expect((await c.call('GET', '/v1/profile?key=wk_test&userId=gone', undefined, {})).body!.show).toEqual([]);
  });
});
