import { MAX_BATCH_MESSAGES, MAX_JSON_DEPTH } from '@touchpoint/content';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { batch, startCollector as start, stored, track } from './testing/collector.js';

/** Issue 13: what a client sends cannot make the collector fail, lose good data or answer without bounds. */
describe('hostile ingest', () => {
  it('refuses a message nested 5,000 levels deep by index, and keeps its neighbours (was: the whole batch 500)', async () => {
    const c = await start();
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const body = `{"writeKey":"wk_test","batch":[${JSON.stringify(track('before'))},{"type":"track","event":"Deep","userId":"u1","properties":${deep}},${JSON.stringify(track('after'))}]}`;
    const res = await c.post('/v1/batch', body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: string; details: Array<{ index: number; message: string }>; accepted: number };
    expect(answer.details).toEqual([
      { index: 1, path: expect.stringMatching(/^batch\[1\]\.properties(\.a)+$/), message: `is nested deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
    expect(answer).toMatchObject({ error: '1 of 3 message(s) refused; 2 stored', accepted: 2 });
    expect(await stored(c)).toEqual(['after', 'before']);
  });

  it('refuses timestamps out of range, so the events of the project stay readable (was: GET /v1/events 500 for good)', async () => {
    const c = await start();
    const dayAhead = new Date(Date.now() + 86_400_000).toISOString();
    const res = await c.post(
      '/v1/batch',
      batch(
        track('ancient', { timestamp: '-271821-04-20T00:00:00.000Z', sentAt: dayAhead }),
        track('future', { timestamp: '+275760-09-13T00:00:00.000Z' }),
        // A day the calendar does not have (was: stored as 2026-03-02).
        track('no-such-day', { timestamp: '2026-02-30T00:00:00Z' }),
        track('now'),
      ),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { details: Array<{ path: string }> }).details.map((d) => d.path)).toEqual([
      'batch[0].timestamp',
      'batch[1].timestamp',
      'batch[2].timestamp',
    ]);
    expect(await stored(c)).toEqual(['now']);
  });

  it('answers a batch of empty objects with bounded details, quickly (was: 27 MB of details)', async () => {
    const c = await start();
    const res = await c.post('/v1/batch', batch(track('ok'), ...new Array(MAX_BATCH_MESSAGES - 1).fill({})));
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text.length).toBeLessThan(32 * 1024);
    const answer = JSON.parse(text) as { error: string; details: unknown[]; omittedDetails: number; accepted: number };
    expect(answer.error).toBe(`${MAX_BATCH_MESSAGES - 1} of ${MAX_BATCH_MESSAGES} message(s) refused; 1 stored`);
    expect(answer.details).toHaveLength(50);
    expect(answer.omittedDetails).toBeGreaterThan(0);
    expect(answer.accepted).toBe(1);
    // 120,000 empty objects (360 KB): refused whole, with one detail, before any is validated.
    const huge = await c.post('/v1/batch', batch(...new Array(120_000).fill({})));
    expect(huge.status).toBe(400);
    expect(await huge.json()).toEqual({
      error: `${120_000} of ${120_000} message(s) refused; nothing stored`,
      details: [{ index: -1, path: 'batch', message: `has 120000 messages; a batch holds at most ${MAX_BATCH_MESSAGES}` }],
      accepted: 0,
    });
  });

  it('says "nothing stored" with accepted 0 when every message is refused (was: "the others were stored")', async () => {
    const c = await start();
    const res = await c.post('/v1/batch', batch({ type: 'track', userId: 'u1' }));
    expect(await res.json()).toMatchObject({ error: '1 of 1 message(s) refused; nothing stored', accepted: 0 });
  });

  it('refuses a message with a __proto__ key by its path, and keeps the rest (was: "Body is not valid JSON")', async () => {
    const c = await start();
    const res = await c.post(
      '/v1/batch',
      `{"writeKey":"wk_test","batch":[${JSON.stringify(track('good'))},{"type":"track","event":"P","userId":"u1","properties":{"__proto__":{"admin":true}}}]}`,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { details: unknown[] }).details).toEqual([
      { index: 1, path: 'batch[1].properties.__proto__', message: expect.stringContaining('the key "__proto__" is not accepted') },
    ]);
    expect(await stored(c)).toEqual(['good']);
  });

  it('reads gzip, deflate and br bodies; a body that is not what its Content-Encoding says is a precise 400, an unknown coding 415', async () => {
    const c = await start();
    const body = (id: string) => batch(track(id));
    expect((await c.post('/v1/batch', gzipSync(body('gzip')), { 'content-encoding': 'gzip' })).status).toBe(200);
    expect((await c.post('/v1/batch', deflateSync(body('deflate')), { 'content-encoding': 'deflate' })).status).toBe(200);
    expect((await c.post('/v1/batch', brotliCompressSync(body('br')), { 'content-encoding': 'br' })).status).toBe(200);
    expect(await stored(c)).toEqual(['br', 'deflate', 'gzip']);

    const wrong = await c.post('/v1/batch', body('plain'), { 'content-encoding': 'gzip' });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/^the body is not valid gzip data \(Content-Encoding: gzip\)/);
    const unknown = await c.post('/v1/batch', body('zstd'), { 'content-encoding': 'zstd' });
    expect(unknown.status).toBe(415);
    expect(((await unknown.json()) as { error: string }).error).toBe(
      'Content-Encoding "zstd" is not supported: send the body as is, or with gzip, deflate or br',
    );
    // Names that are properties of every object are codings like any other unknown one.
    for (const coding of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect((await c.post('/v1/batch', body(coding), { 'content-encoding': coding })).status, coding).toBe(415);
    }
    // A request without a body is not judged by its Content-Encoding.
    expect((await fetch(`${c.url}/v1/profile?key=wk_test&userId=u1`, { headers: { 'content-encoding': 'zstd' } })).status).toBe(200);
  });

  it('stops decoding a compression bomb at the body limit (413), and stays responsive', async () => {
    const c = await start();
    // 50 MB of zeros compress to about 50 KB with gzip; decoded, they would be 100 times the limit.
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024), { level: 9 });
    const res = await c.post('/v1/batch', bomb, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'request body is over 512000 bytes once decoded (Content-Encoding: gzip)' });
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
  }, 30_000);

  it('does not count an absurd "dropped" (was: 1e300 added a billion)', async () => {
    const c = await start();
    const res = await c.post('/v1/batch', JSON.stringify({ writeKey: 'wk_test', batch: [track('kept')], dropped: 1e300 }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'dropped refused; 1 stored', accepted: 1 });
    expect(await c.events()).toMatchObject({ clientDropped: 0 });
    expect((await c.post('/v1/batch', JSON.stringify({ writeKey: 'wk_test', batch: [], dropped: 7 }))).status).toBe(200);
    expect(await c.events()).toMatchObject({ clientDropped: 7 });
  });
});

describe('storage failures', () => {
  it('answers 503 with Retry-After, logs the error, and /readyz says so, when the database cannot be written', async () => {
    const lines: string[] = [];
    const c = await start({ logger: { level: 'warn', stream: { write: (line) => void lines.push(line) } } });
    expect(await (await fetch(`${c.url}/readyz`)).json()).toEqual({ ok: true });
    // As a read-only file or a full disk would: every write fails with SQLITE_READONLY.
    (c.store as unknown as { db: { pragma(s: string): unknown } }).db.pragma('query_only = ON');
    const res = await c.post('/v1/batch', batch(track('lost')));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toEqual({ error: 'storage is unavailable; retry later' });
    expect(lines.map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ level: 50, msg: 'storage failed', code: 'SQLITE_READONLY' }));
    const ready = await fetch(`${c.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { error: string }).error).toMatch(/^storage is not writable: /);
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
  });
});

describe('storage failures in the background', () => {
  it('keep the outbox delivery loop running and logged, not crashing the process', async () => {
    const lines: string[] = [];
    const c = await start({ logger: { level: 'warn', stream: { write: (line) => void lines.push(line) } }, alertRetryBaseMs: 50 });
    (c.store as unknown as { db: { pragma(s: string): unknown } }).db.pragma('query_only = ON');
    // The loop claims alerts with a write every 50 ms: each failure is logged, none escapes.
    await expect.poll(() => lines.filter((l) => l.includes('outbox delivery')).length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(lines.find((l) => l.includes('outbox delivery'))!)).toMatchObject({
      level: 40,
      msg: expect.stringContaining('attempt to write a readonly database'),
    });
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
  });
});

describe('secret-key routes', () => {
  const auth = { authorization: 'Bearer sk_test', 'content-type': 'application/json' };

  it('refuse a content document nested 20,000 levels deep with its path (was: 500)', async () => {
    const c = await start();
    const body = `{"version":1,"flows":[{"id":"f","audience":${'{"not":'.repeat(20_000)}{"trait":"a","op":"exists"}${'}'.repeat(20_000)},"steps":[{"id":"a"}]}]}`;
    for (const path of ['/v1/content', '/v1/content/validate']) {
      const res = await fetch(`${c.url}${path}`, { method: path === '/v1/content' ? 'PUT' : 'POST', headers: auth, body });
      const answer = (await res.json()) as { errors: Array<{ path: string; message: string }> };
      expect(res.status, path).toBe(path === '/v1/content' ? 400 : 200);
      expect(answer.errors).toEqual([{ path: expect.stringMatching(/^flows\[0\]\.audience(\.not)+$/), message: 'is nested deeper than 64 levels' }]);
    }
  });

  it('refuse report ranges longer than ten years, at once (was: a 10,000-year overview held the server for 44 s)', async () => {
    const c = await start();
    const started = Date.now();
    const res = await fetch(`${c.url}/v1/reports/overview?from=0001-01-01&to=9999-12-31`, { headers: auth });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ path: 'from', message: 'must leave a range of at most 3660 days' }] });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await fetch(`${c.url}/v1/reports/overview?from=2020-01-01&to=2029-12-31`, { headers: auth })).status).toBe(200);
  });
});

describe('rows stored before the bounds', () => {
  it('keep the events API answering (was: 500 for the whole project)', async () => {
    const c = await start();
    // As an older collector stored it: year −271821 after skew correction.
    (c.store as unknown as { db: { prepare(s: string): { run(...a: unknown[]): void } } }).db
      .prepare(
        "INSERT INTO events (project_id, message_id, type, event, user_id, timestamp, received_at, payload) VALUES (1, 'old', 'track', 'Old', 'u1', -8.7e15, 0, '{\"type\":\"track\",\"event\":\"Old\"}')",
      )
      .run();
    const res = await fetch(`${c.url}/v1/events?limit=10`, { headers: { authorization: 'Bearer sk_test' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { events: unknown[] }).events).toEqual([expect.objectContaining({ event: 'Old', timestamp: null })]);
  });
});
