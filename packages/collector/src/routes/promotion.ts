import { diffContent, type ContentDocument, type ContentValidationOptions } from '@touchpoint/content';
import { z } from 'zod';
import type { Api } from '../api.js';
import type { ContentCache } from '../content-cache.js';
import type { Backfills } from '../retroactive.js';
import type { Project, Store } from '../store/store.js';
import { auditPublish, publishContent } from './content.js';

/**
 * Promotion (CONTRACT §8), on the production project: what staging's published version would
 * change here (`GET /v1/content/promotion`), and publishing it as production's next version
 * (`POST /v1/content/promote { version }`). The version must be staging's current one (409
 * otherwise), so nobody promotes a document other than the one whose changes they saw.
 */
export function registerPromotionRoutes(app: Api, store: Store, cache: ContentCache, backfills: Backfills, options: ContentValidationOptions) {
  /** The production project's staging, or the answer that says why there is none. */
  const stagingOf = async (project: Project) => {
    if (project.productionId !== null)
      return { status: 409, error: `this is a staging project: promote from its production project (${project.productionId})` } as const;
    const staging = await store.stagingOf(project.id);
    return staging ?? ({ status: 404, error: 'this project has no staging environment yet (POST /v1/project/staging creates it)' } as const);
  };

  app.get('/v1/content/promotion', { config: { auth: 'viewer' } }, async (request, reply) => {
    const staging = await stagingOf(request.project);
    if ('status' in staging) return reply.code(staging.status).send({ error: staging.error });
    const [ours, theirs] = await Promise.all([store.latestContent(request.project.id), store.latestContent(staging.id)]);
    return reply.header('Cache-Control', 'no-store').send({
      staging: { projectId: staging.id, version: theirs?.version ?? null },
      production: { version: ours?.version ?? null },
      // Nothing published on a side: an empty document, so everything on the other is added (as `GET /v1/content/diff`).
      changes: diffContent(ours ? JSON.parse(ours.json) : { version: 1 }, theirs ? JSON.parse(theirs.json) : { version: 1 }),
    });
  });

  const VERSION = 'must be the version number of staging to promote';
  const body = z.object({ version: z.number({ error: VERSION }).int(VERSION).min(1, VERSION) }, { error: 'must be { "version": N }' });
  app.post('/v1/content/promote', { config: { auth: 'publisher' }, schema: { body } }, async (request, reply) => {
    const { project } = request;
    const staging = await stagingOf(project);
    if ('status' in staging) return reply.code(staging.status).send({ error: staging.error });
    const { version } = request.body;
    const current = await store.latestContent(staging.id);
    if (current?.version !== version) {
      const now = current ? `staging's current version is ${current.version}` : 'staging has published nothing';
      return reply.code(409).send({ error: `version ${version} is not staging's current version (${now}): look at the changes again` });
    }
    const result = await publishContent(store, project, JSON.parse(current.json) as ContentDocument, cache, options);
    if (!result.ok) return reply.code(400).send({ error: "staging's version is not valid here", errors: result.errors, details: result.errors });
    void backfills.start(project.id, result.newClickFeatures);
    await auditPublish(request, 'content.promote', result, { stagingProjectId: staging.id, stagingVersion: version });
    return { version: result.version };
  });
}
