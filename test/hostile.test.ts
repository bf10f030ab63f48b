import Database from 'better-sqlite3';
import { get } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hostileCorpus, INGEST_ROUTES, type HostileRequest } from './hostile/corpus.js';
import { startCollector, type RunningCollector } from './support/collector.js';

/**
 * The hostile-request corpus (test/hostile/corpus.ts), every request sent to a real
 * collector (the built CLI): nothing a client sends may cause a 5xx or a crash, lose a valid
 * neighbour, store a refused message, or make an answer grow with the input; `/healthz`
 * keeps answering throughout.
 */
const MAX_ANSWER_BYTES = 64 * 1024;

let collector: RunningCollector;
beforeAll(async () => {
  // The corpus is about input, not rates: limits high enough never to answer 429 here.
  collector = await startCollector(['--rate-limit', '1000000', '--rate-limit-messages', '0', '--rate-limit-bytes', '0']);
});
afterAll(async () => {
  await collector?.stop();
});

it('answers every request of the hostile corpus without a 5xx, within bounds, keeping every valid neighbour', async () => {
  const corpus = hostileCorpus(collector.writeKey, collector.secretKey);
  expect(corpus.length).toBeGreaterThanOrEqual(300);
  for (const route of INGEST_ROUTES) expect(corpus.filter((r) => r.path === route).length, route).toBeGreaterThanOrEqual(50);
  expect(new Set(corpus.map((r) => r.category))).toEqual(
    new Set(['json', 'types', 'depth', 'size', 'encoding', 'prototype', 'unicode', 'numbers', 'dates', 'auth', 'fuzz']),
  );

  // /healthz, asked every 20 ms while the corpus runs (on a quiet machine the corpus takes about a second).
  const health: Array<{ status: number | string; ms: number }> = [];
  let running = true;
  const poller = (async () => {
    while (running) {
      const started = Date.now();
      const status = await healthz();
      health.push({ status, ms: Date.now() - started });
      await new Promise((r) => setTimeout(r, 20));
    }
  })();

  const problems: string[] = [];
  const statuses = new Map<number, number>();
  for (const request of corpus) {
    const { status, size, error } = await send(request);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (error) problems.push(`${request.name}: ${error}`);
    else if (status >= 500) problems.push(`${request.name}: ${status}`);
    else if (size > MAX_ANSWER_BYTES) problems.push(`${request.name}: a ${size}-byte answer`);
  }
  running = false;
  await poller;
  expect(problems).toEqual([]);
  expect(collector.process.exitCode).toBeNull();

  // What was promised is in the database: valid neighbours kept, refused messages not stored.
  const db = new Database(collector.dbPath, { readonly: true });
  const stored = new Set(db.prepare('SELECT message_id FROM events').pluck().all() as string[]);
  db.close();
  const lost = corpus.flatMap((r) => r.keep.filter((id) => !stored.has(id)).map((id) => `${r.name}: ${id}`));
  const leaked = corpus.flatMap((r) => r.drop.filter((id) => stored.has(id)).map((id) => `${r.name}: ${id}`));
  expect(lost).toEqual([]);
  expect(leaked).toEqual([]);
  expect(corpus.reduce((n, r) => n + r.keep.length, 0)).toBeGreaterThan(2000);

  // /healthz answered every time, promptly; and what was stored is still readable.
  expect(health.length).toBeGreaterThan(20);
  expect(health.filter((h) => h.status !== 200)).toEqual([]);
  expect(Math.max(...health.map((h) => h.ms))).toBeLessThan(3000);
  expect((await fetch(`${collector.url}/v1/events?limit=1000`, { headers: { authorization: `Bearer ${collector.secretKey}` } })).status).toBe(200);
  expect((await fetch(`${collector.url}/v1/profile?key=${collector.writeKey}&userId=attacker`)).status).toBe(200);
  expect((await fetch(`${collector.url}/readyz`)).status).toBe(200);
  // Every kind of answer the corpus should draw came up.
  expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 400, 401, 413, 415]));
}, 300_000);

/**
 * `GET /healthz` on a connection of its own. fetch would share its pooled keep-alive sockets
 * with the corpus, whose refused bodies make the server close the socket they came on; a
 * request queued behind one then fails in the client without ever reaching the server.
 */
function healthz(): Promise<number | string> {
  return new Promise((resolve) => {
    const request = get(`${collector.url}/healthz`, { agent: false }, (res) => {
      res.resume().on('end', () => resolve(res.statusCode ?? 0));
    });
    request.on('error', (e) => resolve(e.message));
  });
}

async function send(request: HostileRequest): Promise<{ status: number; size: number; error?: string }> {
  try {
    const res = await fetch(collector.url + request.path, {
      method: request.method,
      headers: request.headers,
      body: request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : new Uint8Array(request.body),
    });
    const text = await res.text();
    return { status: res.status, size: Buffer.byteLength(text) };
  } catch (e) {
    // The server may answer 413 and close before a huge body is sent: that is an answer, not a failure.
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    return cause === 'UND_ERR_SOCKET' || cause === 'EPIPE' || cause === 'ECONNRESET'
      ? { status: 413, size: 0 }
      : { status: 0, size: 0, error: String((e as Error).cause ?? e) };
  }
}
