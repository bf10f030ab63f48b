import type { EventRow } from '../store.js';

/** The columns of a stored event that the API and the facts read back. */
export interface EventRecord {
  type: EventRow['type'];
  event: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  group_id: string | null;
  timestamp: number;
  received_at: number;
  payload: string;
}

/** A stored event as the API gives it: the message as received, with corrected `timestamp`, the sender's as `originalTimestamp`, and `receivedAt`. */
export function storedEvent(row: Pick<EventRecord, 'payload' | 'timestamp' | 'received_at'>): Record<string, unknown> {
  const message = JSON.parse(row.payload) as Record<string, unknown>;
  return {
    ...message,
    // Rows stored before timestamps were bounded may lie outside what a Date can hold.
    timestamp: Number.isNaN(new Date(row.timestamp).getTime()) ? null : new Date(row.timestamp).toISOString(),
    ...(message.timestamp !== undefined && { originalTimestamp: message.timestamp }),
    receivedAt: new Date(row.received_at).toISOString(),
  };
}

/**
 * A stored event as ingest had it, for recomputing its facts (`factsOf`): the columns, and its
 * properties and traits from the payload. The content's annotations (exposure, goals, click
 * features) are not kept, so facts that depend on them are not recomputed from here.
 */
export function rowOfRecord(r: EventRecord): EventRow {
  const message = JSON.parse(r.payload) as {
    messageId?: string;
    properties?: Record<string, unknown>;
    traits?: Record<string, unknown>;
    context?: { preview?: unknown };
  };
  return {
    messageId: message.messageId ?? '',
    type: r.type,
    event: r.event,
    userId: r.user_id,
    anonymousId: r.anonymous_id,
    groupId: r.group_id,
    timestamp: r.timestamp,
    receivedAt: r.received_at,
    payload: r.payload,
    properties: message.properties,
    traits: message.traits,
    ...(message.context?.preview === true && { preview: true }),
  };
}
