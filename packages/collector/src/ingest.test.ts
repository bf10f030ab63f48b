import { describe, expect, it } from 'vitest';
import { correctedTimestamp, normalizeRequest } from './ingest.js';

const at = (iso: string) => Date.parse(iso);

describe('correctedTimestamp', () => {
  it('moves the event by the sender clock\'s offset from ours', () => {
    // The sender's clock is 1 hour fast: it says the event was 10 s before sending.
    const received = at('2026-03-01T10:00:00Z');
    expect(correctedTimestamp(at('2026-03-01T10:59:50Z'), at('2026-03-01T11:00:00Z'), received)).toBe(at('2026-03-01T09:59:50Z'));
  });
  it('falls back to the timestamp without sentAt, and to the receipt time without either', () => {
    expect(correctedTimestamp(5, NaN, 100)).toBe(5);
    expect(correctedTimestamp(NaN, NaN, 100)).toBe(100);
  });
});

describe('normalizeRequest', () => {
  it('keeps the valid messages of a batch and details each refused one with its index and path', () => {
    const { rows, details } = normalizeRequest(
      {
        batch: [
          { type: 'track', event: 'A', userId: 'u1', messageId: 'm1' },
          { type: 'track', userId: 'u1' },
          { type: 'identify', anonymousId: 'a1', traits: { big: 'x'.repeat(40_000) } },
          { type: 'group', userId: 'u1', groupId: 'acme' },
        ],
      },
      undefined,
      1000,
    );
    expect(rows.map((r) => r.messageId.length > 0 && r.type)).toEqual(['track', 'group']);
    expect(details).toEqual([
      { index: 1, path: 'batch[1].event', message: 'is required' },
      { index: 2, path: 'batch[2]', message: expect.stringMatching(/^message is \d+ bytes; the limit is 32768$/) },
    ]);
  });

  it('applies the request sentAt when a message has none', () => {
    const { rows } = normalizeRequest(
      { sentAt: '2026-03-01T10:00:10Z', batch: [{ type: 'track', event: 'A', userId: 'u', timestamp: '2026-03-01T10:00:00Z' }] },
      undefined,
      at('2026-03-01T12:00:00Z'),
    );
    expect(rows[0]!.timestamp).toBe(at('2026-03-01T11:59:50Z'));
    // The payload is the message as sent; the corrected time is the row's.
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ timestamp: '2026-03-01T10:00:00Z' });
  });

  it('takes the account from context.groupId, and never stores the write key', () => {
    const { rows } = normalizeRequest({ writeKey: 'wk', event: 'A', userId: 'u', context: { groupId: 'acme' } }, 'track', 0);
    expect(rows[0]!.groupId).toBe('acme');
    expect(rows[0]!.payload).not.toContain('wk');
  });

  it('refuses a batch that is not an array', () => {
    expect(normalizeRequest({ batch: {} }, undefined, 0).details).toEqual([{ index: -1, path: 'batch', message: 'must be an array of messages' }]);
  });
});
