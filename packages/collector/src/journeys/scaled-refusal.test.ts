import { expect, it } from 'vitest';
import { buildServer } from '../server.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { JourneysUnsupportedError, unsupportedPeople } from './scaled-refusal.js';

/**
 * ClickHouse does not keep journeys' per-user facts yet: the scaled installation says so (501
 * with the reason) instead of running over nobody, while reports, profiles and erasure work.
 */
it('refuses to run or preview journeys without per-user facts, with the reason; reports, profiles and erasure still work', async () => {
  const sqlite = openSqliteStore(':memory:');
  await sqlite.createProject({ name: 'p', writeKey: 'wk', secretKey: 'sk', origins: [] });
  const scaled = Object.assign(Object.create(Object.getPrototypeOf(sqlite)), sqlite, unsupportedPeople()) as Store;
  const app = await buildServer({ store: scaled, rateLimit: false, journeysIntervalMs: 0 });
  try {
    const auth = { authorization: 'Bearer sk' };
    const doc = {
      version: 1,
      messages: [{ id: 'm', kind: 'modal', title: 'Hi' }],
      journeys: [{ id: 'j', audience: { lastSeen: { op: 'gte', days: 7 } }, action: { show: 'm' } }],
    };
    expect((await app.inject({ method: 'PUT', url: '/v1/content', headers: auth, payload: doc })).statusCode).toBe(200);
    const run = await app.inject({ method: 'POST', url: '/v1/journeys/run', headers: auth });
    expect(run.statusCode).toBe(501);
    expect(run.json()).toEqual({ error: new JourneysUnsupportedError().message });
    const preview = await app.inject({ method: 'POST', url: '/v1/journeys/preview', headers: auth, payload: { journey: doc.journeys[0] } });
    expect(preview.statusCode).toBe(501);
    // The report reads the journey's state (kept by the metadata side): nothing ran, nothing entered.
    expect((await app.inject({ method: 'GET', url: '/v1/reports/journeys/j', headers: auth })).json()).toMatchObject({ entered: 0, acted: 0 });
    const profile = await app.inject({ method: 'GET', url: `/v1/profile?key=wk&userId=u1` });
    expect(profile.json()).toMatchObject({ show: [] });
    expect((await app.inject({ method: 'DELETE', url: '/v1/users/u1', headers: auth })).statusCode).toBe(200);
  } finally {
    await app.close();
  }
});
