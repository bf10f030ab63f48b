import { MAX_BATCH_MESSAGES, type MessageType } from '@touchpoint/content';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Api } from '../api.js';
import { originAllowed } from '../cors.js';
import { normalizeRequest, type NormalizedRequest } from '../ingest.js';
import type { ContentCache } from '../content-cache.js';
import type { SharedQuota } from '../coordination.js';
import { annotateExperiments } from '../experiments.js';
import { verifiesUser } from '../identity-verification.js';
import { annotateClicks } from '../retroactive.js';
import type { EventRow, EventStore, Project } from '../store/store.js';

const SINGLE: Record<string, MessageType> = { track: 'track', identify: 'identify', page: 'page', group: 'group' };

declare module 'fastify' {
  interface FastifyRequest {
    /** When an ingest request was received whole (its body read), before any lookup: what the clock-skew correction measures from. */
    receivedAt?: number;
  }
}

/**
 * `POST /v1/batch` and the single-message routes `/v1/track`, `/v1/identify`, `/v1/page`,
 * `/v1/group`. They have no body schema: each message is checked on its own, so a refused
 * one is reported by its index and its valid neighbours are still stored.
 */
/**
 * @param afterStore told of the rows of each request once they are stored (target health's alerts); must not throw.
 */
export function registerIngestRoutes(
  app: Api,
  store: EventStore,
  now: () => number,
  content: ContentCache,
  quota?: SharedQuota,
  afterStore?: (project: Project, rows: readonly EventRow[]) => void,
) {
  const options = {
    config: { auth: 'write' },
    // Taken first, before the rate limit and the write key are looked up.
    preValidation: async (request: FastifyRequest) => {
      request.receivedAt = now();
    },
  } as const;
  const handler = (impliedType?: MessageType) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { body, project } = request;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return reply.code(400).send({ error: 'the body must be a JSON object', details: [{ index: -1, path: '', message: 'must be a JSON object' }] });
    }
    if (!originAllowed(request, project.origins)) {
      request.corsDenied = true;
      return reply.code(403).send({ error: `origin ${request.headers.origin} is not allowed for this project` });
    }
    // Counted before any message is looked at: a batch over the size limit counts as a full one.
    const { batch } = body as { batch?: unknown };
    const messages = impliedType ? 1 : Array.isArray(batch) ? Math.min(batch.length, MAX_BATCH_MESSAGES) : 0;
    const wait = await quota?.take(`${project.id}|${request.ip}`, messages, request.bodyBytes ?? 0);
    if (wait !== undefined) {
      return reply
        .code(429)
        .header('Retry-After', String(wait))
        .send({ error: `over the ingest quota of ${quotaText(quota!)} a minute for this write key and client; retry in a minute at most` });
    }
    const published = await content.get(project.id);
    const verify =
      published.doc?.settings?.identityVerification === true
        ? (userId: string, hash: unknown) => verifiesUser(hash, userId, project, request.receivedAt!)
        : undefined;
    const normalized = normalizeRequest(body as Record<string, unknown>, impliedType, request.receivedAt!, { verify });
    const { rows, details, dropped } = normalized;
    annotateExperiments(rows, published.experiments);
    annotateClicks(rows, published.clickFeatures);
    const result = rows.length || Object.keys(dropped).length ? await store.insertEvents(project.id, rows, dropped) : { inserted: 0, duplicates: 0 };
    if (rows.length) afterStore?.(project, rows);
    if (details.length) return reply.code(400).send(refusal(normalized));
    request.log.debug({ inserted: result.inserted, duplicates: result.duplicates }, 'ingested');
    return reply.send({});
  };

  app.post('/v1/batch', options, handler());
  for (const [route, type] of Object.entries(SINGLE)) app.post(`/v1/${route}`, options, handler(type));
}

/** "5 messages and 100000 bytes": the quota's finite parts. */
function quotaText(quota: SharedQuota): string {
  const parts = [
    [quota.messagesPerMinute, 'messages'],
    [quota.bytesPerMinute, 'bytes'],
  ] as const;
  return parts
    .filter(([n]) => Number.isFinite(n))
    .map(([n, what]) => `${n} ${what}`)
    .join(' and ');
}

/**
 * The 400 answer to a request with refused messages (or a refused `batch` or `dropped`):
 * what was refused and what was stored, with bounded details.
 */
function refusal({ details, omittedDetails, refused, total, rows }: NormalizedRequest) {
  const stored = rows.length ? `${rows.length} stored` : 'nothing stored';
  const error = refused ? `${refused} of ${total} message(s) refused; ${stored}` : `${details.map((d) => d.path).join(', ')} refused; ${stored}`;
  return { error, details, accepted: rows.length, ...(omittedDetails > 0 && { omittedDetails }) };
}
