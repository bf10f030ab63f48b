import { featureUses, LIFECYCLE, type LifecycleMeaning } from '@touchpoint/content';
import { z } from 'zod';
import type { Api } from '../api.js';
import type { ContentCache } from '../content-cache.js';
import { reportDay, reportRange } from '../range.js';
import { contentKey, featureUseKey, flowKey, type ReportStore } from '../store/store.js';
import { BROKEN_RULE, stepHealthReport } from '../target-health.js';

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** What counts as shown and as acted on (completed), per kind of content: from the lifecycle table. */
const REACH = (['flow', 'message', 'survey'] as const).map((kind) => {
  const event = (means: LifecycleMeaning) => LIFECYCLE.find((r) => r.kind === kind && r.means === means)!.event;
  return { section: `${kind}s` as const, kind, shown: event('shown'), acted: event('completed') };
});

/**
 * Adoption and flow funnels (secret key), over `from`/`to` UTC days and optionally one
 * account `tier`, counted as distinct users from the daily rollup kept at ingest.
 */
export function registerReportRoutes(app: Api, store: ReportStore, now: () => number, content: ContentCache) {
  const querystring = z
    .object({
      from: reportDay.optional(),
      to: reportDay.optional(),
      tier: z
        .string({ error: 'must be given once' })
        .optional()
        .transform((tier) => tier || undefined),
    })
    .transform(reportRange(now));
  const report = { config: { auth: 'viewer' }, schema: { querystring } } as const;
  /** The published content, or an empty document before the first publish. */
  const published = async (projectId: number) => (await content.get(projectId)).doc ?? { version: 1 as const };

  /** `GET /v1/reports/adoption`: active users, and per feature the users who used it and their share. */
  app.get('/v1/reports/adoption', report, async (request) => {
    const { project, query: parsed } = request;
    const { tier } = parsed;
    const doc = await published(project.id);
    const active = (await store.distinctUsers(project.id, 'active', [''], parsed.range, tier)).get('') ?? 0;
    const features = doc.features ?? [];
    // Users of a feature: under any event that means it was used, each user once.
    const rows = await Promise.all(
      features.map(async (f) => {
        const users = await store.distinctUsersOfAny(project.id, featureUses(f.id, features).map(featureUseKey), parsed.range, tier);
        return { feature_id: f.id, name: f.name ?? f.id, users, adoption: active ? round(users / active) : 0 };
      }),
    );
    rows.sort((a, b) => b.adoption - a.adoption || a.feature_id.localeCompare(b.feature_id));
    return { from: parsed.from, to: parsed.to, ...(tier && { tier }), activeUsers: active, features: rows };
  });

  /**
   * `GET /v1/reports/surveys/:surveyId`, by the published survey's `kind` (a survey no longer
   * published is read as an NPS survey, the contract's shape): the answers in range
   * (`responses`) and the distribution of the scores 0–10; for `nps`, the split (promoters
   * 9–10, passives 7–8, detractors 0–6) and NPS = %promoters − %detractors; for `rating`, the
   * `average` of its 1–5 scores. An NPS split of any other kind would be a number that means
   * nothing: its four figures are null there.
   */
  app.get('/v1/reports/surveys/:surveyId', { ...report, schema: { querystring, params: z.object({ surveyId: z.string() }) } }, async (request) => {
    const { project, query: parsed } = request;
    const kind = (await published(project.id)).surveys?.find((s) => s.id === request.params.surveyId)?.kind ?? 'nps';
    const scored = kind === 'nps' || kind === 'rating';
    const distribution = new Array<number>(11).fill(0);
    let responses = 0;
    const rows = await store.surveyScores(project.id, request.params.surveyId, parsed.range.from * 86_400_000, (parsed.range.to + 1) * 86_400_000);
    for (const { score, count } of rows) {
      const valid = Number.isInteger(score) && (score as number) >= (kind === 'rating' ? 1 : 0) && (score as number) <= (kind === 'rating' ? 5 : 10);
      // A choice or text survey's answers carry no score: each one is a response.
      if (valid) distribution[score as number]! += count;
      if (valid || !scored) responses += count;
    }
    const promoters = distribution[9]! + distribution[10]!;
    const passives = distribution[7]! + distribution[8]!;
    const detractors = responses - promoters - passives;
    const nps = kind === 'nps';
    const total = distribution.reduce((sum, n, score) => sum + n * score, 0);
    return {
      survey_id: request.params.surveyId,
      kind,
      from: parsed.from,
      to: parsed.to,
      responses,
      promoters: nps ? promoters : null,
      passives: nps ? passives : null,
      detractors: nps ? detractors : null,
      // (Halves away from zero, on either side: −12.35 is −12.4, as 12.35 is 12.4.)
      nps: nps && responses ? Math.sign(promoters - detractors) * (Math.round((Math.abs(promoters - detractors) / responses) * 1000) / 10) : null,
      ...(kind === 'rating' && { average: responses ? Math.round((total / responses) * 100) / 100 : null }),
      distribution,
      // The newest comments (and text answers), for the dashboard.
      comments: (await store.surveyComments(project.id, request.params.surveyId, parsed.range.from * 86_400_000, (parsed.range.to + 1) * 86_400_000, 20)).map(
        (c) => ({
          text: c.text,
          ...(Number.isInteger(c.score) && { score: c.score }),
          at: new Date(c.at).toISOString(),
        }),
      ),
    };
  });

  /**
   * `GET /v1/reports/overview`: per day, active users and events; per flow, message and
   * survey, the distinct users it was shown to and those who acted on it (completed the flow,
   * clicked the message's call-to-action, answered the survey).
   */
  app.get('/v1/reports/overview', report, async (request) => {
    const { project, query: parsed } = request;
    const doc = await published(project.id);
    const days = await store.dailyActivity(project.id, parsed.range);
    const items = REACH.flatMap(({ section, shown, acted }) =>
      (doc[section] ?? []).flatMap((item: { id: string }) => [contentKey(shown, item.id), contentKey(acted, item.id)]),
    );
    const reach = await store.distinctUsers(project.id, 'content', items, parsed.range);
    const users = (id: string, event: string) => reach.get(contentKey(event, id)) ?? 0;
    const content = REACH.flatMap(({ section, kind, shown, acted }) =>
      (doc[section] ?? []).map((item: { id: string; name?: string; title?: unknown }) => ({
        content_id: item.id,
        kind,
        shown: users(item.id, shown),
        acted: users(item.id, acted),
      })),
    );
    return {
      from: parsed.from,
      to: parsed.to,
      days: days.map((d) => ({ day: new Date(d.day * 86_400_000).toISOString().slice(0, 10), activeUsers: d.activeUsers, events: d.events })),
      content,
    };
  });

  /**
   * `GET /v1/reports/targets?from&to&flow`: target health, the steps of the published flows
   * (of `flow` only, when given) whose target went missing in the range, broken ones first:
   * selectors, views, misses, missing rate, whether broken now and since when, and the pages.
   */
  app.get(
    '/v1/reports/targets',
    {
      ...report,
      schema: {
        querystring: z
          .object({ from: reportDay.optional(), to: reportDay.optional(), flow: z.string({ error: 'must be given once' }).optional() })
          .transform(reportRange(now)),
      },
    },
    async (request) => {
      const { project, query: parsed } = request;
      const doc = await published(project.id);
      const steps = stepHealthReport(doc, await store.stepHealth(project.id, parsed.range, parsed.flow || undefined));
      return { from: parsed.from, to: parsed.to, rule: BROKEN_RULE, steps };
    },
  );

  /**
   * `GET /v1/reports/flows/:flowId`: distinct users who started, viewed each step, completed,
   * dismissed (themselves: a flow that ended because its targets never appeared counts in its
   * step's `missing` instead), and per step those for whom its target never appeared.
   */
  app.get('/v1/reports/flows/:flowId', { ...report, schema: { querystring, params: z.object({ flowId: z.string() }) } }, async (request, reply) => {
    const { project, query: parsed } = request;
    const { tier } = parsed;
    const doc = await published(project.id);
    const flow = doc.flows?.find((f) => f.id === request.params.flowId);
    if (!flow) return reply.code(404).send({ error: `no flow "${request.params.flowId}" in the published content` });
    const stepKeys = flow.steps.map((s, i) => flowKey(flow.id, { stepIndex: i, stepId: s.id }));
    const missingKeys = flow.steps.map((s) => flowKey(flow.id, { missing: s.id }));
    const counts = await store.distinctUsers(
      project.id,
      'flow',
      [flowKey(flow.id, 'started'), flowKey(flow.id, 'completed'), flowKey(flow.id, 'dismissed'), ...stepKeys, ...missingKeys],
      parsed.range,
      tier,
    );
    return {
      flow_id: flow.id,
      from: parsed.from,
      to: parsed.to,
      ...(tier && { tier }),
      started: counts.get(flowKey(flow.id, 'started')) ?? 0,
      completed: counts.get(flowKey(flow.id, 'completed')) ?? 0,
      dismissed: counts.get(flowKey(flow.id, 'dismissed')) ?? 0,
      steps: flow.steps.map((s, i) => ({ step_id: s.id, step_index: i, viewed: counts.get(stepKeys[i]!) ?? 0, missing: counts.get(missingKeys[i]!) ?? 0 })),
    };
  });
}
