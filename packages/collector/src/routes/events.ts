import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatJsonPath } from '@touchpoint/content';
import { projectFromSecret, unauthorized } from '../auth.js';
import type { Store } from '../store/store.js';

const query = z.object({
  userId: z.string().min(1).optional(),
  anonymousId: z.string().min(1).optional(),
  event: z.string().min(1).optional(),
  type: z.enum(['track', 'page', 'identify', 'group']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** `GET /v1/events`: raw stored events, newest first (secret key). */
export function registerEventRoutes(app: FastifyInstance, store: Store) {
  /** `DELETE /v1/users/:userId` (secret key): erase a user's events, rollups and profile. */
  app.delete<{ Params: { userId: string } }>('/v1/users/:userId', async (request, reply) => {
    const project = await projectFromSecret(request, store);
    if (!project) return unauthorized(request, reply);
    const userId = request.params.userId;
    if (!userId || userId.length > 256) return reply.code(400).send({ error: 'a user id of 1 to 256 characters is required' });
    return { deleted: await store.deleteUser(project.id, userId) };
  });

  app.get('/v1/events', async (request, reply) => {
    const project = await projectFromSecret(request, store);
    if (!project) return unauthorized(request, reply);
    const parsed = query.safeParse(request.query);
    if (!parsed.success) {
      return reply.code(400).send({
        error: 'invalid query',
        details: parsed.error.issues.map((i) => ({ path: formatJsonPath(i.path), message: i.message })),
      });
    }
    const events = await store.queryEvents(project.id, parsed.data);
    const drops = await store.clientDropped(project.id);
    return { events, clientDropped: Object.values(drops).reduce((a, b) => a + b, 0), clientDroppedBy: drops };
  });
}
