import { randomUUID } from 'node:crypto';
import { MAX_MESSAGE_BYTES, validateMessage, type Message, type MessageType } from '@touchpoint/content';
import type { EventRow } from './store/store.js';

/** Why one message of a request was refused. `index` is its place in the batch. */
export interface IngestDetail {
  index: number;
  path: string;
  message: string;
}

export interface NormalizedRequest {
  rows: EventRow[];
  details: IngestDetail[];
  /** Messages the sender reports dropping from its full offline queue. */
  dropped: number;
}

/**
 * Turns an ingest request body into rows to store, and a detail for every refused
 * message. The valid messages of a batch are kept even when others are refused.
 *
 * @param impliedType set for the single-message routes (`/v1/track`…): the body is
 *   the message itself and paths are relative to it.
 */
export function normalizeRequest(body: Record<string, unknown>, impliedType: MessageType | undefined, receivedAt: number): NormalizedRequest {
  const rows: EventRow[] = [];
  const details: IngestDetail[] = [];
  const single = impliedType !== undefined;
  const prefix = (i: number) => (single ? '' : `batch[${i}]`);
  const join = (base: string, path: string) => (base && path ? `${base}.${path}` : base || path);

  let messages: unknown[];
  if (single) {
    // writeKey belongs to the request, not to the stored message.
    const { writeKey: _omit, ...message } = body;
    messages = [message];
  } else if (Array.isArray(body.batch)) {
    messages = body.batch;
  } else {
    return { rows, details: [{ index: -1, path: 'batch', message: 'must be an array of messages' }], dropped: 0 };
  }
  const requestSentAt = typeof body.sentAt === 'string' ? Date.parse(body.sentAt) : NaN;

  messages.forEach((input, index) => {
    const validation = validateMessage(input, impliedType);
    if (!validation.ok) {
      for (const issue of validation.issues) details.push({ index, path: join(prefix(index), issue.path), message: issue.message });
      return;
    }
    // One serialization serves the size check and storage.
    let message = validation.message;
    if (message.messageId === undefined) message = { ...message, messageId: randomUUID() };
    const payload = JSON.stringify(message);
    const bytes = Buffer.byteLength(payload);
    if (bytes > MAX_MESSAGE_BYTES) {
      details.push({ index, path: prefix(index), message: `message is ${bytes} bytes; the limit is ${MAX_MESSAGE_BYTES}` });
      return;
    }
    rows.push(toRow(message as Message & { messageId: string }, payload, requestSentAt, receivedAt));
  });

  const dropped = typeof body.dropped === 'number' && Number.isInteger(body.dropped) && body.dropped > 0 ? Math.min(body.dropped, 1e9) : 0;
  return { rows, details, dropped };
}

/**
 * Corrects the sender's clock: the message happened `sentAt - timestamp` before it was
 * sent, and was sent (by our clock) when we received it. Without `sentAt` the sender's
 * timestamp is taken as is; without either, the time of receipt.
 */
export function correctedTimestamp(timestamp: number, sentAt: number, receivedAt: number): number {
  if (Number.isNaN(timestamp)) return receivedAt;
  if (Number.isNaN(sentAt)) return timestamp;
  return receivedAt - Math.max(0, sentAt - timestamp);
}

/** The payload is the message as received; the corrected time is kept beside it. */
function toRow(message: Message & { messageId: string }, payload: string, requestSentAt: number, receivedAt: number): EventRow {
  const sentAt = message.sentAt !== undefined ? Date.parse(message.sentAt) : requestSentAt;
  return {
    messageId: message.messageId,
    type: message.type,
    event: message.type === 'track' ? message.event : null,
    userId: message.userId ?? null,
    anonymousId: message.anonymousId ?? null,
    groupId: message.type === 'group' ? message.groupId : contextGroup(message.context),
    timestamp: correctedTimestamp(message.timestamp !== undefined ? Date.parse(message.timestamp) : NaN, sentAt, receivedAt),
    receivedAt,
    payload,
    properties: 'properties' in message ? message.properties : undefined,
    traits: 'traits' in message ? message.traits : undefined,
  };
}

/** The account a message belongs to: the SDK puts the current group in `context.groupId`. */
function contextGroup(context: Record<string, unknown> | undefined): string | null {
  const id = context?.groupId;
  return typeof id === 'string' && id ? id : null;
}
