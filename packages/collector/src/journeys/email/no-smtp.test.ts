import { afterEach, expect, it } from 'vitest';
import { buildServer } from '../../server.js';
import { openSqliteStore } from '../../store/sqlite-store.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

it('without an SMTP server, journey emails are queued (not skipped) with links to where the collector listens, and the log says why they wait and what to do, once', async () => {
  const store = openSqliteStore(':memory:');
  const project = await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins: [] });
  const lines: string[] = [];
  const app = await buildServer({
    store,
    healthIntervalMs: 0,
    journeysIntervalMs: 0,
    rateLimit: false,
    logger: { level: 'warn', stream: { write: (line) => void lines.push(line) } },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  cleanup.push(() => app.close());
  const auth = { authorization: 'Bearer sk_test' };
  const email = { subject: 'We miss you', body: 'Come back' };
  const journeys = [{ id: 'come-back', audience: { lastSeen: { op: 'gte', days: 7 } }, action: { email } }];
  expect((await app.inject({ method: 'PUT', url: '/v1/content', headers: auth, payload: { version: 1, journeys } })).statusCode).toBe(200);
  const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
  const batch = ['ada', 'bob'].map((u) => ({ type: 'identify', userId: u, traits: { email: `${u}@example.com` }, timestamp: tenDaysAgo }));
  expect((await app.inject({ method: 'POST', url: '/v1/batch', payload: { writeKey: 'wk_test', batch } })).statusCode).toBe(200);

  const run = await app.inject({ method: 'POST', url: '/v1/journeys/run', headers: auth });
  expect(run.json().journeys).toEqual([expect.objectContaining({ id: 'come-back', entered: 2, acted: 2, skipped: {} })]);
  const warnings = lines.filter((l) => l.includes('no SMTP server'));
  expect(warnings).toHaveLength(1);
  expect(JSON.parse(warnings[0]!).msg).toContain('stays queued until a collector runs with --smtp-url URL --mail-from ADDR');
  // The unsubscribe links point at the address the collector listens on (no publicUrl given).
  const jobs = await store.listAlerts(project.id);
  expect(jobs.map((j) => j.url).sort()).toEqual(['mailto:ada@example.com', 'mailto:bob@example.com']);
  expect(JSON.parse(jobs[0]!.body).headers['List-Unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/v1\/unsubscribe\?t=/);
});
