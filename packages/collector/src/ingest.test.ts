import { describe, expect, it } from 'vitest';
import { MAX_BATCH_MESSAGES, MAX_DROPPED_PER_REQUEST } from '@touchpoint/content';
import { correctedTimestamp, MAX_DETAILS, normalizeRequest } from './ingest.js';

const at = (iso: string) => Date.parse(iso);

describe('correctedTimestamp', () => {
  it("moves the event by the sender clock's offset from ours", () => {
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
      at('2026-03-01T12:00:00Z'),
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
    // A request sentAt on a day the calendar lacks is no clock to correct by (was: read as March 2,
    // which moved every message of the batch back by a day).
    const unreal = normalizeRequest(
      { sentAt: '2026-02-30T10:00:10Z', batch: [{ type: 'track', event: 'A', userId: 'u', timestamp: '2026-03-01T10:00:00Z' }] },
      undefined,
      at('2026-03-01T12:00:00Z'),
    );
    expect(unreal.rows[0]!.timestamp).toBe(at('2026-03-01T10:00:00Z'));
  });

  it('takes the account from context.groupId, and never stores the write key', () => {
    const { rows } = normalizeRequest({ writeKey: 'wk', event: 'A', userId: 'u', context: { groupId: 'acme' } }, 'track', at('2026-03-01T12:00:00Z'));
    expect(rows[0]!.groupId).toBe('acme');
    expect(rows[0]!.payload).not.toContain('wk');
  });

  it("takes the account from a top-level groupId too (the contract's message shape), before context.groupId", () => {
    const batch = [
      { type: 'track', event: 'A', userId: 'u', groupId: 'acme' },
      { type: 'page', userId: 'u', groupId: 'acme', context: { groupId: 'globex' } },
      { type: 'track', event: 'A', userId: 'u', groupId: '', context: { groupId: 'globex' } },
      { type: 'track', event: 'A', userId: 'u', groupId: 7 },
    ];
    const { rows } = normalizeRequest({ batch }, undefined, at('2026-03-01T12:00:00Z'));
    expect(rows.map((r) => r.groupId)).toEqual(['acme', 'acme', 'globex', null]);
  });

  it('refuses a batch that is not an array', () => {
    expect(normalizeRequest({ batch: {} }, undefined, 0).details).toEqual([{ index: -1, path: 'batch', message: 'must be an array of messages' }]);
  });
});

describe('normalizeRequest: bounds', () => {
  const received = at('2026-03-01T12:00:00Z');
  const track = (extra: Record<string, unknown> = {}) => ({ type: 'track', event: 'A', userId: 'u', ...extra });

  it('refuses, by index and path, a message whose corrected time is before 2000 or over a day after receipt', () => {
    const dayAhead = new Date(received + 86_400_000).toISOString();
    const { rows, details } = normalizeRequest(
      {
        batch: [
          // Year −271821, sent "a day ahead": the correction would put it before any date there is.
          track({ messageId: 'ancient', timestamp: '-271821-04-20T00:00:00.000Z', sentAt: dayAhead }),
          track({ messageId: 'far-future', timestamp: '+275760-09-13T00:00:00.000Z' }),
          track({ messageId: '1999', timestamp: '1999-12-31T23:59:59Z' }),
          track({ messageId: 'tomorrow-ish', timestamp: new Date(received + 86_400_000 + 1000).toISOString() }),
          // A device whose clock says 1970 but is consistent: the correction makes it now, and it is kept.
          track({ messageId: 'skewed', timestamp: '1970-01-01T00:00:00Z', sentAt: '1970-01-01T00:00:05Z' }),
          track({ messageId: 'fine', timestamp: '2026-03-01T11:00:00Z' }),
        ],
      },
      undefined,
      received,
    );
    expect(rows.map((r) => [r.messageId, r.timestamp])).toEqual([
      ['skewed', received - 5000],
      ['fine', at('2026-03-01T11:00:00Z')],
    ]);
    expect(details.map((d) => [d.index, d.path])).toEqual([
      [0, 'batch[0].timestamp'],
      [1, 'batch[1].timestamp'],
      [2, 'batch[2].timestamp'],
      [3, 'batch[3].timestamp'],
    ]);
    expect(details[2]!.message).toBe(
      'is 1999-12-31T23:59:59.000Z after clock-skew correction; it must be from 2000-01-01 to one day after the time of receipt',
    );
  });

  it('refuses a batch of more than MAX_BATCH_MESSAGES messages whole, with one detail', () => {
    const result = normalizeRequest({ batch: new Array(MAX_BATCH_MESSAGES + 1).fill(track()) }, undefined, received);
    expect(result.rows).toEqual([]);
    expect(result.details).toEqual([
      { index: -1, path: 'batch', message: `has ${MAX_BATCH_MESSAGES + 1} messages; a batch holds at most ${MAX_BATCH_MESSAGES}` },
    ]);
  });

  it('keeps the first MAX_DETAILS details and counts the rest; each path and message is bounded too', () => {
    const result = normalizeRequest({ batch: [track({ messageId: 'ok' }), ...new Array(MAX_BATCH_MESSAGES - 1).fill({})] }, undefined, received);
    expect(result.rows.map((r) => r.messageId)).toEqual(['ok']);
    expect(result.details).toHaveLength(MAX_DETAILS);
    expect(result.refused).toBe(MAX_BATCH_MESSAGES - 1);
    expect(result.omittedDetails).toBeGreaterThan(MAX_BATCH_MESSAGES - 1 - MAX_DETAILS);
    // biome-ignore lint/correctness/noPrecisionLoss: 1e400 is the point: a number JSON allows and a double cannot hold
    const longKey = normalizeRequest({ batch: [track({ properties: { ['k'.repeat(5000)]: 1e400 } })] }, undefined, received);
    expect(longKey.details[0]!.path.length).toBeLessThanOrEqual(200);
  });

  it('counts a sane `dropped` and refuses an absurd one at the request level, keeping the messages', () => {
    expect(normalizeRequest({ batch: [track()], dropped: 12 }, undefined, received)).toMatchObject({ dropped: { unspecified: 12 }, details: [] });
    for (const dropped of [1e300, -1, 2.5, '5', MAX_DROPPED_PER_REQUEST + 1]) {
      const result = normalizeRequest({ batch: [track()], dropped }, undefined, received);
      expect(result.dropped).toEqual({});
      expect(result.rows).toHaveLength(1);
      expect(result.details).toEqual([{ index: -1, path: 'dropped', message: `must be a whole number from 0 to ${MAX_DROPPED_PER_REQUEST}` }]);
    }
  });

  it('counts `droppedBy` by reason (the sender says why it lost messages), and refuses one that does not add up', () => {
    expect(normalizeRequest({ batch: [track()], dropped: 5, droppedBy: { queue_full: 3, refused: 2 } }, undefined, received)).toMatchObject({
      dropped: { queue_full: 3, refused: 2 },
      details: [],
    });
    expect(normalizeRequest({ batch: [], droppedBy: { too_big: 1 } }, undefined, received)).toMatchObject({ dropped: { too_big: 1 }, details: [] });
    const refusals: Array<[unknown, unknown, string, string]> = [
      [5, { queue_full: 3 }, 'droppedBy', 'adds up to 3, not the 5 of dropped'],
      [undefined, { stolen: 2 }, 'droppedBy.stolen', 'is not a reason (queue_full, too_big, refused, unspecified)'],
      [undefined, { refused: 1.5 }, 'droppedBy.refused', `must be a whole number from 0 to ${MAX_DROPPED_PER_REQUEST}`],
      [undefined, { refused: MAX_DROPPED_PER_REQUEST, too_big: 1 }, 'droppedBy', `adds up to more than ${MAX_DROPPED_PER_REQUEST}`],
      [undefined, [1], 'droppedBy', 'must be an object of counts by reason'],
      [undefined, JSON.parse('{"__proto__": 1}'), 'droppedBy.__proto__', 'is not a reason (queue_full, too_big, refused, unspecified)'],
    ];
    for (const [dropped, droppedBy, path, message] of refusals) {
      const result = normalizeRequest({ batch: [track()], dropped, droppedBy }, undefined, received);
      expect(result.dropped, path).toEqual({});
      expect(result.rows).toHaveLength(1);
      expect(result.details).toEqual([{ index: -1, path, message }]);
    }
  });
});
