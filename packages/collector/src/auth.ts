import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Project, Store } from './store/store.js';

/** The write key of an ingest request: `writeKey` in the body, else HTTP Basic's user name. */
export function writeKeyOf(request: FastifyRequest): string | undefined {
  const body = request.body as { writeKey?: unknown } | undefined;
  if (body && typeof body.writeKey === 'string' && body.writeKey) return body.writeKey;
  const header = request.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const user = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0];
    if (user) return user;
  }
  return undefined;
}

/** The project whose secret key is the request's Bearer token. A write key is not accepted. */
export async function projectFromSecret(request: FastifyRequest, store: Store): Promise<Project | undefined> {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return undefined;
  const token = header.slice(7).trim();
  return token ? store.projectBySecretKey(token) : undefined;
}

/**
 * Answers 401 to a request that {@link projectFromSecret} found no project for, saying what
 * is wrong: no key at all, or a key that no project here has (a write key, a key of another
 * database, a typo). Every secret-key route answers through this one function.
 */
export function unauthorized(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const header = request.headers.authorization;
  const given = header?.startsWith('Bearer ') && header.slice(7).trim();
  return reply.code(401).send({
    error: given ? 'unknown secret key: no project on this collector has it (a write key is not a secret key)' : 'a secret key is required (Authorization: Bearer SECRET_KEY)',
  });
}
