import { diffContent, validateContent, type ContentValidationOptions } from '@touchpoint/content';
import { z } from 'zod';
import type { Api } from '../api.js';
import { audit, contentChanges } from '../audit.js';
import type { ContentCache } from '../content-cache.js';
import { etagOf } from '../etag.js';
import type { Backfills } from '../retroactive.js';
import type { Store } from '../store/store.js';
import { auditPublish, MAX_CONTENT_BYTES, publishContent } from './content.js';

/** Says whether `GET /v1/content/draft` answered a saved draft (`saved`) or, with none saved, the published document (`published`). */
export const DRAFT_HEADER = 'X-Touchpoint-Draft';

const NOTHING = 'no draft saved and no content published yet';

/**
 * The project's draft (CONTRACT §7): one beside the published versions, read and saved by
 * editors (and the builder), published by publishers, and compared with any version.
 * `If-Match` with the ETag last read makes a save or a publish conditional (412 when
 * someone else saved meanwhile), so two editors never silently overwrite each other.
 */
export function registerDraftRoutes(app: Api, store: Store, cache: ContentCache, backfills: Backfills, now: () => number, options: ContentValidationOptions) {
  /** The draft, else the newest published version (what a new draft starts from). */
  const current = async (projectId: number) => {
    const draft = await store.contentDraft(projectId);
    if (draft) return { ...draft, saved: true };
    const latest = await store.latestContent(projectId);
    return latest && { json: latest.json, etag: latest.etag, saved: false };
  };
  const ifMatch = (header: string | string[] | undefined) => (typeof header === 'string' ? header : undefined);

  app.get('/v1/content/draft', { config: { auth: ['builder', 'viewer'] } }, async (request, reply) => {
    const draft = await current(request.project.id);
    if (!draft) return reply.code(404).send({ error: NOTHING });
    return reply
      .header('Cache-Control', 'no-store')
      .header('ETag', draft.etag)
      .header(DRAFT_HEADER, draft.saved ? 'saved' : 'published')
      .type('application/json; charset=utf-8')
      .send(draft.json);
  });

  // Checked by validateContent like a publish (not a route schema): the content's own errors with their paths.
  app.put('/v1/content/draft', { bodyLimit: MAX_CONTENT_BYTES, config: { auth: ['builder', 'editor'] } }, async (request, reply) => {
    const { project } = request;
    const validation = validateContent(request.body, options);
    if (!validation.ok) return reply.code(400).send({ error: 'invalid content document', errors: validation.errors, details: validation.errors });
    const expected = ifMatch(request.headers['if-match']);
    const before = await current(project.id);
    if (expected !== undefined && expected !== before?.etag) {
      return reply.code(412).send({ error: 'the draft changed since you read it: read it again (GET /v1/content/draft) and reapply your changes' });
    }
    const json = JSON.stringify(validation.document);
    const etag = etagOf(json);
    const latest = await store.latestContent(project.id);
    const updatedAt = now();
    await store.saveContentDraft(project.id, { json, etag, baseVersion: latest?.version ?? null, updatedAt });
    // What this save changed, from the draft (or published document) it replaced.
    await audit(request, 'draft.save', 'draft', { baseVersion: latest?.version ?? null, ...contentChanges(before?.json, json) });
    return reply.header('ETag', etag).send({ etag, updatedAt: new Date(updatedAt).toISOString(), baseVersion: latest?.version ?? null });
  });

  app.post('/v1/content/publish', { config: { auth: 'publisher' } }, async (request, reply) => {
    const { project } = request;
    const draft = await store.contentDraft(project.id);
    if (!draft) return reply.code(409).send({ error: 'no draft to publish: save one first (PUT /v1/content/draft)' });
    const expected = ifMatch(request.headers['if-match']);
    if (expected !== undefined && expected !== draft.etag) {
      return reply.code(412).send({ error: 'the draft changed since you read it: look at its changes again before publishing' });
    }
    const result = await publishContent(store, project, JSON.parse(draft.json), cache, options);
    if (!result.ok) return reply.code(400).send({ error: 'the draft is no longer valid', errors: result.errors, details: result.errors });
    void backfills.start(project.id, result.newClickFeatures);
    await auditPublish(request, 'content.publish', result);
    return { version: result.version };
  });

  const side = z
    .string()
    .regex(/^(draft|published|[1-9]\d{0,8})$/, 'must be a version number, "draft" or "published"')
    .default('published');
  const query = z.object({ from: side, to: side.default('draft') });
  app.get('/v1/content/diff', { config: { auth: ['builder', 'viewer'] }, schema: { querystring: query } }, async (request, reply) => {
    const { project } = request;
    const read = async (which: string) => {
      if (which === 'draft') return (await current(project.id))?.json;
      if (which === 'published') return (await store.latestContent(project.id))?.json;
      const version = await store.contentVersion(project.id, Number(which));
      if (!version) throw Object.assign(new Error(`no version ${which}`), { statusCode: 404 });
      return version.json;
    };
    const { from, to } = request.query;
    const [a, b] = await Promise.all([read(from), read(to)]);
    // Nothing published (and no draft): an empty document, so everything on the other side is "added".
    const parse = (json: string | undefined) => (json === undefined ? { version: 1 } : (JSON.parse(json) as unknown));
    return reply.header('Cache-Control', 'no-store').send({ from, to, changes: diffContent(parse(a), parse(b)) });
  });
}
