import { z } from 'zod';
import type { Api } from '../api.js';
import { audit } from '../audit.js';
import { ensureStaging, environmentFields } from '../environments.js';
import { keyPreviews, newSecretKey, newWriteKey } from '../keys.js';
import type { ProjectStore } from '../store/store.js';

/** The longest grace period a rotation may give the keys it replaces: 30 days. */
export const MAX_GRACE_HOURS = 720;

const HOURS = `must be a whole number of hours from 0 to ${MAX_GRACE_HOURS}`;
const rotation = z
  .object(
    {
      keys: z.enum(['write', 'secret', 'both'], { error: 'must be "write", "secret" or "both"' }).default('both'),
      graceHours: z.number({ error: HOURS }).int(HOURS).min(0, HOURS).max(MAX_GRACE_HOURS, HOURS).default(24),
    },
    { error: 'must be a JSON object: { "keys"?: "write"|"secret"|"both", "graceHours"?: N }' },
  )
  .nullish();

/**
 * The request's project (`GET /v1/project`), its keys (`POST /v1/project/keys/rotate`) and its
 * staging environment (`POST /v1/project/staging`), CONTRACT §8.
 */
export function registerProjectRoutes(app: Api, store: ProjectStore, now: () => number) {
  /** The project, its environment and, for owners, previews of its keys (never a whole secret key). */
  app.get('/v1/project', { config: { auth: 'viewer' } }, async (request) => {
    const { project } = request;
    return {
      id: project.id,
      name: project.name,
      writeKey: project.writeKey,
      ...(await environmentFields(store, project)),
      ...(request.role === 'owner' && { keys: keyPreviews(project, now()) }),
    };
  });

  /**
   * New keys; each one replaced keeps working until `previousValidUntil` (0 hours: not at all),
   * then gets 401 as an unknown key. A previous key from an earlier rotation of that kind stops
   * at once: there is one previous key of each kind.
   */
  app.post('/v1/project/keys/rotate', { config: { auth: 'owner' }, schema: { body: rotation } }, async (request, reply) => {
    const { keys, graceHours } = request.body ?? { keys: 'both' as const, graceHours: 24 };
    const fresh = {
      ...(keys !== 'secret' && { writeKey: newWriteKey() }),
      ...(keys !== 'write' && { secretKey: newSecretKey() }),
    };
    const validUntil = now() + graceHours * 3_600_000;
    const rotated = await store.rotateKeys(request.project.id, fresh, validUntil);
    if (!rotated) return reply.code(404).send({ error: 'this project no longer exists' });
    const previousValidUntil = new Date(validUntil).toISOString();
    const kinds = [...(fresh.writeKey ? ['write'] : []), ...(fresh.secretKey ? ['secret'] : [])];
    await audit(request, 'keys.rotate', 'keys', { kinds, graceHours, previousValidUntil });
    return reply.header('Cache-Control', 'no-store').send({ ...fresh, previousValidUntil });
  });

  /** The production project's staging environment, created once (201), then the same (200): its id and keys. */
  app.post('/v1/project/staging', { config: { auth: 'owner' } }, async (request, reply) => {
    const { project } = request;
    if (project.productionId !== null) return reply.code(409).send({ error: `this is a staging project: its production is project ${project.productionId}` });
    const { staging, created } = await ensureStaging(store, project);
    return reply
      .code(created ? 201 : 200)
      .header('Cache-Control', 'no-store')
      .send({ id: staging.id, name: staging.name, environment: 'staging', writeKey: staging.writeKey, secretKey: staging.secretKey });
  });
}
