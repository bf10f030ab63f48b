import type { FastifyInstance, FastifyRequest } from 'fastify';
import { projectFromSecret, writeKeyOf } from './auth.js';
import type { SharedQuota } from './coordination.js';
import type { ProjectStore } from './store/store.js';

/**
 * The rate-limit bucket of a request: `w<project id>|<client IP>` when it carries a write
 * key of a project (in the body, as HTTP Basic or as `?key=`), `s<project id>|<client IP>`
 * for its secret key (Bearer), else `?|<client IP>`. The bucket follows keys that exist, never the strings a
 * client sends: requests with made-up, invalid or no keys from one address share one
 * bucket, so rotating keys buys nothing, and key guessing and profile scraping are limited.
 * A project's previous key in its grace period (after a rotation) shares the current key's
 * bucket: a rotation does not double a client's allowance. Past it, it is a made-up key.
 * The client IP is the peer's address, or X-Forwarded-For's when the peer is a trusted
 * proxy (`trustProxy`).
 */
export async function rateLimitBucket(request: FastifyRequest, store: ProjectStore, now: number): Promise<string> {
  const query = (request.query ?? {}) as { key?: unknown };
  for (const key of [writeKeyOf(request), typeof query.key === 'string' ? query.key : undefined]) {
    const project = key ? await store.projectByWriteKey(key, now) : undefined;
    if (project) return `w${project.id}|${request.ip}`;
  }
  const project = await projectFromSecret(request, store, now);
  return `${project ? `s${project.id}` : '?'}|${request.ip}`;
}

/**
 * A cap on requests per client IP, counted as they arrive, before their body is read. The
 * per-key limit can only run once the key in the body is known, so bodies that never get that
 * far (broken JSON, a wrong encoding, a bomb) are limited here. Routes configured with
 * `rateLimit: false` (`/healthz`, `/readyz`) are not counted. `counter` counts one request as
 * one message of a quota without a byte limit.
 */
export function registerAddressLimit(app: FastifyInstance, counter: SharedQuota) {
  const perMinute = counter.messagesPerMinute;
  app.addHook('onRequest', async (request, reply) => {
    if ((request.routeOptions.config as { rateLimit?: unknown } | undefined)?.rateLimit === false) return;
    const wait = await counter.take(request.ip, 1, 0);
    if (wait !== undefined) {
      return reply
        .code(429)
        .header('Retry-After', String(wait))
        .send({ error: `too many requests from this address: at most ${perMinute} a minute; retry in ${wait} s` });
    }
  });
}
