import type { FastifyRequest } from 'fastify';
import { projectFromSecret, writeKeyOf } from './auth.js';
import type { Store } from './store/store.js';

/**
 * The rate-limit bucket of a request: `w<project id>|<client IP>` when it carries a write
 * key of a project (in the body, as HTTP Basic or as `?key=`), `s<project id>|<client IP>`
 * for its secret key (Bearer), else `?|<client IP>`. The bucket follows keys that exist, never the strings a
 * client sends: requests with made-up, invalid or no keys from one address share one
 * bucket, so rotating keys buys nothing, and key guessing and profile scraping are limited.
 * The client IP is the peer's address, or X-Forwarded-For's when the peer is a trusted
 * proxy (`trustProxy`).
 */
export async function rateLimitBucket(request: FastifyRequest, store: Store): Promise<string> {
  const query = (request.query ?? {}) as { key?: unknown };
  for (const key of [writeKeyOf(request), typeof query.key === 'string' ? query.key : undefined]) {
    const project = key ? await store.projectByWriteKey(key) : undefined;
    if (project) return `w${project.id}|${request.ip}`;
  }
  const project = await projectFromSecret(request, store);
  return `${project ? `s${project.id}` : '?'}|${request.ip}`;
}
