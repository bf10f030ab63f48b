import { randomUUID } from 'node:crypto';
import {
  EARLIEST_TIMESTAMP,
  MAX_BATCH_MESSAGES,
  MAX_DROPPED_PER_REQUEST,
  MAX_FUTURE_MS,
  MAX_MESSAGE_BYTES,
  DROP_REASONS,
  parseTime,
  validateMessage,
  type DropReason,
  type Drops,
  type Message,
  type MessageType,
} from '@touchpoint/content';
import type { EventRow } from './store/store.js';

/** Most details one answer carries; the rest are counted (`omittedDetails`). */
export const MAX_DETAILS = 50;
/** Longest path and message of a detail: paths hold the client's own keys, of any length. */
const MAX_DETAIL_PATH = 200;
const MAX_DETAIL_MESSAGE = 300;

/** Why one message of a request was refused. `index` is its place in the batch; -1 is the request itself. */
export interface IngestDetail {
  index: number;
  path: string;
  message: string;
}

export interface NormalizedRequest {
  rows: EventRow[];
  /** The first {@link MAX_DETAILS} reasons for refusal, in batch order. */
  details: IngestDetail[];
  /** Reasons beyond the first {@link MAX_DETAILS}, counted only: an answer stays small whatever was sent. */
  omittedDetails: number;
  /** Messages refused (each has at least one reason, kept or counted). */
  refused: number;
  /** Messages the request held. */
  total: number;
  /** Messages the sender reports losing since its last request, by reason. */
  dropped: Drops;
}

export interface NormalizeOptions {
  /**
   * Set when the project verifies identities: whether `hash` proves `userId`. An identify
   * or group message must then carry a valid `context.userHash`, or it is refused (it
   * would otherwise link an anonymous id to, or set the account of, any user).
   */
  verify?: (userId: string, hash: unknown) => boolean;
}

/**
 * Turns an ingest request body into rows to store, and a detail for every refused
 * message. The valid messages of a batch are kept even when others are refused.
 * `context.userHash` is never stored.
 *
 * @param impliedType set for the single-message routes (`/v1/track`…): the body is
 *   the message itself and paths are relative to it.
 */
export function normalizeRequest(
  body: Record<string, unknown>,
  impliedType: MessageType | undefined,
  receivedAt: number,
  options: NormalizeOptions = {},
): NormalizedRequest {
  const rows: EventRow[] = [];
  const out: NormalizedRequest = { rows, details: [], omittedDetails: 0, refused: 0, total: 0, dropped: {} };
  const report = (index: number, path: string, message: string) => {
    if (out.details.length >= MAX_DETAILS) out.omittedDetails++;
    else out.details.push({ index, path: clip(path, MAX_DETAIL_PATH), message: clip(message, MAX_DETAIL_MESSAGE) });
  };
  const single = impliedType !== undefined;
  const prefix = (i: number) => (single ? '' : `batch[${i}]`);
  const join = (base: string, path: string) => (base && path ? `${base}.${path}` : base || path);

  let messages: unknown[];
  if (single) {
    // writeKey belongs to the request, not to the stored message.
    const { writeKey: _omit, ...message } = body;
    messages = [message];
  } else if (!Array.isArray(body.batch)) {
    report(-1, 'batch', 'must be an array of messages');
    return out;
  } else if (body.batch.length > MAX_BATCH_MESSAGES) {
    // Refused before any message is looked at: the work per request stays bounded.
    report(-1, 'batch', `has ${body.batch.length} messages; a batch holds at most ${MAX_BATCH_MESSAGES}`);
    out.total = body.batch.length;
    out.refused = body.batch.length;
    return out;
  } else {
    messages = body.batch;
  }
  out.total = messages.length;
  const requestSentAt = typeof body.sentAt === 'string' ? parseTime(body.sentAt) : NaN;

  messages.forEach((input, index) => {
    const refuse = (path: string, message: string) => {
      out.refused++;
      report(index, join(prefix(index), path), message);
    };
    const validation = validateMessage(input, impliedType);
    if (!validation.ok) {
      out.refused++;
      for (const issue of validation.issues) report(index, join(prefix(index), issue.path), issue.message);
      return;
    }
    let message = validation.message;
    const hash = message.context?.userHash;
    if (options.verify && (message.type === 'identify' || message.type === 'group') && message.userId && !options.verify(message.userId, hash)) {
      return refuse(
        'context.userHash',
        `${hash === undefined ? 'is required' : 'does not verify this userId'}: identity verification is on, and identify and group calls need the user's hash`,
      );
    }
    if (hash !== undefined) {
      // A credential for the user's profile: it proves, it is not data.
      const { userHash: _omit, ...context } = message.context!;
      message = { ...message, context };
    }
    if (message.messageId === undefined) message = { ...message, messageId: randomUUID() };
    const row = toRow(message as Message & { messageId: string }, '', requestSentAt, receivedAt);
    if (!(row.timestamp >= EARLIEST_TIMESTAMP && row.timestamp <= receivedAt + MAX_FUTURE_MS)) {
      return refuse(
        'timestamp',
        `is ${isoOrRaw(row.timestamp, message.timestamp)} after clock-skew correction; it must be from 2000-01-01 to one day after the time of receipt`,
      );
    }
    // One serialization serves the size check and storage.
    row.payload = JSON.stringify(message);
    const bytes = Buffer.byteLength(row.payload);
    if (bytes > MAX_MESSAGE_BYTES) return refuse('', `message is ${bytes} bytes; the limit is ${MAX_MESSAGE_BYTES}`);
    rows.push(row);
  });

  const drops = droppedOf(body.dropped, body.droppedBy);
  if ('path' in drops) report(-1, drops.path, drops.message);
  else out.dropped = drops;
  return out;
}

const count = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_DROPPED_PER_REQUEST;
const WHOLE = `must be a whole number from 0 to ${MAX_DROPPED_PER_REQUEST}`;

/**
 * What a request says its sender lost: `droppedBy` (counts by reason), or `dropped` alone (a
 * total with no reason: `unspecified`), or both when they agree. Bounded, so no request can
 * make the count absurd; a refusal names its path.
 */
function droppedOf(dropped: unknown, droppedBy: unknown): Drops | { path: string; message: string } {
  if (dropped !== undefined && !count(dropped)) return { path: 'dropped', message: WHOLE };
  if (droppedBy === undefined) return dropped ? { unspecified: dropped as number } : {};
  if (typeof droppedBy !== 'object' || droppedBy === null || Array.isArray(droppedBy))
    return { path: 'droppedBy', message: 'must be an object of counts by reason' };
  const drops: Drops = {};
  let sum = 0;
  for (const [reason, n] of Object.entries(droppedBy)) {
    if (!(DROP_REASONS as readonly string[]).includes(reason)) return { path: `droppedBy.${reason}`, message: `is not a reason (${DROP_REASONS.join(', ')})` };
    if (!count(n)) return { path: `droppedBy.${reason}`, message: WHOLE };
    if (n) drops[reason as DropReason] = n;
    sum += n;
  }
  if (sum > MAX_DROPPED_PER_REQUEST) return { path: 'droppedBy', message: `adds up to more than ${MAX_DROPPED_PER_REQUEST}` };
  if (dropped !== undefined && dropped !== sum) return { path: 'droppedBy', message: `adds up to ${sum}, not the ${dropped} of dropped` };
  return drops;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A time for a message: ISO when a Date can hold it (±275,760 years), else as the sender wrote it. */
function isoOrRaw(time: number, raw: string | undefined): string {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? JSON.stringify(String(raw).slice(0, 40)) : date.toISOString();
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
    groupId: message.type === 'group' ? message.groupId : accountOf(message),
    timestamp: correctedTimestamp(message.timestamp !== undefined ? Date.parse(message.timestamp) : NaN, sentAt, receivedAt),
    receivedAt,
    payload,
    properties: 'properties' in message ? message.properties : undefined,
    traits: 'traits' in message ? message.traits : undefined,
    ...(message.context?.preview === true && { preview: true }),
  };
}

/**
 * The account a message belongs to: its own `groupId` (the contract's message shape, as a
 * server-side sender writes it), else `context.groupId` (where the SDK puts the current group).
 */
function accountOf(message: Message): string | null {
  // (Two checks, no array: this runs for every message ingested.)
  const own = (message as { groupId?: unknown }).groupId;
  if (typeof own === 'string' && own) return own;
  const id = message.context?.groupId;
  return typeof id === 'string' && id ? id : null;
}
