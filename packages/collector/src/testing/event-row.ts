import type { EventRow } from '../store/store.js';

/**
 * A stored event for tests and benches: a track event of nobody, received when it happened,
 * with an empty payload, unless `fields` say otherwise.
 */
export const eventRow = (fields: Pick<EventRow, 'messageId' | 'timestamp'> & Partial<EventRow>): EventRow => ({
  type: 'track',
  event: null,
  userId: null,
  anonymousId: null,
  groupId: null,
  receivedAt: fields.timestamp,
  payload: '{}',
  ...fields,
});
