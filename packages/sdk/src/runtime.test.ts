import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTouchpoint, type TouchpointOptions } from './runtime.js';
import { fakePlatform, MemoryStorage } from './testing/fake-platform.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function setup(options: Partial<TouchpointOptions> = {}, fake = fakePlatform()) {
  const tp = createTouchpoint({ key: 'wk_test', host: 'https://collector.test', autoPage: false, ...options }, fake.platform);
  instances.push(tp);
  return { tp, ...fake };
}
const instances: ReturnType<typeof createTouchpoint>[] = [];

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
});
afterEach(() => {
  instances.splice(0).forEach((tp) => tp.destroy());
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('batching', () => {
  it('sends no request per event: five events wait 2 s and go together', async () => {
    const { tp, requests } = setup();
    for (let i = 0; i < 5; i++) tp.track('Clicked', { i });
    await vi.advanceTimersByTimeAsync(1999);
    expect(requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.body.batch.map((m) => m.properties.i)).toEqual([0, 1, 2, 3, 4]);
    expect(requests[0]!.url).toBe('https://collector.test/v1/batch');
  });

  it('sends a full batch of 20 at once, and never more than 20 in a request', async () => {
    const { tp, requests } = setup();
    for (let i = 0; i < 25; i++) tp.track('Clicked', { i });
    await vi.advanceTimersByTimeAsync(0);
    expect(requests.map((r) => r.body.batch.length)).toEqual([20, 5]);
    expect(requests.flatMap((r) => r.body.batch.map((m) => m.properties.i))).toEqual([...Array(25).keys()]);
  });

  it('puts a UUID messageId and timestamp on every message, and sentAt and the write key in the body', async () => {
    const { tp, requests } = setup();
    tp.track('A');
    tp.track('B');
    await tp.flush();
    const { body } = requests[0]!;
    expect(body.writeKey).toBe('wk_test');
    expect(body.sentAt).toBe('2026-03-01T10:00:00.000Z');
    for (const m of body.batch) {
      expect(m.messageId).toMatch(UUID);
      // Once a request, not on each message (the collector reads the request's).
      expect(m.sentAt).toBeUndefined();
      expect(m.timestamp).toBe('2026-03-01T10:00:00.000Z');
      expect(m.anonymousId).toMatch(UUID);
      expect(m.context.library.name).toBe('touchpoint');
      expect(m.context.page.path).toBe('/app/home');
      // The fragment (it can hold tokens) is only in the page view's properties and the URL.
      expect(m.context.page).not.toHaveProperty('hash');
    }
    expect(new Set(body.batch.map((m) => m.messageId)).size).toBe(2);
  });

  it('flush() resolves once the collector has answered', async () => {
    const { tp, requests } = setup();
    tp.track('A');
    await tp.flush();
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requests).toHaveLength(1);
  });
});

describe('retry', () => {
  it('retries network errors with a growing, jittered backoff, resending the same messages', async () => {
    const fake = fakePlatform();
    let failures = 3;
    fake.state.respond = () => (failures-- > 0 ? 'network-error' : new Response('{}'));
    const { tp, requests } = setup({}, fake);
    tp.track('A');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(4);
    const gaps = requests.slice(1).map((r, i) => r.at - requests[i]!.at);
    // random() is 0.5 here: each wait is 3/4 of 1 s, 2 s, 4 s.
    expect(gaps).toEqual([750, 1500, 3000]);
    const ids = requests.map((r) => r.body.batch[0]!.messageId);
    expect(new Set(ids).size).toBe(1);
    tp.track('B');
    await tp.flush();
    expect(requests.at(-1)!.body.batch.map((m) => m.event)).toEqual(['B']);
  });

  it('retries 5xx', async () => {
    const fake = fakePlatform();
    const statuses = [503, 500, 200];
    fake.state.respond = () => new Response('{}', { status: statuses.shift() ?? 200 });
    const { tp, requests } = setup({}, fake);
    tp.track('A');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requests).toHaveLength(3);
    expect(statuses).toEqual([]);
  });

  it('honours Retry-After on 429: nothing is sent before it, even on flush()', async () => {
    const fake = fakePlatform();
    let first = true;
    fake.state.respond = () => {
      if (!first) return new Response('{}');
      first = false;
      return new Response('{}', { status: 429, headers: { 'Retry-After': '30' } });
    };
    const { tp, requests } = setup({}, fake);
    tp.track('A');
    await tp.flush();
    tp.track('B');
    await tp.flush();
    await vi.advanceTimersByTimeAsync(29_999);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.body.batch.map((m) => m.event)).toEqual(['A', 'B']);
  });

  it.each([400, 401, 403, 413])('never retries a %i and lets the messages go', async (status) => {
    const fake = fakePlatform();
    fake.state.respond = () => new Response('{"error":"no"}', { status });
    const { tp, requests, storage } = setup({}, fake);
    tp.track('A');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(requests).toHaveLength(1);
    const stored = Object.keys(storageDump(storage as MemoryStorage)).filter((k) => k.startsWith('tp.q.'));
    expect(stored).toEqual([]);
  });
});

describe('offline and persistence', () => {
  it('sends nothing while the browser is offline, and everything when it comes back', async () => {
    const fake = fakePlatform();
    fake.state.online = false;
    const { tp, requests, fire } = setup({}, fake);
    tp.track('A');
    tp.track('B');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(0);
    fake.state.online = true;
    fire('online');
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.messages().map((m) => m.event)).toEqual(['A', 'B']);
  });

  it('keeps unsent messages in storage so the next page load sends them, once', async () => {
    const storage = new MemoryStorage();
    const first = fakePlatform({ storage });
    first.state.respond = () => 'network-error';
    const a = setup({}, first).tp;
    a.track('A');
    a.track('B');
    await vi.advanceTimersByTimeAsync(2000);
    a.destroy();
    const sentBefore = first.requests[0]!.body.batch.map((m) => m.messageId);

    const second = fakePlatform({ storage });
    const b = setup({}, second).tp;
    await vi.advanceTimersByTimeAsync(2000);
    expect(second.messages().map((m) => m.messageId)).toEqual(sentBefore);
    await b.flush();
    // Acknowledged: a third page load has nothing to send.
    b.destroy();
    const third = fakePlatform({ storage });
    setup({}, third);
    await vi.advanceTimersByTimeAsync(5000);
    expect(third.requests).toHaveLength(0);
  });

  it('bounds the queue: drops the oldest, counts them, and reports the count once', async () => {
    const fake = fakePlatform();
    fake.state.online = false;
    const { tp, fire } = setup({ maxQueue: 5 }, fake);
    for (let i = 0; i < 8; i++) tp.track(`E${i}`);
    await vi.advanceTimersByTimeAsync(0);
    fake.state.online = true;
    fire('online');
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.requests[0]!.body.batch.map((m) => m.event)).toEqual(['E3', 'E4', 'E5', 'E6', 'E7']);
    expect(fake.requests[0]!.body.dropped).toBe(3);
    expect(fake.requests[0]!.body.droppedBy).toEqual({ queue_full: 3 });
    tp.track('later');
    await tp.flush();
    expect(fake.requests[1]!.body.dropped).toBeUndefined();
    expect(fake.requests[1]!.body.droppedBy).toBeUndefined();
  });

  it('sends the events of a page whose title is huge, with the title clipped as in Page Viewed (they were dropped as too big)', async () => {
    const fake = fakePlatform();
    fake.state.title = 'T'.repeat(100_000);
    const { tp, messages } = setup({}, fake);
    tp.track('On a long page');
    await tp.flush();
    const sent = messages().find((m) => m.event === 'On a long page');
    expect((sent?.context as { page: { title: string } } | undefined)?.page.title).toBe('T'.repeat(2048));
  });

  it('counts what the collector refused for good, by reason, and reports it once', async () => {
    const fake = fakePlatform();
    // The first request: the collector keeps one message of three (400, accepted: 1); the
    // second: refused whole (413); then it takes everything.
    const answers = [
      () => new Response(JSON.stringify({ error: '2 messages refused; 1 stored', accepted: 1 }), { status: 400 }),
      () => new Response(JSON.stringify({ error: 'too large' }), { status: 413 }),
    ];
    fake.state.respond = () => (answers.shift() ?? (() => new Response('{}', { status: 200 })))();
    const { tp } = setup({}, fake);
    tp.track('A');
    tp.track('B');
    tp.track('C');
    await tp.flush();
    tp.track('D');
    tp.track('E');
    await tp.flush();
    tp.track('F');
    await tp.flush();
    expect(fake.requests.map((r) => [r.body.batch.map((m) => m.event), r.body.dropped, r.body.droppedBy])).toEqual([
      [['A', 'B', 'C'], undefined, undefined],
      [['D', 'E'], 2, { refused: 2 }],
      [['F'], 2, { refused: 2 }],
    ]);
  });

  it('works from memory when storage throws on every call', async () => {
    const storage = new MemoryStorage();
    storage.failAll = true;
    const { tp, messages } = setup({}, fakePlatform({ storage }));
    tp.identify('u1');
    tp.track('A');
    await tp.flush();
    const sent = messages();
    expect(sent.map((m) => m.type)).toEqual(['identify', 'track']);
    expect(sent[1]!.userId).toBe('u1');
    expect(sent[0]!.anonymousId).toBe(sent[1]!.anonymousId);
  });

  it('works from memory when storage is missing or full', async () => {
    const full = new MemoryStorage();
    full.failWrites = true;
    for (const storage of [undefined, full]) {
      const { tp, messages } = setup({}, fakePlatform({ storage }));
      tp.track('A');
      tp.track('B');
      await tp.flush();
      expect(messages().map((m) => m.event)).toEqual(['A', 'B']);
      expect(messages()[0]!.anonymousId).toBe(messages()[1]!.anonymousId);
    }
  });

  it('hands everything to keepalive requests under 64 KB when the page goes away', async () => {
    const { tp, requests, fire } = setup();
    const blob = 'x'.repeat(3000);
    for (let i = 0; i < 45; i++) tp.track('Big', { i, blob });
    // 20 went at once as a normal batch; cut the network so they stay queued too.
    fire('exit');
    const exits = requests.filter((r) => r.keepalive);
    expect(exits.length).toBeGreaterThan(1);
    for (const r of exits) expect(new TextEncoder().encode(JSON.stringify(r.body)).length).toBeLessThan(64 * 1024);
    const ids = new Set(exits.flatMap((r) => r.body.batch.map((m) => m.properties.i)));
    expect(ids.size).toBe(45);
  });
});

describe('requests the browser sends if the page dies (fetchLater)', () => {
  const later = () => fakePlatform({ fetchLater: true });
  const armedEvents = (pending: () => Array<{ body: { batch: Array<Record<string, any>> } }>) =>
    pending().flatMap((r) => r.body.batch.map((m) => m.event ?? m.type));

  it('keeps what is queued armed, without a sentAt, until the collector has it', async () => {
    const { tp, pending, requests } = setup({}, later());
    tp.track('A');
    tp.track('B');
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(0);
    expect(pending()).toHaveLength(1);
    const [armed] = pending();
    expect(armed!.url).toBe('https://collector.test/v1/batch');
    expect(armed!.body.writeKey).toBe('wk_test');
    // Sent at an unknown later time: the collector keeps the device's timestamps as they are.
    expect(armed!.body.sentAt).toBeUndefined();
    expect(armed!.body.batch.map((m) => [m.event, m.sentAt])).toEqual([
      ['A', undefined],
      ['B', undefined],
    ]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(requests.flatMap((r) => r.body.batch.map((m) => m.event))).toEqual(['A', 'B']);
    expect(pending()).toHaveLength(0);
    tp.track('C');
    await vi.advanceTimersByTimeAsync(0);
    expect(armedEvents(pending)).toEqual(['C']);
  });

  it('disarms when the exit handler runs, which sends the queue itself, so nothing goes twice', async () => {
    const { tp, pending, requests, fire, state } = setup({}, later());
    tp.track('A');
    await vi.advanceTimersByTimeAsync(0);
    expect(armedEvents(pending)).toEqual(['A']);
    // Offline, the exit sends nothing: the armed copy stays, for the browser to send when it can.
    state.online = false;
    fire('exit');
    expect(armedEvents(pending)).toEqual(['A']);
    state.online = true;
    fire('exit');
    expect(pending()).toHaveLength(0);
    expect(requests.filter((r) => r.keepalive).flatMap((r) => r.body.batch.map((m) => m.event))).toEqual(['A']);
  });

  it('arms nothing without consent, and disarms when consent is withdrawn', async () => {
    const required = setup({ consent: 'required' }, later());
    required.tp.track('Before');
    await vi.advanceTimersByTimeAsync(0);
    expect(required.pending()).toHaveLength(0);
    required.tp.consent(true);
    await required.tp.flush();
    required.tp.track('After');
    await vi.advanceTimersByTimeAsync(0);
    expect(armedEvents(required.pending)).toEqual(['After']);
    required.tp.consent(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(required.pending()).toHaveLength(0);
  });

  it('arms what waited for consent as soon as it is given, before any batch settles (offline here: the flush sends nothing)', async () => {
    const { tp, pending, state } = setup({ consent: 'required' }, later());
    tp.track('Before');
    await vi.advanceTimersByTimeAsync(0);
    expect(pending()).toHaveLength(0);
    state.online = false;
    tp.consent(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(armedEvents(pending)).toEqual(['Before']);
  });

  it('disarms when the published content newly requires consent', async () => {
    // A return visit (an id is stored: storing was allowed), on a page, whose content is slow.
    const fake = later();
    fake.storage!.setItem('tp.aid', JSON.stringify('a-1'));
    fake.platform.document = () => ({}) as Document;
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const fetch = fake.platform.fetch;
    fake.platform.fetch = async (url, init) => {
      if (!url.includes('/v1/content')) return fetch(url, init);
      await answered;
      return Response.json({ version: 1, settings: { consent: 'required' } });
    };
    const { tp, pending, requests } = setup({}, fake);
    tp.track('Early');
    await vi.advanceTimersByTimeAsync(0);
    expect(armedEvents(pending)).toEqual(['Early']);
    answer();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pending()).toHaveLength(0);
    expect(requests.filter((r) => r.body.batch)).toHaveLength(0);
  });

  it('arms the oldest messages one exit request holds (60 KB)', async () => {
    const { tp, pending, state } = setup({}, later());
    // Offline: everything stays queued (and armed: the browser may be online when it sends).
    state.online = false;
    const blob = 'x'.repeat(3000);
    for (let i = 0; i < 45; i++) tp.track('Big', { i, blob });
    await vi.advanceTimersByTimeAsync(0);
    const [armed] = pending();
    expect(pending()).toHaveLength(1);
    expect(new TextEncoder().encode(JSON.stringify(armed!.body)).length).toBeLessThan(60 * 1024);
    expect(armed!.body.batch.map((m) => m.properties.i)).toEqual([...Array(armed!.body.batch.length).keys()]);
    expect(armed!.body.batch.length).toBeGreaterThan(10);
  });

  it('never throws into the page when the browser refuses to arm (over its quota, a collector not on https)', async () => {
    const fake = later();
    let refused = 0;
    fake.platform.fetchLater = () => {
      refused++;
      throw new DOMException('over quota', 'QuotaExceededError');
    };
    const { tp, requests } = setup({}, fake);
    // (A throw in the microtask that arms would fail this test as an unhandled error.)
    tp.track('Refused');
    await vi.advanceTimersByTimeAsync(2000);
    expect(refused).toBe(1);
    expect(requests.flatMap((r) => r.body.batch.map((m) => m.event))).toEqual(['Refused']);
  });

  it('disarms on destroy, and nothing arms after it: not a task that tracked just before, nor a batch settling later', async () => {
    const { tp, pending } = setup({}, later());
    tp.track('A');
    await vi.advanceTimersByTimeAsync(0);
    expect(pending()).toHaveLength(1);
    tp.destroy();
    expect(pending()).toHaveLength(0);

    const same = setup({}, later());
    same.tp.track('B');
    same.tp.destroy();
    await vi.advanceTimersByTimeAsync(0);
    expect(same.pending()).toHaveLength(0);

    const settling = setup({}, later());
    let answer!: () => void;
    const fetch = settling.platform.fetch;
    settling.platform.fetch = (url, init) => fetch(url, init).then((r) => new Promise<Response>((resolve) => (answer = () => resolve(r))));
    settling.tp.track('C');
    settling.tp.track('D');
    const flushed = settling.tp.flush();
    await vi.advanceTimersByTimeAsync(0);
    settling.tp.destroy();
    answer();
    await flushed;
    await vi.advanceTimersByTimeAsync(0);
    expect(settling.pending()).toHaveLength(0);
  });

  it('hands the queue to keepalive requests before it disarms the armed copy, so an ended page has one or the other', async () => {
    const { tp, pending, requests, fire } = setup({}, later());
    tp.track('A');
    await vi.advanceTimersByTimeAsync(0);
    let sentBeforeAbort = -1;
    pending()[0]!.signal.addEventListener('abort', () => (sentBeforeAbort = requests.filter((r) => r.keepalive).length));
    fire('exit');
    expect(sentBeforeAbort).toBe(1);
  });
});

describe('the exit flush', () => {
  it('sends a queue once when a closing tab fires both pagehide and hidden, and again once it changed', async () => {
    const { tp, requests, fire } = setup();
    tp.track('A');
    fire('exit');
    fire('exit');
    const exits = () => requests.filter((r) => r.keepalive).map((r) => r.body.batch.map((m) => m.event));
    expect(exits()).toEqual([['A']]);
    // Back on the page (the keepalive's answer not in yet): a new event, a new exit, the whole queue again.
    tp.track('B');
    fire('exit');
    expect(exits()).toEqual([['A'], ['A', 'B']]);
  });

  it('sends again at the next exit what a failed keepalive did not deliver, and re-arms its copy meanwhile', async () => {
    const { tp, requests, fire, state, pending } = setup({}, fakePlatform({ fetchLater: true }));
    tp.track('A');
    await vi.advanceTimersByTimeAsync(0);
    state.respond = () => 'network-error';
    fire('exit');
    expect(pending()).toHaveLength(0);
    // The keepalive failed (a hidden tab that lives on): its copy is armed again.
    await vi.advanceTimersByTimeAsync(0);
    expect(pending().flatMap((r) => r.body.batch.map((m) => m.event))).toEqual(['A']);
    // The tab is closed later, still hidden: pagehide sends it again.
    state.respond = () => new Response('{}', { status: 200 });
    fire('exit');
    expect(requests.filter((r) => r.keepalive).map((r) => r.body.batch.map((m) => m.event))).toEqual([['A'], ['A']]);
  });
});

describe('identity and session', () => {
  it('keeps the anonymous id across page loads; reset() starts a new one and forgets user and account', async () => {
    const storage = new MemoryStorage();
    const a = setup({}, fakePlatform({ storage }));
    a.tp.identify('u1', { plan: 'free' });
    a.tp.group('acme', { tier: 'high' });
    await a.tp.flush();
    const anonymousId = a.messages()[0]!.anonymousId;
    a.tp.destroy();

    const b = setup({}, fakePlatform({ storage }));
    b.tp.track('Again');
    await b.tp.flush();
    const again = b.messages()[0]!;
    expect(again.anonymousId).toBe(anonymousId);
    expect(again.userId).toBe('u1');
    expect(again.context.groupId).toBe('acme');

    b.tp.reset();
    b.tp.track('After reset');
    await b.tp.flush();
    const after = b.messages().at(-1)!;
    expect(after.anonymousId).not.toBe(anonymousId);
    expect(after.userId).toBeUndefined();
    expect(after.context.groupId).toBeUndefined();
    expect(after.context.sessionId).not.toBe(again.context.sessionId);
  });

  it('merges traits for the same user and replaces them for another', async () => {
    const { tp, messages } = setup();
    tp.identify('u1', { plan: 'free', role: 'admin' });
    tp.identify('u1', { plan: 'pro' });
    tp.identify({ seats: 3 });
    tp.identify('u2', { role: 'viewer' });
    tp.group(42, { tier: 'high', arr: 1200 });
    tp.group(42, { seats: 9 });
    await tp.flush();
    const sent = messages();
    expect(sent.map((m) => m.traits)).toEqual([
      { plan: 'free', role: 'admin' },
      { plan: 'pro', role: 'admin' },
      { plan: 'pro', role: 'admin', seats: 3 },
      { role: 'viewer' },
      { tier: 'high', arr: 1200 },
      { tier: 'high', arr: 1200, seats: 9 },
    ]);
    expect(sent.map((m) => m.userId)).toEqual(['u1', 'u1', 'u1', 'u2', 'u2', 'u2']);
    expect(sent[4]!.groupId).toBe('42');
  });

  it('renews the session after 30 minutes without events, not before', async () => {
    const { tp, messages } = setup();
    tp.track('A');
    await vi.advanceTimersByTimeAsync(29 * 60_000);
    tp.track('B');
    await vi.advanceTimersByTimeAsync(29 * 60_000);
    tp.track('C');
    await vi.advanceTimersByTimeAsync(31 * 60_000);
    tp.track('D');
    await tp.flush();
    const sessions = messages().map((m) => m.context.sessionId);
    expect(sessions[0]).toBe(sessions[1]);
    expect(sessions[1]).toBe(sessions[2]);
    expect(sessions[3]).not.toBe(sessions[2]);
  });
});

describe('verified identity', () => {
  it('sends the userHash given to identify with identify and group calls only (the collector checks it), and forgets it for another user or on reset', async () => {
    const { tp, messages } = setup();
    tp.identify('u1', { plan: 'pro' }, { userHash: 'hash-of-u1' });
    tp.group('acme', { tier: 'high' });
    tp.track('A');
    tp.identify('u2');
    tp.group('globex');
    tp.identify('u3', {}, { userHash: 'hash-of-u3' });
    tp.reset();
    tp.group('initech');
    await tp.flush();
    expect(messages().map((m) => [m.type, m.userId ?? null, m.context.userHash ?? null])).toEqual([
      ['identify', 'u1', 'hash-of-u1'],
      ['group', 'u1', 'hash-of-u1'],
      ['track', 'u1', null],
      ['identify', 'u2', null],
      ['group', 'u2', null],
      ['identify', 'u3', 'hash-of-u3'],
      ['group', null, null],
    ]);
  });
});

describe('garbage in', () => {
  it('never throws and never sends junk', async () => {
    const { tp, messages } = setup();
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const calls = [
      () => (tp.track as (...a: unknown[]) => void)(undefined),
      () => tp.track(''),
      () => (tp.track as (...a: unknown[]) => void)({ not: 'a name' }),
      () => (tp.identify as (...a: unknown[]) => void)(() => 1),
      () => (tp.group as (...a: unknown[]) => void)(null),
      () => (tp.on as (...a: unknown[]) => void)(1, 2),
      () => (tp.ready as (...a: unknown[]) => void)('nope'),
      () => tp.track('Circular', circular),
      () => tp.track('Weird', { big: 10n, sym: Symbol('s'), fn: () => 1, when: new Date(0), nan: NaN, el: new (class Node {})() }),
      () => tp.track('Huge', { text: 'y'.repeat(1_000_000) }),
      () => tp.track('x'.repeat(1000)),
    ];
    for (const call of calls) expect(call).not.toThrow();
    await tp.flush();
    const sent = messages();
    expect(sent.map((m) => m.event)).toEqual(['Circular', 'Weird', 'Huge', 'x'.repeat(256)]);
    expect(sent[0]!.properties).toEqual({ name: 'loop' });
    expect(sent[1]!.properties).toEqual({ big: '10', when: '1970-01-01T00:00:00.000Z', nan: null });
    expect(sent[2]!.properties.text).toHaveLength(4096);
  });

  it('drops the properties of a message that would still be over 32 KB, keeping the event', async () => {
    const { tp, messages } = setup();
    const properties = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'z'.repeat(4000)]));
    tp.track('Too big', properties);
    await tp.flush();
    expect(messages()[0]!.event).toBe('Too big');
    expect(messages()[0]!.properties).toBeUndefined();
  });

  it('tells what it dropped in debug mode, and stays silent otherwise', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    setup().tp.track(undefined as unknown as string);
    expect(warn).not.toHaveBeenCalled();
    const circular: Record<string, unknown> = {};
    circular.me = circular;
    setup({ debug: true }).tp.track('C', circular);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('circular'));
  });

  it('keeps working when a lifecycle handler throws', async () => {
    const { tp, messages } = setup();
    const seen: unknown[] = [];
    tp.on('Todo Added', () => {
      throw new Error('host bug');
    });
    const off = tp.on('Todo Added', (p) => seen.push(p));
    tp.track('Todo Added', { n: 1 });
    off();
    tp.track('Todo Added', { n: 2 });
    await tp.flush();
    expect(seen).toEqual([{ n: 1 }]);
    expect(messages()).toHaveLength(2);
  });
});

describe('page views', () => {
  it('sends one on load, after the calls of the same task, and one per SPA navigation', async () => {
    const fake = fakePlatform();
    const { tp, fire } = setup({ autoPage: true }, fake);
    tp.identify('u1');
    await vi.advanceTimersByTimeAsync(0);
    fake.state.url = 'https://app.example.com/app/reports';
    fake.state.title = 'Reports';
    fire('navigate');
    await vi.advanceTimersByTimeAsync(0);
    // Same URL again (replaceState of state only): no new page view.
    fire('navigate');
    await vi.advanceTimersByTimeAsync(0);
    fake.state.url = 'https://app.example.com/app/reports#filters';
    fire('navigate');
    await tp.flush();
    await vi.advanceTimersByTimeAsync(0);
    await tp.flush();
    const sent = fake.messages();
    expect(sent.map((m) => m.type)).toEqual(['identify', 'page', 'page', 'page']);
    expect(sent[1]!.userId).toBe('u1');
    expect(sent.slice(1).map((m) => [m.properties.path, m.properties.hash, m.properties.title])).toEqual([
      ['/app/home', '#top', 'Home'],
      ['/app/reports', '', 'Reports'],
      ['/app/reports', '#filters', 'Reports'],
    ]);
  });

  it('removes its listeners on destroy()', () => {
    const fake = fakePlatform();
    const { tp } = setup({ autoPage: true }, fake);
    expect(fake.listenerCount('navigate')).toBe(1);
    tp.destroy();
    expect(fake.listenerCount('navigate') + fake.listenerCount('exit') + fake.listenerCount('online')).toBe(0);
  });
});

describe('click paths (retroactive features)', () => {
  const path = [
    { tag: 'button', classes: ['export'], attrs: { 'data-action': 'export' } },
    { tag: 'nav', id: 'top' },
  ];

  it('sends each click as an Element Clicked path, batched like any event, and stops on destroy()', async () => {
    const fake = fakePlatform();
    const { tp, messages } = setup({}, fake);
    fake.click(path);
    fake.click([{ tag: 'a' }]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(fake.requests).toHaveLength(1);
    expect(messages().map((m: Record<string, any>) => [m.type, m.event, m.properties])).toEqual([
      ['track', 'Element Clicked', { path }],
      ['track', 'Element Clicked', { path: [{ tag: 'a' }] }],
    ]);
    tp.destroy();
    expect(fake.clickListenerCount()).toBe(0);
  });

  it('is off with the captureClicks option, or when the content says settings.captureClicks: false', async () => {
    const off = fakePlatform();
    setup({ captureClicks: false }, off);
    expect(off.clickListenerCount()).toBe(0);
    const byContent = fakePlatform();
    const { tp } = setup({ content: { version: 1, settings: { captureClicks: false } } }, byContent);
    await new Promise<void>((resolve) => tp.ready(resolve));
    byContent.click(path);
    await vi.advanceTimersByTimeAsync(2000);
    expect([byContent.clickListenerCount(), byContent.messages()]).toEqual([0, []]);
  });
});

describe('consent', () => {
  it('with consent required, sends and stores nothing until consent(true)', async () => {
    const { tp, requests, storage } = setup({ consent: 'required' });
    tp.identify('u1');
    tp.track('Before');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requests).toHaveLength(0);
    expect(storageDump(storage as MemoryStorage)).toEqual({});
    tp.consent(true);
    await tp.flush();
    expect(requests.flatMap((r) => r.body.batch.map((m) => m.event ?? m.type))).toEqual(['identify', 'Before']);
    expect(storageDump(storage as MemoryStorage)['tp.consent']).toBe('"granted"');
    expect(storageDump(storage as MemoryStorage)['tp.aid']).toBeDefined();
  });

  it('consent(false) drops what was queued, forgets stored ids, and sends nothing after', async () => {
    const { tp, requests, storage } = setup({ consent: 'required' });
    tp.track('Before');
    tp.consent(false);
    tp.track('After');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requests).toHaveLength(0);
    expect(Object.keys(storageDump(storage as MemoryStorage))).toEqual(['tp.consent']);
  });
});

function storageDump(storage: MemoryStorage): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i)!;
    out[key] = storage.getItem(key)!;
  }
  return out;
}
