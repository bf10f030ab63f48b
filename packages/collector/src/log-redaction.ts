import type { FastifyRequest } from 'fastify';

/**
 * A request URL as logs keep it: tokens that grant something are cut out (an invitation's in
 * its path, a preview token in the query), so whoever reads the logs cannot use them.
 */
export function redactedUrl(url: string): string {
  return url.replace(/^(\/v1\/invitations\/)[^/?]+/, '$1[token]').replace(/([?&]preview=)[^&]*/, '$1[token]');
}

/** The request as each log line shows it (fastify's default, with the URL redacted). */
export function requestForLog(request: FastifyRequest) {
  return { method: request.method, url: redactedUrl(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}
