/**
 * The wire format of one tracked message: the Segment HTTP Tracking API shape
 * (CONTRACT §5). The SDK builds these; the collector validates and stores them.
 */

export type MessageType = 'track' | 'page' | 'identify' | 'group';

/** A JSON object of properties, traits or context. */
export type JsonObject = Record<string, unknown>;

interface BaseMessage {
  type: MessageType;
  /** Unique per message (a UUID from the SDK); the collector stores a messageId once. */
  messageId?: string;
  /** At least one of `userId` and `anonymousId` is present. */
  userId?: string | null;
  anonymousId?: string | null;
  /** ISO 8601; when the event happened by the sender's clock. */
  timestamp?: string;
  /** ISO 8601; when the sender sent it, by the same clock. Used to correct clock skew. */
  sentAt?: string;
  context?: JsonObject;
}

export interface TrackMessage extends BaseMessage {
  type: 'track';
  event: string;
  properties?: JsonObject;
}

export interface PageMessage extends BaseMessage {
  type: 'page';
  name?: string;
  properties?: JsonObject;
}

export interface IdentifyMessage extends BaseMessage {
  type: 'identify';
  traits?: JsonObject;
}

export interface GroupMessage extends BaseMessage {
  type: 'group';
  groupId: string;
  traits?: JsonObject;
}

export type Message = TrackMessage | PageMessage | IdentifyMessage | GroupMessage;

/** The body of `POST /v1/batch`. */
export interface BatchBody {
  batch: Message[];
  sentAt?: string;
  writeKey?: string;
  /** Messages the sender had to drop since its last batch (the sum of `droppedBy`, when sent). */
  dropped?: number;
  /** The same count by reason: what the sender lost, and why. */
  droppedBy?: Drops;
}

/**
 * Why a sender lost messages (as Sentry's client reports count discarded events):
 * `queue_full` its offline queue overflowed and the oldest went; `too_big` a message was over
 * the size limit even without its properties; `refused` the collector refused it for good
 * (a 4xx other than 429). `unspecified`: a sender that sent `dropped` without reasons.
 */
export const DROP_REASONS = ['queue_full', 'too_big', 'refused', 'unspecified'] as const;
export type DropReason = (typeof DROP_REASONS)[number];
/** Counts of lost messages by reason. */
export type Drops = Partial<Record<DropReason, number>>;

/** All the messages `drops` counts, whatever the reason: what `dropped` says beside `droppedBy`. */
export const dropTotal = (drops: Drops): number => Object.values(drops).reduce((a, b) => a + b, 0);
