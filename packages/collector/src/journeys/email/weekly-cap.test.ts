import { afterEach, expect, it } from 'vitest';
import { buildServer } from '../../server.js';
import { openSqliteStore } from '../../store/sqlite-store.js';

const DAY = 86_400_000;
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

it("the weekly cap per address counts the last 7 days of the collector's runs: an address capped one week gets email the next", async () => {
  const store = openSqliteStore(':memory:');
  await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins: [] });
  let clock = Date.now();
  const app = await buildServer({ store, healthIntervalMs: 0, journeysIntervalMs: 0, rateLimit: false, now: () => clock, publicUrl: 'https://tp.example.com' });
  cleanup.push(() => app.close());
  const auth = { authorization: 'Bearer sk_test' };
  const journeys = [{ id: 'come-back', audience: { lastSeen: { op: 'gte', days: 7 } }, action: { email: { subject: 'We miss you', body: 'Come back' } } }];
  expect(
    (await app.inject({ method: 'PUT', url: '/v1/content', headers: auth, payload: { version: 1, settings: { emailsPerWeek: 3 }, journeys } })).statusCode,
  ).toBe(200);
  // Users under four keys share one address (a person who signed up twice, say): they lapse together.
  const lapse = async (users: string[]) => {
    const timestamp = new Date(clock - 10 * DAY).toISOString();
    const batch = users.map((u) => ({ type: 'identify', userId: u, traits: { email: 'Shared@Example.com' }, timestamp }));
    expect((await app.inject({ method: 'POST', url: '/v1/batch', payload: { writeKey: 'wk_test', batch } })).statusCode).toBe(200);
  };
  const run = async () => (await app.inject({ method: 'POST', url: '/v1/journeys/run', headers: auth })).json().journeys[0];

  await lapse(['a1', 'a2', 'a3', 'a4']);
  const first = await run();
  expect([first.entered, first.acted, first.skipped]).toEqual([4, 3, { capped: 1 }]);
  // Eight days on, those emails are out of the week: a fifth key with the address gets one.
  clock += 8 * DAY;
  await lapse(['a5']);
  const second = await run();
  expect([second.entered, second.acted, second.skipped]).toEqual([1, 1, {}]);
});
