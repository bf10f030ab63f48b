import type { FastifyRequest } from 'fastify';
import type { Project, ProjectStore } from './store/store.js';

/** The 401 answer to a route that needs a role, called without a session cookie or a Bearer token. */
export const SECRET_KEY_REQUIRED = 'sign in (POST /v1/auth/login), or send a secret key (Authorization: Bearer SECRET_KEY)';
/** The 401 answer to a Bearer token that no project here has (a write key, a key of another database, a typo). */
export const UNKNOWN_SECRET_KEY = 'unknown secret key: no project on this collector has it (a write key is not a secret key)';

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

/** The request's Bearer token (`''` when the header has none after `Bearer `), or undefined without one. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** The project whose secret key (current, or previous in its grace period at `now`) is the request's Bearer token. A write key is not accepted. */
export async function projectFromSecret(request: FastifyRequest, store: ProjectStore, now: number): Promise<Project | undefined> {
  const token = bearerToken(request);
  return token ? store.projectBySecretKey(token, now) : undefined;
}
