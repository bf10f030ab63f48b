import { expect, it } from 'vitest';
import { buildServer } from '../server.js';
import { openSqliteStore } from '../store/sqlite-store.js';

it('lists the newest webhooks of the outbox, journey emails left out by the store (GET /v1/alerts unchanged)', async () => {
  const store = openSqliteStore(':memory:');
  const project = await store.createProject({ name: 'p', writeKey: 'wk', secretKey: 'sk', origins: [] });
  const hook = (id: string, at: number) =>
    store.enqueueAlert({ id, projectId: project.id, url: 'https://crm.example/hook', body: JSON.stringify({ n: id }) }, at);
  const email = (id: string, at: number) => store.enqueueAlert({ id, projectId: project.id, url: 'mailto:ada@example.com', body: 'a whole message' }, at);
  await hook('h1', 1);
  await email('m1', 2);
  await hook('h2', 3);
  await email('m2', 4);
  await hook('h3', 5);
  expect((await store.listAlerts(project.id, { alerts: true, limit: 2 })).map((a) => a.id)).toEqual(['h3', 'h2']);
  expect((await store.listAlerts(project.id)).map((a) => a.id)).toEqual(['h3', 'm2', 'h2', 'm1', 'h1']);
  const app = await buildServer({ store, healthIntervalMs: 0, rateLimit: false });
  try {
    const res = await app.inject({ method: 'GET', url: '/v1/alerts', headers: { authorization: 'Bearer sk' } });
    expect(res.json()).toEqual({
      alerts: ['h3', 'h2', 'h1'].map((id) => ({ id, n: id, attempts: 0, sent: false, lastError: null })),
    });
  } finally {
    await app.close();
  }
});
