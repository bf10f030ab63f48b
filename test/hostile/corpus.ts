import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';

/**
 * A corpus of hostile requests to the collector's ingest routes, generated (deterministic:
 * the same list on every run) so it can grow by category without hand-written fixtures.
 * `test/hostile.test.ts` sends every one to a real collector and checks what the collector
 * promises whatever it is sent: no 5xx, no crash, valid neighbours kept, bounded answers,
 * `/healthz` answering throughout.
 */
export interface HostileRequest {
  /** Unique and readable: what the request tries. */
  name: string;
  category: Category;
  method: 'POST' | 'GET';
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** messageIds of valid messages in the request: they must be stored. */
  keep: string[];
  /** messageIds of messages that must be refused (never stored). */
  drop: string[];
}

export type Category = 'json' | 'types' | 'depth' | 'size' | 'encoding' | 'prototype' | 'unicode' | 'numbers' | 'dates' | 'auth' | 'fuzz';

export const INGEST_ROUTES = ['/v1/batch', '/v1/track', '/v1/identify', '/v1/page', '/v1/group'] as const;
type Route = (typeof INGEST_ROUTES)[number];
const SINGLE: Record<Exclude<Route, '/v1/batch'>, Record<string, unknown>> = {
  '/v1/track': { event: 'Hostile' },
  '/v1/identify': { traits: { plan: 'pro' } },
  '/v1/page': { name: 'Home', properties: { path: '/' } },
  '/v1/group': { groupId: 'acme', traits: { tier: 'high' } },
};

/** A small seeded generator (mulberry32), so "random" cases are the same on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hostileCorpus(writeKey: string, secretKey: string): HostileRequest[] {
  const out: HostileRequest[] = [];
  let serial = 0;
  const id = (label: string) => `h${++serial}-${label}`;
  const json = { 'content-type': 'text/plain' };
  const add = (r: Omit<HostileRequest, 'method' | 'headers' | 'keep' | 'drop'> & Partial<Pick<HostileRequest, 'method' | 'headers' | 'keep' | 'drop'>>) =>
    out.push({ method: 'POST', headers: json, keep: [], drop: [], ...r });
  const good = (label: string, extra: Record<string, unknown> = {}) => ({
    type: 'track',
    event: 'Good Neighbour',
    userId: 'neighbour',
    messageId: id(label),
    ...extra,
  });

  /** A bad message between two good ones on /v1/batch, and alone on each single-message route. */
  const everywhere = (category: Category, name: string, message: Record<string, unknown>, valid: boolean, routes: readonly Route[] = INGEST_ROUTES) => {
    for (const route of routes) {
      if (route === '/v1/batch') {
        const before = good('before');
        const after = good('after');
        const m = { type: 'track', event: 'Hostile', userId: 'attacker', ...message, messageId: message.messageId ?? id('x') };
        const mine = typeof m.messageId === 'string' ? [m.messageId] : [];
        add({
          name: `${name} (batch)`,
          category,
          path: route,
          body: JSON.stringify({ writeKey, batch: [before, m, after] }),
          keep: [before.messageId, after.messageId, ...(valid ? mine : [])],
          drop: valid ? [] : mine,
        });
      } else {
        const m = { ...SINGLE[route], userId: 'attacker', ...message, messageId: message.messageId ?? id('x') };
        const mine = typeof m.messageId === 'string' ? [m.messageId] : [];
        add({ name: `${name} (${route})`, category, path: route, body: JSON.stringify({ writeKey, ...m }), keep: valid ? mine : [], drop: valid ? [] : mine });
      }
    }
  };
  /** A raw body on every route. */
  const raw = (category: Category, name: string, body: string | Buffer, headers: Record<string, string> = json) => {
    for (const route of INGEST_ROUTES) add({ name: `${name} (${route})`, category, path: route, body, headers });
  };

  // Bad JSON.
  const broken = [
    '',
    ' ',
    '\n\t',
    '{',
    '}',
    '{"writeKey":',
    `{"writeKey":"${writeKey}","batch":[`,
    '{"a":1,}',
    "{'writeKey':'x'}",
    '{"n":NaN}',
    '{"n":Infinity}',
    '/* c */{}',
    '\ufeff{}',
    'null',
    '[]',
    '"str"',
    '12',
    'true',
    '{"a":"unterminated',
    '{"a":1}{"b":2}',
    '{"a":\u0000}',
    '{"\\u00"}',
  ];
  broken.forEach((body, i) => raw('json', `bad JSON #${i}: ${JSON.stringify(body).slice(0, 30)}`, body));
  raw('json', 'invalid UTF-8 bytes', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]));
  raw('json', '100,000 nested arrays', '['.repeat(100_000) + ']'.repeat(100_000));

  // Wrong types, message by message.
  const wrong: Array<[string, Record<string, unknown>]> = [
    ['type is a number', { type: 7 }],
    ['type alias', { type: 'alias' }],
    ['type empty', { type: '' }],
    ['event is a number', { event: 42 }],
    ['event is an object', { event: { name: 'x' } }],
    ['event is empty', { event: '' }],
    ['userId is an object', { userId: { id: 1 }, anonymousId: undefined }],
    ['userId is a boolean', { userId: true }],
    ['userId is an array', { userId: ['a'] }],
    ['no identity at all', { userId: null, anonymousId: null }],
    ['properties is an array', { properties: [1, 2] }],
    ['properties is a string', { properties: 'x' }],
    ['context is a string', { context: 'mobile' }],
    ['timestamp is a number', { timestamp: 1700000000000 }],
    ['timestamp is a word', { timestamp: 'yesterday' }],
    ['messageId is a number', { messageId: 5 }],
  ];
  for (const [name, message] of wrong) everywhere('types', name, message, false, ['/v1/batch', '/v1/track']);
  everywhere('types', 'traits is a number', { type: 'identify', traits: 3 }, false, ['/v1/batch', '/v1/identify']);
  everywhere('types', 'groupId is a number', { type: 'group', groupId: 5 }, false, ['/v1/batch', '/v1/group']);
  everywhere('types', 'group without groupId', { type: 'group', groupId: undefined }, false, ['/v1/batch', '/v1/group']);
  for (const batch of [{}, 'x', 5, null, true, [[1]]])
    add({ name: `batch is ${JSON.stringify(batch)}`, category: 'types', path: '/v1/batch', body: JSON.stringify({ writeKey, batch }) });
  for (const message of [[1], 'x', null, 7]) {
    const neighbour = good('n');
    add({
      name: `a message that is ${JSON.stringify(message)}`,
      category: 'types',
      path: '/v1/batch',
      body: JSON.stringify({ writeKey, batch: [neighbour, message] }),
      keep: [neighbour.messageId],
    });
  }
  for (const route of INGEST_ROUTES.slice(1))
    add({ name: `a single message that is an array (${route})`, category: 'types', path: route, body: JSON.stringify([{ writeKey }]) });

  // Depth.
  const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
  for (const levels of [30, 31, 32, 33, 100, 1000, 10_000]) {
    for (const route of ['/v1/batch', '/v1/track', '/v1/identify'] as const) {
      const valid = levels <= 32; // properties is level 1: the innermost of 32 is at level 32, the deepest accepted
      const m = id('deep');
      const field = route === '/v1/identify' ? 'traits' : 'properties';
      const message = `{"type":"${route === '/v1/identify' ? 'identify' : 'track'}","event":"Deep","userId":"attacker","messageId":"${m}","${field}":${nested(levels)}}`;
      if (route === '/v1/batch') {
        const n = good('n');
        add({
          name: `${field} nested ${levels} levels (batch)`,
          category: 'depth',
          path: route,
          body: `{"writeKey":"${writeKey}","batch":[${JSON.stringify(n)},${message}]}`,
          keep: [n.messageId, ...(valid ? [m] : [])],
          drop: valid ? [] : [m],
        });
      } else {
        add({
          name: `${field} nested ${levels} levels (${route})`,
          category: 'depth',
          path: route,
          body: `{"writeKey":"${writeKey}",${message.slice(1)}`,
          keep: valid ? [m] : [],
          drop: valid ? [] : [m],
        });
      }
    }
  }
  {
    // Built as text: JSON.stringify itself runs out of stack on it.
    const n = good('n');
    const m = id('arrays');
    const deep = `{"type":"page","userId":"attacker","messageId":"${m}","context":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    add({
      name: 'arrays nested 5,000 deep in context (batch)',
      category: 'depth',
      path: '/v1/batch',
      body: `{"writeKey":"${writeKey}","batch":[${JSON.stringify(n)},${deep}]}`,
      keep: [n.messageId],
      drop: [m],
    });
    const single = id('arrays');
    add({
      name: 'arrays nested 5,000 deep in context (/v1/page)',
      category: 'depth',
      path: '/v1/page',
      body: `{"writeKey":"${writeKey}",${deep.slice(1).replace(m, single)}`,
      drop: [single],
    });
  }

  // Size boundaries.
  const padded = (label: string, bytes: number) => {
    const properties = { pad: '' };
    const m = { ...good(label), properties };
    properties.pad = 'x'.repeat(bytes - Buffer.byteLength(JSON.stringify(m)));
    return m;
  };
  for (const [label, bytes, valid] of [
    ['32 KB exactly', 32 * 1024, true],
    ['32 KB + 1', 32 * 1024 + 1, false],
    ['31 KB', 31 * 1024, true],
    ['40 KB', 40 * 1024, false],
  ] as const) {
    const m = padded(label, bytes);
    const n = good('n');
    add({
      name: `a message of ${label}`,
      category: 'size',
      path: '/v1/batch',
      body: JSON.stringify({ writeKey, batch: [n, m] }),
      keep: [n.messageId, ...(valid ? [m.messageId] : [])],
      drop: valid ? [] : [m.messageId],
    });
    const single = { ...m, writeKey };
    add({
      name: `a message of ${label} (/v1/track)`,
      category: 'size',
      path: '/v1/track',
      body: JSON.stringify(single),
      keep: valid ? [m.messageId] : [],
      drop: valid ? [] : [m.messageId],
    });
  }
  const under = Array.from({ length: 15 }, (_, i) => padded(`under-${i}`, 32_000));
  add({
    name: 'a request just under 500 KB',
    category: 'size',
    path: '/v1/batch',
    body: JSON.stringify({ writeKey, batch: under }),
    keep: under.map((m) => m.messageId),
  });
  const over = Array.from({ length: 16 }, (_, i) => padded(`over-${i}`, 32_000));
  add({
    name: 'a request over 500 KB (413, nothing stored)',
    category: 'size',
    path: '/v1/batch',
    body: JSON.stringify({ writeKey, batch: over }),
    drop: over.map((m) => m.messageId),
  });
  raw('size', 'a 2 MB body of spaces', ' '.repeat(2 * 1024 * 1024));
  const full = Array.from({ length: 2000 }, (_, i) => ({ type: 'track', event: 'E', userId: 'u', messageId: id(`full${i}`) }));
  add({
    name: 'a batch of exactly 2,000 messages',
    category: 'size',
    path: '/v1/batch',
    body: JSON.stringify({ writeKey, batch: full }),
    keep: full.map((m) => m.messageId),
  });
  const tooMany = Array.from({ length: 2001 }, (_, i) => ({ type: 'track', event: 'E', userId: 'u', messageId: id(`many${i}`) }));
  add({
    name: 'a batch of 2,001 messages (refused whole)',
    category: 'size',
    path: '/v1/batch',
    body: JSON.stringify({ writeKey, batch: tooMany }),
    drop: tooMany.map((m) => m.messageId),
  });
  add({
    name: 'a batch of 120,000 empty objects',
    category: 'size',
    path: '/v1/batch',
    body: JSON.stringify({ writeKey, batch: new Array(120_000).fill({}) }),
  });
  add({ name: 'an empty batch', category: 'size', path: '/v1/batch', body: JSON.stringify({ writeKey, batch: [] }) });
  const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
  everywhere('size', '1,000 property keys', { properties: keys(1000), traits: keys(1000) }, true, ['/v1/batch', '/v1/track']);
  everywhere('size', '1,001 property keys', { properties: keys(1001), traits: keys(1001) }, false, ['/v1/batch', '/v1/track']);
  everywhere('size', 'an array of 1,000 items', { properties: { list: new Array(1000).fill(1) } }, true, ['/v1/batch', '/v1/page']);
  everywhere('size', 'an array of 1,001 items', { properties: { list: new Array(1001).fill(1) } }, false, ['/v1/batch', '/v1/page']);
  everywhere('size', 'an event name of 256 characters', { event: 'e'.repeat(256) }, true, ['/v1/batch', '/v1/track']);
  everywhere('size', 'an event name of 257 characters', { event: 'e'.repeat(257) }, false, ['/v1/batch', '/v1/track']);
  everywhere('size', 'a userId of 257 characters', { userId: 'u'.repeat(257) }, false);

  // Encodings.
  for (const route of INGEST_ROUTES) {
    const codings: Array<[string, (b: string) => Buffer | string, boolean]> = [
      ['gzip', (b) => gzipSync(b), true],
      ['deflate', (b) => deflateSync(b), true],
      ['br', (b) => brotliCompressSync(b), true],
      ['identity', (b) => b, true],
      ['GZIP', (b) => gzipSync(b), true],
      ['gzip (but plain)', (b) => b, false],
      ['br (but gzip)', (b) => gzipSync(b), false],
      ['gzip (truncated)', (b) => gzipSync(b).subarray(0, 12), false],
      ['zstd', (b) => b, false],
      ['compress', (b) => b, false],
      ['gzip, br', (b) => b, false],
      ['constructor', (b) => b, false],
      ['__proto__', (b) => b, false],
    ];
    for (const [coding, encode, valid] of codings) {
      const m = route === '/v1/batch' ? good('enc') : { ...SINGLE[route], userId: 'u', messageId: id('enc') };
      const body = route === '/v1/batch' ? JSON.stringify({ writeKey, batch: [m] }) : JSON.stringify({ writeKey, ...m });
      const header = coding.split(' (')[0]!;
      add({
        name: `Content-Encoding: ${coding} (${route})`,
        category: 'encoding',
        path: route,
        body: encode(body),
        headers: { ...json, 'content-encoding': header },
        keep: valid ? [m.messageId as string] : [],
        drop: valid ? [] : [m.messageId as string],
      });
    }
    for (const type of [
      'application/json',
      'application/json; charset=utf-8',
      'text/plain; charset=utf-16',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'image/png',
    ]) {
      const mm = route === '/v1/batch' ? good('ct') : { ...SINGLE[route], userId: 'u', messageId: id('ct') };
      const b = route === '/v1/batch' ? JSON.stringify({ writeKey, batch: [mm] }) : JSON.stringify({ writeKey, ...mm });
      add({
        name: `Content-Type: ${type} (${route})`,
        category: 'encoding',
        path: route,
        body: b,
        headers: { 'content-type': type },
        keep: [mm.messageId as string],
      });
    }
  }
  // A hundred times the body limit once decoded.
  add({
    name: 'a gzip bomb (50 MB of zeros)',
    category: 'encoding',
    path: '/v1/batch',
    body: gzipSync(Buffer.alloc(50 * 1024 * 1024), { level: 9 }),
    headers: { ...json, 'content-encoding': 'gzip' },
  });
  add({
    name: 'a brotli bomb (50 MB of braces)',
    category: 'encoding',
    path: '/v1/batch',
    body: brotliCompressSync(Buffer.alloc(50 * 1024 * 1024, '{'), { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }),
    headers: { ...json, 'content-encoding': 'br' },
  });

  // Prototype keys.
  const proto = (where: string) => JSON.parse(where) as Record<string, unknown>;
  everywhere('prototype', '__proto__ in properties', proto('{"properties":{"__proto__":{"admin":true}}}'), false);
  everywhere('prototype', '__proto__ deep in context', proto('{"context":{"a":[{"b":{"__proto__":{"x":1}}}]}}'), false);
  everywhere('prototype', '__proto__ at the top of a message', proto('{"__proto__":{"type":"identify"}}'), false);
  everywhere('prototype', 'constructor.prototype in traits', proto('{"traits":{"constructor":{"prototype":{"admin":true}}}}'), false);
  // Names that are properties of every object, as data: the profile is keyed by them afterwards.
  for (const name of ['__proto__', 'constructor', 'toString']) {
    everywhere('prototype', `an event named ${name}`, { event: name }, true, ['/v1/batch', '/v1/track']);
    everywhere('prototype', `a flow id ${name}`, { event: 'Flow Started', properties: { flow_id: name } }, true, ['/v1/batch', '/v1/track']);
  }
  everywhere(
    'prototype',
    'a plain "constructor" property',
    { properties: { constructor: 'Ford', prototype: 'T', hasOwnProperty: 1, toString: 'x', valueOf: null } },
    true,
  );
  {
    const n = good('n');
    add({
      name: '__proto__ at the top of the body',
      category: 'prototype',
      path: '/v1/batch',
      body: `{"__proto__":{"writeKey":"wk_other"},"writeKey":"${writeKey}","batch":[${JSON.stringify(n)}]}`,
      keep: [n.messageId],
    });
  }

  // Unicode.
  const unicode: Array<[string, Record<string, unknown>, boolean]> = [
    ['an emoji event name', { event: 'Paid 💸 with 🇯🇵' }, true],
    ['right-to-left override in a name', { event: 'Order \u202Egnp.exe' }, true],
    ['a NUL in the event name', { event: 'a\u0000b' }, true],
    ['zero-width joiners', { event: '👩\u200D💻 signed in', properties: { name: 'a\u200Bb' } }, true],
    ['U+2028 and U+2029 in properties', { properties: { text: 'line\u2028para\u2029' } }, true],
    ['a lone high surrogate in the event name', { event: 'cut \ud83d' }, false],
    ['a lone low surrogate in the userId', { userId: '\udc00user' }, false],
    ['a lone surrogate in a property value', { properties: { s: '\ud800' } }, true],
    // Ids are measured in characters (code points), not UTF-16 units.
    ['256 astral characters as event name', { event: '😀'.repeat(256) }, true],
    ['257 astral characters as event name', { event: '😀'.repeat(257) }, false],
    ['combining marks piled up', { event: `Z${'\u0336\u0335\u0334'.repeat(80)}` }, true],
    ['keys in many scripts', { properties: { 日本語: 1, العربية: 2, русский: 3, '': 4, ' ': 5 } }, true],
  ];
  // `event` is a track message's: on /v1/page it is an unknown field, kept as sent.
  for (const [name, message, valid] of unicode)
    everywhere('unicode', name, message, valid, 'event' in message && !valid ? ['/v1/batch', '/v1/track'] : ['/v1/batch', '/v1/track', '/v1/page']);
  const rnd = random(13);
  for (let i = 0; i < 10; i++) {
    const chars = Array.from({ length: 40 }, () => String.fromCodePoint(Math.floor(rnd() * 0x2ffff))).join('');
    everywhere('unicode', `random code points #${i}`, { properties: { text: chars } }, true, ['/v1/batch']);
  }

  // Numbers out of range.
  const numbers: Array<[string, string, boolean]> = [
    ['1e400 in properties', '{"properties":{"n":1e400}}', false],
    ['-1e400 in traits', '{"traits":{"n":-1e400}}', false],
    ['1.7976931348623157e308 in properties', '{"properties":{"n":1.7976931348623157e308}}', true],
    ['5e-324 and -0', '{"properties":{"tiny":5e-324,"z":-0}}', true],
    ['2^64 as an integer', '{"properties":{"big":18446744073709551616}}', true],
    ['a 400-digit integer', `{"properties":{"huge":${'9'.repeat(400)}}}`, false],
    ['userId 1e400', '{"userId":1e400}', false],
    ['userId 42', '{"userId":42}', true],
  ];
  for (const [name, message, valid] of numbers)
    everywhere('numbers', name, JSON.parse(message.replace(/-1e400|1e400|9{400}/g, (n) => `"__NUM__${n}"`)), valid, ['/v1/batch', '/v1/track']);
  for (const dropped of ['1e300', '-1', '2.5', '"5"', '1e400', '100001', 'null']) {
    const n = good('n');
    add({
      name: `dropped: ${dropped}`,
      category: 'numbers',
      path: '/v1/batch',
      body: `{"writeKey":"${writeKey}","dropped":${dropped},"batch":[${JSON.stringify(n)}]}`,
      keep: [n.messageId],
    });
  }

  // Dates.
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const dates: Array<[string, Record<string, unknown>, boolean]> = [
    ['year -271821, sent a day ahead', { timestamp: '-271821-04-20T00:00:00.000Z', sentAt: iso(now + 86_400_000) }, false],
    ['year 275760', { timestamp: '+275760-09-13T00:00:00.000Z' }, false],
    ['1999-12-31', { timestamp: '1999-12-31T23:59:59Z' }, false],
    ['2000-01-01', { timestamp: '2000-01-01T00:00:00Z' }, true],
    ['two days ahead', { timestamp: iso(now + 2 * 86_400_000) }, false],
    ['twelve hours ahead', { timestamp: iso(now + 12 * 3_600_000) }, true],
    ['a clock stuck in 1970, with sentAt', { timestamp: '1970-01-01T00:00:00Z', sentAt: '1970-01-01T00:00:05Z' }, true],
    ['sentAt in year 275760', { timestamp: iso(now), sentAt: '+275760-09-13T00:00:00.000Z' }, false],
    ['sentAt that is not a date', { sentAt: 'soon' }, false],
    ['timestamp "2026"', { timestamp: '2026' }, true],
    ['timestamp empty', { timestamp: '' }, false],
  ];
  for (const [name, message, valid] of dates) everywhere('dates', name, message, valid);
  {
    const n = good('n');
    add({
      name: 'request sentAt that is not a date',
      category: 'dates',
      path: '/v1/batch',
      body: JSON.stringify({ writeKey, sentAt: 'whenever', batch: [n] }),
      keep: [n.messageId],
    });
  }

  // Authentication.
  const basic = (user: string) => `Basic ${Buffer.from(`${user}:`).toString('base64')}`;
  const m = () => ({ type: 'track', event: 'Auth', userId: 'u', messageId: id('auth') });
  const auth: Array<[string, (msg: Record<string, unknown>) => { body: string; headers?: Record<string, string> }, boolean]> = [
    ['no key', (msg) => ({ body: JSON.stringify({ batch: [msg] }) }), false],
    ['an unknown key', (msg) => ({ body: JSON.stringify({ writeKey: 'wk_nope', batch: [msg] }) }), false],
    ['the secret key as write key', (msg) => ({ body: JSON.stringify({ writeKey: secretKey, batch: [msg] }) }), false],
    ['the write key as a number', (msg) => ({ body: JSON.stringify({ writeKey: 12345, batch: [msg] }) }), false],
    ['the write key in an array', (msg) => ({ body: JSON.stringify({ writeKey: [writeKey], batch: [msg] }) }), false],
    ['a 10 KB key', (msg) => ({ body: JSON.stringify({ writeKey: 'k'.repeat(10_000), batch: [msg] }) }), false],
    ['the key with a space', (msg) => ({ body: JSON.stringify({ writeKey: ` ${writeKey}`, batch: [msg] }) }), false],
    ['HTTP Basic', (msg) => ({ body: JSON.stringify({ batch: [msg] }), headers: { authorization: basic(writeKey) } }), true],
    [
      'HTTP Basic with a password',
      (msg) => ({ body: JSON.stringify({ batch: [msg] }), headers: { authorization: `Basic ${Buffer.from(`${writeKey}:secret`).toString('base64')}` } }),
      true,
    ],
    ['HTTP Basic that is not base64', (msg) => ({ body: JSON.stringify({ batch: [msg] }), headers: { authorization: 'Basic %%%***' } }), false],
    ['HTTP Basic, empty', (msg) => ({ body: JSON.stringify({ batch: [msg] }), headers: { authorization: 'Basic ' } }), false],
    ['HTTP Basic of 8 KB', (msg) => ({ body: JSON.stringify({ batch: [msg] }), headers: { authorization: basic('x'.repeat(6000)) } }), false],
    ['Bearer with the write key', (msg) => ({ body: JSON.stringify({ batch: [msg] }), headers: { authorization: `Bearer ${writeKey}` } }), false],
    [
      'a wrong key in the body, the right one as Basic',
      (msg) => ({ body: JSON.stringify({ writeKey: 'wk_nope', batch: [msg] }), headers: { authorization: basic(writeKey) } }),
      false,
    ],
    [
      'the right key in the body, a wrong one as Basic',
      (msg) => ({ body: JSON.stringify({ writeKey, batch: [msg] }), headers: { authorization: basic('wk_nope') } }),
      true,
    ],
    [
      'a made-up Bearer and the right key',
      (msg) => ({ body: JSON.stringify({ writeKey, batch: [msg] }), headers: { authorization: 'Bearer sk_guess' } }),
      true,
    ],
  ];
  for (const [name, build, valid] of auth) {
    for (const route of ['/v1/batch', '/v1/track'] as const) {
      const msg = m();
      const { body, headers } = build(msg);
      const single =
        route === '/v1/track'
          ? JSON.stringify({ ...JSON.parse(body).batch[0], ...Object.fromEntries(Object.entries(JSON.parse(body)).filter(([k]) => k !== 'batch')) })
          : body;
      add({
        name: `${name} (${route})`,
        category: 'auth',
        path: route,
        body: single,
        headers: { ...json, ...headers },
        keep: valid ? [msg.messageId] : [],
        drop: valid ? [] : [msg.messageId],
      });
    }
  }
  for (const [name, query] of [
    ['profile with a 100 KB userId', `userId=${'u'.repeat(100_000)}`],
    ['profile with a lone surrogate', 'userId=%ED%A0%80'],
    ['profile with an array of ids', 'userId=a&userId=b'],
    ['profile with a made-up key', 'userId=u'],
    ['profile with a userHash of 1 MB', `userId=u&userHash=${'a'.repeat(100_000)}`],
  ] as const) {
    add({ name, category: 'auth', method: 'GET', path: `/v1/profile?key=${name.includes('made-up') ? 'wk_guess' : writeKey}&${query}`, body: undefined });
  }

  // Fuzz: valid batches with bytes deleted, doubled or replaced, at seeded positions.
  const fuzz = random(7);
  for (let i = 0; i < 40; i++) {
    const body = Buffer.from(
      JSON.stringify({ writeKey, sentAt: iso(now), batch: [good(`fz${i}`), { type: 'identify', userId: 'u', traits: { a: [1, { b: 'c' }] } }] }),
    );
    const at = Math.floor(fuzz() * body.length);
    const op = i % 4;
    const mutated =
      op === 0
        ? Buffer.concat([body.subarray(0, at), body.subarray(at + 1)])
        : op === 1
          ? Buffer.concat([body.subarray(0, at), body.subarray(at - 1)])
          : op === 2
            ? Buffer.from(body.map((b, j) => (j === at ? Math.floor(fuzz() * 256) : b)))
            : body.subarray(0, at);
    add({ name: `fuzzed batch #${i}`, category: 'fuzz', path: '/v1/batch', body: mutated });
  }

  // Numbers written as strings above stand for literals JSON.stringify cannot write.
  for (const r of out) if (typeof r.body === 'string' && r.body.includes('__NUM__')) r.body = r.body.replace(/"__NUM__([-\d.e]+)"/g, '$1');
  return out;
}
