import { dropTotal } from '@touchpoint/content';
import { z } from 'zod';
import type { Api } from '../api.js';
import { audit } from '../audit.js';
import { eraseUser, type ErasureStore } from '../erase-user.js';
import { encodeEventCursor, InvalidCursorError } from '../store/event-cursor.js';
import { CURSOR, pageCursor, pageLimit } from './page-query.js';
import type { EventPage, EventStore } from '../store/store.js';

const text = z.string({ error: 'must be given once' }).min(1, 'must not be empty');
const querystring = z.object({
  userId: text.optional(),
  anonymousId: text.optional(),
  event: text.optional(),
  type: z.enum(['track', 'page', 'identify', 'group'], { error: 'must be track, page, identify or group' }).optional(),
  limit: pageLimit,
  cursor: pageCursor(),
});

const USER_ID = 'must be a user id of 1 to 256 characters';

/** `GET /v1/events`: raw stored events, newest first, a page at a time (`next`, then `cursor=`) (secret key). */
export function registerEventRoutes(app: Api, store: EventStore & ErasureStore) {
  /**
   * `DELETE /v1/users/:userId` (secret key): erase a user's events, rollups and profile, what
   * journeys remember of them, their journey emails and webhooks and their own unsubscribe
   * (their address stays on the suppression list). Safe to call again after a failure.
   */
  const params = z.object({ userId: z.string().min(1, USER_ID).max(256, USER_ID) });
  app.delete('/v1/users/:userId', { config: { auth: 'publisher' }, schema: { params } }, async (request) => {
    const deleted = await eraseUser(store, request.project.id, request.params.userId);
    // The erased user's id stays in the log: the record that the erasure was done, and by whom.
    await audit(request, 'user-data.delete', request.params.userId, deleted);
    return { deleted };
  });

  app.get('/v1/events', { config: { auth: 'viewer' }, schema: { querystring } }, async (request, reply) => {
    const { cursor, ...query } = request.query;
    let page: EventPage;
    try {
      page = await store.queryEvents(request.project.id, { ...query, ...(cursor && { after: cursor }) });
    } catch (e) {
      if (e instanceof InvalidCursorError)
        return reply.code(400).send({ error: `query parameter cursor ${CURSOR}`, details: [{ path: 'cursor', message: CURSOR }] });
      throw e;
    }
    const drops = await store.clientDropped(request.project.id);
    return { events: page.events, ...(page.next && { next: encodeEventCursor(page.next) }), clientDropped: dropTotal(drops), clientDroppedBy: drops };
  });
}
