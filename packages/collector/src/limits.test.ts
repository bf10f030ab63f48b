import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { batch, startCollector as start, track } from './testing/collector.js';

/** Issue 13: rate limits that follow real keys and client addresses, quotas, and slow clients. */
describe('rate limits', () => {
  const random = () => Math.random().toString(36).slice(2);
  const statuses = async (n: number, send: (i: number) => Promise<Response>) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await send(i)).status);
    return out;
  };

  it('cannot be escaped by rotating made-up keys: unknown and invalid keys share one bucket per client IP (was: 1,300 of 1,300 answered)', async () => {
    const c = await start({ rateLimit: 3 });
    // A real write key in the query, a made-up Basic user on each request: the project's bucket.
    const profile = await statuses(5, () =>
      fetch(`${c.url}/v1/profile?key=wk_test&userId=u1`, { headers: { authorization: `Basic ${Buffer.from(`${random()}:`).toString('base64')}` } }),
    );
    expect(profile).toEqual([200, 200, 200, 429, 429]);
    // Made-up Bearer tokens (key guessing): 401 until the IP's bucket of unknown keys is empty.
    const guesses = await statuses(5, () => fetch(`${c.url}/v1/events`, { headers: { authorization: `Bearer sk_${random()}` } }));
    expect(guesses).toEqual([401, 401, 401, 429, 429]);
    // Made-up write keys in the body share that same bucket.
    expect((await c.post('/v1/batch', JSON.stringify({ writeKey: `wk_${random()}`, batch: [] }))).status).toBe(429);
  });

  it('limits bodies that never reach a key (bad JSON, a bad encoding) per client IP too, before they are read', async () => {
    const c = await start({ rateLimit: 3 });
    // Five times the per-key rate, counted as requests arrive: a flood of broken bodies is cut early.
    const broken = await statuses(17, () => c.post('/v1/batch', '{"batch": ['));
    expect(broken.slice(0, 15)).toEqual(new Array(15).fill(400));
    expect(broken.slice(15)).toEqual([429, 429]);
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
  });

  it('takes the client address from X-Forwarded-For only when the peer is a trusted proxy', async () => {
    const send = (c: Awaited<ReturnType<typeof start>>, client: string) => c.post('/v1/batch', batch(track(random())), { 'x-forwarded-for': client });
    const trusting = await start({ rateLimit: 2, trustProxy: '127.0.0.1' });
    expect(await statuses(3, () => send(trusting, '203.0.113.1'))).toEqual([200, 200, 429]);
    expect((await send(trusting, '203.0.113.2')).status).toBe(200);
    // Not trusted: a client cannot buy buckets by writing its own X-Forwarded-For.
    const plain = await start({ rateLimit: 2 });
    expect(await statuses(3, (i) => send(plain, `203.0.113.${i + 10}`))).toEqual([200, 200, 429]);
  });

  it('bounds messages and bytes per write key and client per minute, with Retry-After', async () => {
    const c = await start({ ingestQuota: { messagesPerMinute: 5, bytesPerMinute: 100_000 } });
    const many = (n: number) => batch(...Array.from({ length: n }, () => track(random())));
    expect((await c.post('/v1/batch', many(3))).status).toBe(200);
    const over = await c.post('/v1/batch', many(3));
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await over.json()) as { error: string }).error).toBe(
      'over the ingest quota of 5 messages and 100000 bytes a minute for this write key and client; retry in a minute at most',
    );
    expect((await c.post('/v1/batch', many(2))).status).toBe(200);
    expect((await c.events()).events).toHaveLength(5);

    const bytes = await start({ ingestQuota: { messagesPerMinute: 1000, bytesPerMinute: 2000 } });
    expect((await bytes.post('/v1/batch', batch(track('a', { properties: { s: 'x'.repeat(1500) } })))).status).toBe(200);
    expect((await bytes.post('/v1/batch', batch(track('b', { properties: { s: 'x'.repeat(1500) } })))).status).toBe(429);
  });
});

describe('slow clients', () => {
  /** A raw TCP connection that sends `data` and resolves with what came back once the server closes it. */
  const hold = (url: string, data: string) =>
    new Promise<{ socket: Socket; closed: Promise<{ after: number; answer: string }> }>((resolve) => {
      const { hostname, port } = new URL(url);
      const socket = connect(Number(port), hostname, () => {
        const opened = Date.now();
        let answer = '';
        socket.on('data', (d) => (answer += d.toString()));
        socket.on('error', () => {});
        const closed = new Promise<{ after: number; answer: string }>((r) => socket.on('close', () => r({ after: Date.now() - opened, answer })));
        socket.write(data);
        resolve({ socket, closed });
      });
    });
  const limits = { headersTimeoutMs: 500, bodyTimeoutMs: 1000, idleTimeoutMs: 300, max: 30 };

  it('closes a connection whose body never finishes (408), one whose headers never finish, and an idle one (was: open after 330 s)', {
    timeout: 20_000,
  }, async () => {
    const c = await start({ connections: limits });
    const body = await hold(c.url, 'POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n{"writeKey":"wk_test",');
    const headers = await hold(c.url, 'POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Le');
    const idle = await hold(c.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const [b, h, i] = await Promise.all([body.closed, headers.closed, idle.closed]);
    // Node checks request timeouts every second, and keeps an idle connection a second past its
    // keep-alive timeout (against races with clients): each one is gone within that second
    // (and a margin for a busy machine).
    expect(b.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(b.after).toBeLessThan(limits.bodyTimeoutMs + 3000);
    expect(h.after).toBeLessThan(limits.headersTimeoutMs + 3000);
    expect(i.answer).toMatch(/^HTTP\/1\.1 200/);
    expect(i.after).toBeLessThan(limits.idleTimeoutMs + 3000);
  });

  it('caps open connections: past the cap new ones are closed at once, /healthz answers again once the slow ones are cut', { timeout: 20_000 }, async () => {
    const c = await start({ connections: limits });
    const slow = await Promise.all(
      Array.from({ length: limits.max }, () => hold(c.url, 'POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{')),
    );
    const refused = await hold(c.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await refused.closed).toMatchObject({ answer: '' });
    await Promise.all(slow.map((s) => s.closed));
    const started = Date.now();
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stays responsive while many slow clients hold connections under the cap', async () => {
    const c = await start({ connections: { ...limits, max: 200, bodyTimeoutMs: 3000 } });
    const slow = await Promise.all(
      Array.from({ length: 60 }, () => hold(c.url, `POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 400000\r\n\r\n{"batch":[${'{},'.repeat(1000)}`)),
    );
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(2000);
    }
    await Promise.all(slow.map((s) => s.closed));
  }, 30_000);
});
