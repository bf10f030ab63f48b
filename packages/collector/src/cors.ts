import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request's project does not allow its Origin: the response gets no CORS headers. */
    corsDenied?: boolean;
  }
}

/**
 * CORS for the API. Written here rather than taken from @fastify/cors because the rule is
 * per project and the project is only known once the body (with the write key) is read:
 * preflights are answered for any origin, and the real request is refused (403, no CORS
 * headers) when its project lists allowed origins and this one is not among them.
 */
export function registerCors(app: FastifyInstance) {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (request.method !== 'OPTIONS' || !origin) return;
    return reply
      .code(204)
      .header('Access-Control-Allow-Origin', origin)
      .header('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS')
      .header('Access-Control-Allow-Headers', request.headers['access-control-request-headers'] ?? 'Content-Type, Authorization')
      .header('Access-Control-Max-Age', '86400')
      .header('Vary', 'Origin')
      .send();
  });
  app.addHook('onSend', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || request.corsDenied || request.method === 'OPTIONS') return;
    reply.header('Access-Control-Allow-Origin', origin);
    reply.header('Access-Control-Expose-Headers', 'Retry-After, ETag, X-Touchpoint-Preview, X-Touchpoint-Draft');
    reply.header('Vary', 'Origin');
  });
}

/** Whether a project that lists `origins` accepts this request's Origin (any, when the list is empty). */
export function originAllowed(request: FastifyRequest, origins: readonly string[]): boolean {
  const origin = request.headers.origin;
  return !origin || origins.length === 0 || origins.includes(origin);
}
