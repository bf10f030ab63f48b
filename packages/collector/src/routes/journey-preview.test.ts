import { expect, it } from 'vitest';
import { SIGN_IN_TIMEOUT, startApi } from '../testing/api-client.js';

const DAY = 86_400_000;

it("previews a journey inside a draft with unrelated problems (a half-written tour, a broken unused segment); the journey's own still answer 400", {
  timeout: SIGN_IN_TIMEOUT,
}, async () => {
  const c = await startApi();
  const page = (userId: string, daysAgo: number) => ({
    type: 'page',
    userId,
    messageId: `${userId}-${daysAgo}`,
    timestamp: new Date(c.at() - daysAgo * DAY).toISOString(),
  });
  expect((await c.call('POST', '/v1/batch', { writeKey: 'wk_test', batch: [page('gone', 10), page('long-gone', 30), page('active', 1)] }, {})).status).toBe(
    200,
  );
  const draft = {
    version: 1,
    segments: [
      { id: 'lapsed', any: [{ segment: 'very-lapsed' }, { lastSeen: { op: 'gte', days: 7 } }] },
      { id: 'very-lapsed', lastSeen: { op: 'gte', days: 20 } },
      { id: 'unused', trait: 'plan', op: 'bogus', value: 1 },
    ],
    flows: [{ id: 'half-written', steps: 'not yet' }],
    messages: [{ id: 'tip', kind: 'modal', title: 'Tip' }],
  };
  const editor = await c.as('editor');
  const journey = { id: 'win-back', audience: 'lapsed', action: { show: 'tip' } };
  expect(await c.call('POST', '/v1/journeys/preview', { journey, document: draft }, editor)).toMatchObject({
    status: 200,
    body: { evaluated: 3, matching: 2, entering: 2, holdout: 0 },
  });
  // The journey's own problems, and those of the segments it reaches, are answered with their paths, the tour's are not.
  const broken = { ...draft, segments: [draft.segments[0], { id: 'very-lapsed', lastSeen: { op: 'gte' } }, draft.segments[2]] };
  const bad = await c.call('POST', '/v1/journeys/preview', { journey: { ...journey, holdout: 'half' }, document: broken }, editor);
  expect(bad.status).toBe(400);
  const paths = (bad.body!.details as Array<{ path: string }>).map((d) => d.path);
  expect(paths).toContain('journey.holdout');
  expect(paths.some((p) => p.startsWith('segments[1]'))).toBe(true);
  expect(paths.filter((p) => p.startsWith('flows') || p.startsWith('segments[2]'))).toEqual([]);
  // What the request itself is missing, in plain words (was: "expected nonoptional, received undefined").
  expect(await c.call('POST', '/v1/journeys/preview', {}, editor)).toMatchObject({
    status: 400,
    body: { error: 'body field journey is required: the journey to preview, as a content document holds it' },
  });
  expect(await c.call('POST', '/v1/journeys/preview', { journey, document: [] }, editor)).toMatchObject({
    status: 400,
    body: { error: 'body field document must be a content document (an object)' },
  });
});
