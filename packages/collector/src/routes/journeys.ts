import type { ContentDocument, ContentValidationOptions } from '@touchpoint/content';
import { z } from 'zod';
import type { Api } from '../api.js';
import type { ContentCache } from '../content-cache.js';
import type { JourneyService } from '../journeys/journey-service.js';
import { previewJourney } from '../journeys/preview.js';
import { previewDocument } from '../journeys/preview-document.js';
import type { RunnerStore } from '../journeys/runner.js';
import { differenceCi95, twoProportionPValue } from '../stats.js';
import type { ContentStore } from '../store/store.js';

const finite = (x: number) => (Number.isFinite(x) ? x : null);
const round = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);

/** How many entries the report lists, newest first. */
const RECENT = 20;

/** `POST /v1/journeys/run` (publisher), `POST /v1/journeys/preview` (editor) and `GET /v1/reports/journeys/:id` (viewer). */
export function registerJourneyRoutes(
  app: Api,
  store: RunnerStore & Pick<ContentStore, 'contentDraft'>,
  journeys: JourneyService,
  content: ContentCache,
  now: () => number,
  validation: ContentValidationOptions,
) {
  // Running can send emails and webhooks: a publisher's act, as publishing is.
  app.post('/v1/journeys/run', { config: { auth: 'publisher' } }, async (request) => journeys.run(request.project));

  const body = z.object(
    {
      journey: z.unknown().refine((journey) => journey !== undefined, 'is required: the journey to preview, as a content document holds it'),
      segments: z.unknown().optional(),
      document: z.record(z.string(), z.unknown(), { error: 'must be a content document (an object)' }).optional(),
    },
    { error: 'must be { "journey", "segments"?, "document"? }' },
  );
  app.post('/v1/journeys/preview', { config: { auth: 'editor' }, schema: { body } }, async (request, reply) => {
    const { project } = request;
    // Checked as it would be published: inside the document being edited when it is given (its
    // segments, and the content its `show` may name, drafts included), else beside the
    // published content, with the draft's segments when given.
    const base: Partial<ContentDocument> = (request.body.document as Partial<ContentDocument> | undefined) ??
      (await content.get(project.id)).doc ?? { version: 1 };
    const checked = previewDocument(base, request.body.journey, request.body.segments, validation);
    if (!checked.ok) return reply.code(400).send({ error: 'invalid journey', details: checked.errors });
    return previewJourney(store, project, checked.doc, checked.journey, now());
  });

  const params = z.object({ id: z.string().min(1).max(256) });
  app.get('/v1/reports/journeys/:id', { config: { auth: 'viewer' }, schema: { params } }, async (request, reply) => {
    const { project } = request;
    const journey = (await content.get(project.id)).doc?.journeys?.find((j) => j.id === request.params.id);
    if (!journey) return reply.code(404).send({ error: `no published journey "${request.params.id}"` });
    const { recent, ...counts } = await store.journeyReport(project.id, journey.id, RECENT);
    // Per user, not per entry (a repeating journey enters one user several times, and the
    // two-proportion test needs independent units). Intention-to-treat: every user outside the
    // holdout (acted on or skipped: no address, unsubscribed, capped) against the holdout, as
    // the assignment made them; leaving the skipped out would compare unlike groups.
    const { users } = counts;
    const h = users.holdout;
    const treated = users.entered - h.entered;
    const treatedRate = treated ? users.converted / treated : null;
    const holdoutRate = h.entered ? h.converted / h.entered : null;
    const [lo, hi] = differenceCi95(h.converted, h.entered, users.converted, treated);
    return {
      ...counts,
      lift: treatedRate !== null && holdoutRate ? round((treatedRate - holdoutRate) / holdoutRate) : null,
      pValue: round(finite(twoProportionPValue(h.converted, h.entered, users.converted, treated))),
      ci95: Number.isFinite(lo) ? [round(lo), round(hi)] : null,
      recent: recent.map((e) => ({
        userKey: e.userKey,
        enteredAt: new Date(e.enteredAt).toISOString(),
        holdout: e.holdout,
        outcome: e.outcome,
        ...(e.reason !== undefined && { reason: e.reason }),
        converted: e.convertedAt !== undefined,
      })),
    };
  });
}
