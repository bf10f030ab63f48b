import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

/** Where `@touchpoint/sdk` put its script-tag bundle, or undefined when it is not built. */
export function findSdkBundle(): string | undefined {
  try {
    const path = createRequire(import.meta.url).resolve('@touchpoint/sdk/script');
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `GET /sdk.js`: the script-tag bundle. The URL never changes between releases, so it is
 * cached briefly (5 minutes) and revalidated with its ETag; stale copies may be used for
 * a day while revalidating, so a slow collector never delays the host page.
 */
export function registerSdkRoute(app: FastifyInstance, bundlePath = findSdkBundle()) {
  const bundle = bundlePath && existsSync(bundlePath) ? readFileSync(bundlePath) : undefined;
  const gzipped = bundle && gzipSync(bundle, { level: 9 });
  const etag = bundle && `"${createHash('sha256').update(bundle).digest('base64url').slice(0, 27)}"`;

  app.get('/sdk.js', async (request, reply) => {
    if (!bundle || !gzipped || !etag) {
      return reply.code(503).send({ error: 'the SDK bundle is not built: run `pnpm build`' });
    }
    reply
      .header('Content-Type', 'text/javascript; charset=utf-8')
      .header('Cache-Control', 'public, max-age=300, stale-while-revalidate=86400')
      .header('ETag', etag)
      .header('Vary', 'Accept-Encoding')
      .header('Cross-Origin-Resource-Policy', 'cross-origin');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) return reply.header('Content-Encoding', 'gzip').send(gzipped);
    return reply.send(bundle);
  });
}
