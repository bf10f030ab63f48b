import { dropTotal } from '@touchpoint/content';
import { z } from 'zod';
import type { Api } from '../api.js';
import type { EventStore } from '../store/store.js';

const text = z.string({ error: 'must be given once' }).min(1, 'must not be empty');
const LIMIT = 'must be a whole number from 1 to 1000';
const querystring = z.object({
  userId: text.optional(),
  anonymousId: text.optional(),
  event: text.optional(),
  type: z.enum(['track', 'page', 'identify', 'group'], { error: 'must be track, page, identify or group' }).optional(),
  limit: z.coerce.number({ error: LIMIT }).int(LIMIT).min(1, LIMIT).max(1000, LIMIT).default(100),
});

const USER_ID = 'must be a user id of 1 to 256 characters';

/** `GET /v1/events`: raw stored events, newest first (secret key). */
export function registerEventRoutes(app: Api, store: EventStore) {
  /** `DELETE /v1/users/:userId` (secret key): erase a user's events, rollups and profile. */
  const params = z.object({ userId: z.string().min(1, USER_ID).max(256, USER_ID) });
  app.delete('/v1/users/:userId', { config: { auth: 'publisher' }, schema: { params } }, async (request) => {
    return { deleted: await store.deleteUser(request.project.id, request.params.userId) };
  });

  app.get('/v1/events', { config: { auth: 'viewer' }, schema: { querystring } }, async (request) => {
    const events = await store.queryEvents(request.project.id, request.query);
    const drops = await store.clientDropped(request.project.id);
    return { events, clientDropped: dropTotal(drops), clientDroppedBy: drops };
  });
}
