import { describe, expect, it } from 'vitest';
import { formatJsonPath } from './json-path.js';
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
