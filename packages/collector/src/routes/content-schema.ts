import { contentJsonSchema } from '@touchpoint/content';
import type { FastifyInstance } from 'fastify';
import { etagOf } from '../etag.js';

/**
 * `GET /content.schema.json` (CONTRACT §7): the JSON Schema of the content document, with a
 * description on every field, for editors (`"$schema": "https://COLLECTOR/content.schema.json"`
 * gives completion, hover help and inline errors). Public, like the SDK: any origin may read
 * it. It changes only with the collector's release, so it is cached for an hour and
 * revalidated with its ETag.
 */
export function registerContentSchemaRoute(app: FastifyInstance) {
  let schema: { json: string; etag: string } | undefined;
  app.get('/content.schema.json', { config: { rateLimit: false } }, async (request, reply) => {
    if (!schema) {
      const json = JSON.stringify(contentJsonSchema(), null, 2);
      schema = { json, etag: etagOf(json) };
    }
    // The CORS hook would echo the Origin; for a public file any origin is fine.
    request.corsDenied = true;
    reply
      .header('Cache-Control', 'public, max-age=3600')
      .header('ETag', schema.etag)
      .header('Access-Control-Allow-Origin', '*')
      .header('Cross-Origin-Resource-Policy', 'cross-origin');
    if (request.headers['if-none-match'] === schema.etag) return reply.code(304).send();
    return reply.type('application/schema+json; charset=utf-8').send(schema.json);
  });
}
