import { parseTime } from '@touchpoint/content';
import { z } from 'zod';
import type { Api } from '../api.js';
import { AUDIT_ACTIONS } from '../audit.js';
import { encodeEventCursor } from '../store/event-cursor.js';
import { pageCursor, pageLimit } from './page-query.js';
import type { AuditPosition, AuditStore } from '../store/store.js';

const TIME = 'must be a UTC day (YYYY-MM-DD) or an ISO 8601 time';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
// ISO 8601 only (Date.parse alone also takes the engine's legacy forms, such as "2" for 2001).
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A time filter: an ISO time, or a day (`to` includes the whole day). */
const time = (endOfDay: boolean) =>
  z
    .string({ error: TIME })
    .refine((v) => ISO.test(v) && !Number.isNaN(parseTime(v)), TIME)
    .transform((v) => Date.parse(v) + (endOfDay && DAY.test(v) ? 86_400_000 : 0));

const querystring = z.object({
  action: z.enum(AUDIT_ACTIONS, { error: `must be one of ${AUDIT_ACTIONS.join(', ')}` }).optional(),
  actor: z.string({ error: 'must be given once' }).min(1, 'must not be empty').max(320, 'must be at most 320 characters').optional(),
  from: time(false).optional(),
  to: time(true).optional(),
  limit: pageLimit,
  cursor: pageCursor((position) =>
    position.length === 2 && position.every((v) => Number.isSafeInteger(v)) ? (position as unknown as AuditPosition) : undefined,
  ),
});

/**
 * `GET /v1/audit` (owner): the project's audit log, newest first, filtered by action, actor and
 * time (`from` inclusive, `to` exclusive; a day as `to` includes it), a page at a time with
 * `next` as `/v1/events` does.
 */
export function registerAuditRoutes(app: Api, store: AuditStore) {
  app.get('/v1/audit', { config: { auth: 'owner' }, schema: { querystring } }, async (request, reply) => {
    const { cursor, ...query } = request.query;
    const page = await store.queryAudit(request.project.id, { ...query, ...(cursor && { after: cursor }) });
    return reply.header('Cache-Control', 'no-store').send({
      entries: page.entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
      ...(page.next && { next: encodeEventCursor(page.next) }),
    });
  });
}
