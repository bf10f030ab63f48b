import { afterEach, expect, it } from 'vitest';
import { postgresForFile } from './support/postgres-cluster.js';
import { startSharedInstances } from './support/shared-collectors.js';

/*
 * Rate limits and quotas of collectors sharing one installation are counted once for all of
 * them: a client spreading requests over the instances behind a load balancer gets what one
 * instance would give it, not that times the number of instances.
 */

const cluster = postgresForFile();
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function two(options: Parameters<typeof startSharedInstances>[2]) {
  const running = await startSharedInstances(await cluster.createDatabase(), 2, { healthIntervalMs: 0, ...options });
  cleanup.push(running.stop);
  return running.instances.map((i) => i.url);
}

/** Sends `count` requests, alternating between the instances, all at once; answers their statuses and bodies. */
async function spread(urls: string[], count: number, request: (url: string, i: number) => Promise<Response>) {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const res = await request(urls[i % urls.length]!, i);
      return { status: res.status, body: await res.text() };
    }),
  );
}

const track = (url: string, i: number) =>
  fetch(`${url}/v1/track`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ writeKey: 'wk_shared', type: 'track', event: 'E', userId: 'u1', messageId: `m${i}` }),
  });

it('counts the per-key rate limit once across instances: together they allow the limit, not twice it', async () => {
  const urls = await two({ rateLimit: 10, ingestQuota: false });
  const answers = await spread(urls, 30, track);
  expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
  expect(answers.filter((a) => a.status === 429)).toHaveLength(20);
});

it('counts the per-address limit (before bodies are read) once across instances', async () => {
  // The address limit is five times the rate limit: 10. Requests without a key share one
  // per-key bucket too (2 of them pass it); the address limit refuses everything past 10.
  const urls = await two({ rateLimit: 2, ingestQuota: false });
  const answers = await spread(urls, 20, (url) => fetch(`${url}/v1/content?key=nope`));
  const byAddress = answers.filter((a) => a.status === 429 && a.body.includes('from this address'));
  expect(byAddress).toHaveLength(10);
});

it('counts the ingest quota once across instances', async () => {
  // Quota windows are the minutes of the database's clock (the same machine's here): not
  // across a minute's edge, where a client gets a new window.
  await expect.poll(() => Date.now() % 60_000 < 55_000, { timeout: 10_000, interval: 100 }).toBe(true);
  const urls = await two({ rateLimit: false, ingestQuota: { messagesPerMinute: 6 } });
  const answers = await spread(urls, 14, track);
  expect(answers.filter((a) => a.status === 200)).toHaveLength(6);
  const refused = answers.filter((a) => a.status === 429);
  expect(refused).toHaveLength(8);
  expect(refused[0]!.body).toContain('over the ingest quota of 6 messages');
});

it('counts sign-in attempts per account once across instances (CONTRACT §8: password guessing gains nothing from more instances)', async () => {
  const urls = await two({ rateLimit: false, ingestQuota: false, loginThrottle: { perAccount: 4 } });
  const login = (url: string) =>
    fetch(`${url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ann@example.com', password: 'a wrong password' }),
    });
  const answers = await spread(urls, 10, login);
  expect(answers.filter((a) => a.status === 401)).toHaveLength(4);
  const refused = answers.filter((a) => a.status === 429);
  expect(refused).toHaveLength(6);
  expect(refused[0]!.body).toContain('too many sign-in attempts');
});
