import { describe, expect, it } from 'vitest';
import { formatJsonPath } from './json-path.js';
import { MAX_ARRAY_LENGTH, MAX_JSON_DEPTH, MAX_OBJECT_KEYS } from './limits.js';
import { validateMessage } from './message-schema.js';

describe('validateMessage', () => {
  it('accepts each message type in the Segment shape, keeping unknown fields', () => {
    const messages = [
      { type: 'track', event: 'Todo Added', userId: 'u1', properties: { n: 1 }, integrations: { All: true } },
      { type: 'page', anonymousId: 'a1', name: 'Home', properties: { path: '/' } },
      { type: 'identify', userId: 'u1', traits: { plan: 'pro' } },
      { type: 'group', userId: 'u1', groupId: 'acme', traits: { tier: 'high' } },
    ];
    for (const m of messages) {
      const result = validateMessage(m);
      expect(result).toEqual({ ok: true, message: m });
    }
  });

  it('keeps numeric user ids as strings', () => {
    const result = validateMessage({ type: 'track', event: 'A', userId: 42 });
    expect(result.ok && result.message.userId).toBe('42');
  });

  it('reports every problem at its path', () => {
    const result = validateMessage({ type: 'track', properties: [1], timestamp: 'yesterday', context: 'x' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues).toEqual(
      expect.arrayContaining([
        { path: 'event', message: 'is required' },
        { path: 'properties', message: expect.stringContaining('record') },
        { path: 'timestamp', message: 'must be an ISO 8601 date' },
        { path: 'context', message: expect.stringContaining('record') },
        { path: 'userId', message: 'userId or anonymousId is required' },
      ]),
    );
  });

  it('refuses unknown types, non-objects and over-long ids', () => {
    expect(validateMessage({ type: 'alias', userId: 'u' })).toMatchObject({ ok: false, issues: [{ path: 'type' }] });
    expect(validateMessage('track')).toEqual({ ok: false, issues: [{ path: '', message: 'must be a JSON object' }] });
    expect(validateMessage({ type: 'track', event: 'e'.repeat(257), userId: 'u' })).toMatchObject({ ok: false, issues: [{ path: 'event' }] });
    expect(validateMessage({ type: 'group', userId: 'u' })).toMatchObject({ ok: false, issues: [{ path: 'groupId', message: 'is required' }] });
  });

  it('takes the type from a single-message route and refuses a contradicting one', () => {
    expect(validateMessage({ event: 'A', anonymousId: 'a' }, 'track').ok).toBe(true);
    expect(validateMessage({ type: 'page', anonymousId: 'a' }, 'track')).toMatchObject({ ok: false, issues: [{ path: 'type' }] });
  });
});

describe('formatJsonPath', () => {
  it('writes keys and indexes as a JSON path, quoting odd keys', () => {
    expect(formatJsonPath(['batch', 3, 'properties', 'plan'])).toBe('batch[3].properties.plan');
    expect(formatJsonPath([0, 'a'])).toBe('[0].a');
    expect(formatJsonPath(['traits', 'first name'])).toBe('traits["first name"]');
    expect(formatJsonPath([])).toBe('');
  });
});

describe('validateMessage: bounds on what a message may hold', () => {
  const nested = (levels: number) => {
    const root: Record<string, unknown> = {};
    let node = root;
    for (let i = 0; i < levels; i++) node = (node.a = {}) as Record<string, unknown>;
    return root;
  };
  const track = (extra: Record<string, unknown>) => ({ type: 'track', event: 'A', userId: 'u', ...extra });

  it('refuses nesting deeper than MAX_JSON_DEPTH at the level that is too deep, however deep it goes', () => {
    // properties is level 1 of the message; 31 more levels reach depth 32, the limit.
    expect(validateMessage(track({ properties: nested(MAX_JSON_DEPTH - 1) })).ok).toBe(true);
    const result = validateMessage(track({ properties: nested(MAX_JSON_DEPTH) }));
    expect(result).toEqual({
      ok: false,
      issues: [{ path: `properties${'.a'.repeat(MAX_JSON_DEPTH)}`, message: `is nested deeper than ${MAX_JSON_DEPTH} levels` }],
    });
    // 5,000 levels: refused in the same way, without overflowing the stack.
    expect(validateMessage(track({ properties: nested(5000) }))).toMatchObject({
      ok: false,
      issues: [{ message: `is nested deeper than ${MAX_JSON_DEPTH} levels` }],
    });
  });

  it('refuses objects with too many keys and arrays with too many items', () => {
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1]));
    expect(validateMessage(track({ properties: keys(MAX_OBJECT_KEYS) })).ok).toBe(true);
    expect(validateMessage(track({ properties: keys(MAX_OBJECT_KEYS + 1) }))).toEqual({
      ok: false,
      issues: [{ path: 'properties', message: `has ${MAX_OBJECT_KEYS + 1} keys; at most ${MAX_OBJECT_KEYS} are accepted` }],
    });
    expect(validateMessage(track({ properties: { list: new Array(MAX_ARRAY_LENGTH).fill(0) } })).ok).toBe(true);
    expect(validateMessage(track({ properties: { list: new Array(MAX_ARRAY_LENGTH + 1).fill(0) } }))).toEqual({
      ok: false,
      issues: [{ path: 'properties.list', message: `has ${MAX_ARRAY_LENGTH + 1} items; at most ${MAX_ARRAY_LENGTH} are accepted` }],
    });
  });

  it('refuses prototype keys with a precise message, and keeps an ordinary "constructor" property', () => {
    const proto = JSON.parse('{"type":"track","event":"A","userId":"u","properties":{"plan":"pro","deep":[{"__proto__":{"admin":true}}]}}');
    expect(validateMessage(proto)).toEqual({
      ok: false,
      issues: [
        { path: 'properties.deep[0].__proto__', message: 'the key "__proto__" is not accepted: it would change the prototype of whoever merges this object' },
      ],
    });
    const ctor = JSON.parse('{"type":"track","event":"A","userId":"u","traits":{"constructor":{"prototype":{"admin":true}}}}');
    expect(validateMessage(ctor)).toMatchObject({ ok: false, issues: [{ path: 'traits.constructor.prototype' }] });
    expect(validateMessage(track({ properties: { constructor: 'Ford', prototype: 'T' } })).ok).toBe(true);
  });

  it('refuses numbers JSON cannot carry (1e400 parses to Infinity) and ids that are not valid Unicode', () => {
    expect(validateMessage(JSON.parse('{"type":"track","event":"A","userId":"u","properties":{"n":1e400}}'))).toEqual({
      ok: false,
      issues: [{ path: 'properties.n', message: 'is out of the range of a number (1e308)' }],
    });
    expect(validateMessage(track({ event: 'half \ud83d' }))).toEqual({
      ok: false,
      issues: [{ path: 'event', message: 'must be valid Unicode (it has a lone surrogate)' }],
    });
    expect(validateMessage(track({ userId: '\udc00x' }))).toMatchObject({ ok: false, issues: [{ path: 'userId' }] });
    expect(validateMessage(track({ event: 'emoji 😀 ok' })).ok).toBe(true);
  });
});
