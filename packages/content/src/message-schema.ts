import { z } from 'zod';
import { formatJsonPath } from './json-path.js';
import { jsonBoundsIssue } from './json-bounds.js';
import { MAX_ID_LENGTH } from './limits.js';
import type { Message, MessageType } from './message.js';
import { parseTime } from './calendar-day.js';

/** One reason a message was refused, at a JSON path relative to the message. */
export interface MessageIssue {
  path: string;
  message: string;
}

export type MessageValidation = { ok: true; message: Message } | { ok: false; issues: MessageIssue[] };

// A lone surrogate (half an emoji, cut) has no UTF-8 form: stored, it would become U+FFFD and
// two different ids would become one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const id = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .refine((s) => !LONE_SURROGATE.test(s), 'must be valid Unicode (it has a lone surrogate)');
// Other Segment libraries send numeric user ids; they are kept as strings.
const userId = z.union([id, z.number().finite().transform(String)]).nullish();
// (A day the calendar lacks, 2026-02-30, is no date: Date.parse would read it as March 2.)
const date = z.string().refine((s) => !Number.isNaN(parseTime(s)), 'must be an ISO 8601 date');
const object = z.record(z.string(), z.unknown());

const base = {
  messageId: id.optional(),
  userId,
  anonymousId: userId,
  timestamp: date.optional(),
  sentAt: date.optional(),
  context: object.optional(),
};

// Unknown fields (integrations, _metadata…) pass through: other Segment senders use them.
const messageSchema = z.discriminatedUnion('type', [
  z.looseObject({ ...base, type: z.literal('track'), event: id, properties: object.optional() }),
  z.looseObject({ ...base, type: z.literal('page'), name: z.string().max(MAX_ID_LENGTH).optional(), properties: object.optional() }),
  z.looseObject({ ...base, type: z.literal('identify'), traits: object.optional() }),
  z.looseObject({ ...base, type: z.literal('group'), groupId: id, traits: object.optional() }),
]);

/**
 * Validates one incoming message. Every problem is reported, each at its JSON path
 * relative to the message (`event`, `properties`, `userId`). A message that breaks the
 * bounds of {@link jsonBoundsIssue} (depth, keys, array length, prototype keys, numbers
 * out of range) is refused with that one issue.
 *
 * @param impliedType the type implied by a single-message route (`/v1/track`); the
 *   message's own `type`, when present, must agree with it.
 */
export function validateMessage(input: unknown, impliedType?: MessageType): MessageValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ path: '', message: 'must be a JSON object' }] };
  }
  // Bounds first: the rest of validation (and storage) then only sees values of sane shape.
  const bounds = jsonBoundsIssue(input);
  if (bounds) return { ok: false, issues: [{ path: formatJsonPath(bounds.path), message: bounds.message }] };
  const candidate = impliedType && !('type' in input) ? { ...input, type: impliedType } : input;
  const issues: MessageIssue[] = [];
  const result = messageSchema.safeParse(candidate, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
  });
  if (!result.success) {
    for (const issue of result.error.issues) {
      issues.push({ path: formatJsonPath(issue.path), message: issue.message });
    }
  }
  const record = candidate as Record<string, unknown>;
  if (impliedType && record.type !== impliedType) {
    issues.push({ path: 'type', message: `must be "${impliedType}" on this route` });
  }
  if (!hasIdentity(record.userId) && !hasIdentity(record.anonymousId)) {
    issues.push({ path: 'userId', message: 'userId or anonymousId is required' });
  }
  if (issues.length > 0 || !result.success) return { ok: false, issues };
  return { ok: true, message: result.data as Message };
}

function hasIdentity(value: unknown): boolean {
  return (typeof value === 'string' && value.length > 0) || (typeof value === 'number' && Number.isFinite(value));
}
