import { browserContent, validateContent, type ContentDocument, type ContentValidationOptions } from '@touchpoint/content';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Api } from '../api.js';
import { accessTokenHolder } from '../access-tokens.js';
import { audit, contentChanges, type AuditAction } from '../audit.js';
import { etagOf } from '../etag.js';
import type { ContentCache } from '../content-cache.js';
import { changedClickFeatures, type Backfills } from '../retroactive.js';
import type { AccessTokenStore, ContentStore, ContentVersion, Project } from '../store/store.js';

/** Largest content document accepted: hundreds of articles and flows fit well under it. */
export const MAX_CONTENT_BYTES = 2 * 1024 * 1024;

/** Validates and stores a document as the project's newest version. */
export async function publishContent(store: ContentStore, project: Project, document: unknown, cache?: ContentCache, options: ContentValidationOptions = {}) {
  const validation = validateContent(document, options);
  if (!validation.ok) return { ok: false as const, errors: validation.errors };
  const json = JSON.stringify(validation.document);
  const etag = etagOf(json);
  const latest = await store.latestContent(project.id);
  // Publishing the same document again makes no new version.
  if (latest?.etag === etag) {
    await store.discardContentDraft(project.id, etag);
    return { ok: true as const, version: latest.version, etag, newClickFeatures: [], created: false, json, previous: latest };
  }
  const saved = await store.publishContent(project.id, json, etag);
  cache?.invalidate(project.id);
  // The draft that was just published is no draft any more (one with other changes stays).
  await store.discardContentDraft(project.id, etag);
  // Click features that are new or changed: their past clicks are to be counted (retroactive).
  const newClickFeatures = changedClickFeatures(latest && (JSON.parse(latest.json) as ContentDocument), validation.document);
  return { ok: true as const, version: saved.version, etag, newClickFeatures, created: true, json, previous: latest };
}

/**
 * Audits a publish that made a new version (`content.publish`, `content.rollback`,
 * `content.promote`): the version, the one it replaced, what changed (CONTRACT §7's diff), and
 * `extra`. Publishing the current document again changes nothing and is not recorded.
 */
export async function auditPublish(
  request: FastifyRequest,
  action: Extract<AuditAction, `content.${string}`>,
  result: { created: boolean; version: number; json: string; previous?: ContentVersion },
  extra: Record<string, unknown> = {},
) {
  if (!result.created) return;
  const details = { version: result.version, previousVersion: result.previous?.version ?? null, ...extra };
  await audit(request, action, `version ${result.version}`, { ...details, ...contentChanges(result.previous?.json, result.json) });
}

/** Tells the SDK how a `?preview=` request was answered: `draft`, or `ended` (the token expired or is unknown: the published content). */
export const PREVIEW_HEADER = 'X-Touchpoint-Preview';

/** `PUT /v1/content` (secret key) and `GET /v1/content?key=WRITE_KEY`. */
export function registerContentRoutes(
  app: Api,
  store: ContentStore & AccessTokenStore,
  cache: ContentCache,
  backfills: Backfills,
  now: () => number,
  options: ContentValidationOptions = {},
) {
  // The document is checked by validateContent, not a route schema: its errors are the
  // content's own (`errors`, CONTRACT §5), the same as `touchpoint content validate` gives.
  app.put('/v1/content', { bodyLimit: MAX_CONTENT_BYTES, config: { auth: 'publisher' } }, async (request, reply) => {
    const { project } = request;
    const result = await publishContent(store, project, request.body, cache, options);
    if (!result.ok) return reply.code(400).send({ error: 'invalid content document', errors: result.errors });
    void backfills.start(project.id, result.newClickFeatures);
    await auditPublish(request, 'content.publish', result);
    return { version: result.version, ...(result.newClickFeatures.length && { retroactive: result.newClickFeatures.map((f) => f.id) }) };
  });

  /** `POST /v1/content/validate` (secret key): the errors `PUT` would give, without publishing. */
  app.post('/v1/content/validate', { bodyLimit: MAX_CONTENT_BYTES, config: { auth: 'editor' } }, async (request) => {
    const validation = validateContent(request.body, options);
    return validation.ok ? { ok: true } : { ok: false, errors: validation.errors };
  });

  app.get('/v1/content/versions', { config: { auth: ['builder', 'viewer'] } }, async (request) => {
    const versions = await store.listContentVersions(request.project.id);
    return { versions: versions.map((v, i) => ({ version: v.version, createdAt: new Date(v.createdAt).toISOString(), current: i === 0 })) };
  });

  const rollback = z.object({ version: z.number({ error: 'must be a whole number' }).int('must be a whole number') }, { error: 'must be { "version": N }' });
  app.post('/v1/content/rollback', { config: { auth: 'publisher' }, schema: { body: rollback } }, async (request, reply) => {
    const { project } = request;
    const { version } = request.body;
    const old = await store.contentVersion(project.id, version);
    if (!old) return reply.code(404).send({ error: `no version ${version}` });
    // Rolled back by publishing the old document again: history is never rewritten.
    const result = await publishContent(store, project, JSON.parse(old.json), cache, options);
    if (!result.ok) return reply.code(400).send({ error: 'that version is no longer valid', errors: result.errors });
    void backfills.start(project.id, result.newClickFeatures);
    await auditPublish(request, 'content.rollback', result, { rolledBackTo: version });
    return { version: result.version, rolledBackTo: version };
  });

  // The browser's copy of each project's newest document, made once per published version.
  const browserCopies = new Map<number, { etag: string; json: string; browserEtag: string }>();
  const browserCopy = (projectId: number, content: ContentVersion) => {
    let copy = browserCopies.get(projectId);
    if (copy?.etag !== content.etag) {
      const json = JSON.stringify(browserContent(JSON.parse(content.json) as ContentDocument));
      copy = { etag: content.etag, json, browserEtag: etagOf(json) };
      browserCopies.set(projectId, copy);
    }
    return { json: copy.json, etag: copy.browserEtag };
  };

  // The SDK reads it with the write key (the browser's copy, without server-only fields
  // such as alert webhooks); the dashboard and the builder with their keys (the whole document).
  // With a valid preview token of the project, the SDK gets the draft instead (CONTRACT §7).
  const query = z.object({ preview: z.string().max(512, 'must be a preview token').optional() });
  app.get('/v1/content', { config: { auth: ['write', 'builder', 'viewer'] }, schema: { querystring: query } }, async (request, reply) => {
    const { project } = request;
    const browser = request.role === 'write';
    const token = browser ? request.query.preview : undefined;
    if (token) {
      const holder = await accessTokenHolder(store, token, 'preview', now());
      if (holder?.project.id === project.id) {
        const draft = (await store.contentDraft(project.id)) ?? (await store.latestContent(project.id));
        if (!draft) return reply.code(404).header(PREVIEW_HEADER, 'draft').send({ error: 'no draft saved and no content published yet' });
        // Never stored by a browser or a proxy, and no ETag: the draft shares no cache entry with the published content.
        return reply
          .header('Cache-Control', 'no-store')
          .header(PREVIEW_HEADER, 'draft')
          .type('application/json; charset=utf-8')
          .send(JSON.stringify(browserContent(JSON.parse(draft.json) as ContentDocument)));
      }
      reply.header(PREVIEW_HEADER, 'ended');
    }
    const latest = await store.latestContent(project.id);
    if (!latest) return reply.code(404).send({ error: 'no content published yet' });
    const content = browser ? browserCopy(project.id, latest) : latest;
    // Revalidated on every load: a publish reaches users on their next page view.
    reply.header('Cache-Control', 'no-cache').header('ETag', content.etag);
    if (request.headers['if-none-match'] === content.etag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(content.json);
  });
}
