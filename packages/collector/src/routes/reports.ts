import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { projectFromSecret } from '../auth.js';
import type { ContentCache } from '../content-cache.js';
import { parseRange } from '../range.js';
import { flowKey, type Store } from '../store/store.js';

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Adoption and flow funnels (secret key), over `from`/`to` UTC days and optionally one
 * account `tier`, counted as distinct users from the daily rollup kept at ingest.
 */
export function registerReportRoutes(app: FastifyInstance, store: Store, now: () => number, content: ContentCache) {
  /** The project, range, tier and content of a report request; answers the error itself otherwise. */
  const prepare = async (request: FastifyRequest, reply: FastifyReply) => {
    const project = await projectFromSecret(request, store);
    if (!project) {
      reply.code(401).send({ error: 'a secret key is required (Authorization: Bearer SECRET_KEY)' });
      return undefined;
    }
    const query = request.query as Record<string, unknown>;
    const parsed = parseRange(query, now());
    if (!parsed.ok) {
      reply.code(400).send({ error: 'invalid query', errors: parsed.errors });
      return undefined;
    }
    const tier = typeof query.tier === 'string' && query.tier ? query.tier : undefined;
    const doc = (await content.get(project.id)).doc ?? { version: 1 as const };
    return { project, parsed, tier, doc };
  };

  /** `GET /v1/reports/adoption`: active users, and per feature the users who used it and their share. */
  app.get('/v1/reports/adoption', async (request, reply) => {
    const ctx = await prepare(request, reply);
    if (!ctx) return reply;
    const { project, parsed, tier, doc } = ctx;
    const active = (await store.distinctUsers(project.id, 'active', [''], parsed.range, tier)).get('') ?? 0;
    const features = doc.features ?? [];
    // A feature is used through its selector (Feature Used events) or its tracked event.
    const bySelector = await store.distinctUsers(project.id, 'feature', features.map((f) => f.id), parsed.range, tier);
    const byEvent = await store.distinctUsers(project.id, 'event', features.flatMap((f) => (f.event ? [f.event] : [])), parsed.range, tier);
    const rows = features.map((f) => {
      const users = Math.max(bySelector.get(f.id) ?? 0, f.event ? (byEvent.get(f.event) ?? 0) : 0);
      return { feature_id: f.id, name: f.name ?? f.id, users, adoption: active ? round(users / active) : 0 };
    });
    rows.sort((a, b) => b.adoption - a.adoption || a.feature_id.localeCompare(b.feature_id));
    return { from: parsed.from, to: parsed.to, ...(tier && { tier }), activeUsers: active, features: rows };
  });

  /**
   * `GET /v1/reports/surveys/:surveyId`: answers with a 0–10 score, the NPS split
   * (promoters 9–10, passives 7–8, detractors 0–6), NPS = %promoters − %detractors, and
   * the distribution of the 11 scores.
   */
  app.get<{ Params: { surveyId: string } }>('/v1/reports/surveys/:surveyId', async (request, reply) => {
    const ctx = await prepare(request, reply);
    if (!ctx) return reply;
    const { project, parsed } = ctx;
    const distribution = new Array<number>(11).fill(0);
    const rows = await store.surveyScores(project.id, request.params.surveyId, parsed.range.from * 86_400_000, (parsed.range.to + 1) * 86_400_000);
    for (const { score, count } of rows) if (Number.isInteger(score) && (score as number) >= 0 && (score as number) <= 10) distribution[score as number]! += count;
    const responses = distribution.reduce((a, b) => a + b, 0);
    const promoters = distribution[9]! + distribution[10]!;
    const passives = distribution[7]! + distribution[8]!;
    const detractors = responses - promoters - passives;
    return {
      survey_id: request.params.surveyId,
      from: parsed.from,
      to: parsed.to,
      responses,
      promoters,
      passives,
      detractors,
      nps: responses ? Math.round(((promoters - detractors) / responses) * 1000) / 10 : null,
      distribution,
    };
  });

  /** `GET /v1/reports/flows/:flowId`: distinct users who started, viewed each step, completed, dismissed. */
  app.get<{ Params: { flowId: string } }>('/v1/reports/flows/:flowId', async (request, reply) => {
    const ctx = await prepare(request, reply);
    if (!ctx) return reply;
    const { project, parsed, tier, doc } = ctx;
    const flow = doc.flows?.find((f) => f.id === request.params.flowId);
    if (!flow) return reply.code(404).send({ error: `no flow "${request.params.flowId}" in the published content` });
    const stepKeys = flow.steps.map((s, i) => flowKey(flow.id, { stepIndex: i, stepId: s.id }));
    const counts = await store.distinctUsers(project.id, 'flow', [flowKey(flow.id, 'started'), flowKey(flow.id, 'completed'), flowKey(flow.id, 'dismissed'), ...stepKeys], parsed.range, tier);
    return {
      flow_id: flow.id,
      from: parsed.from,
      to: parsed.to,
      ...(tier && { tier }),
      started: counts.get(flowKey(flow.id, 'started')) ?? 0,
      completed: counts.get(flowKey(flow.id, 'completed')) ?? 0,
      dismissed: counts.get(flowKey(flow.id, 'dismissed')) ?? 0,
      steps: flow.steps.map((s, i) => ({ step_id: s.id, step_index: i, viewed: counts.get(stepKeys[i]!) ?? 0 })),
    };
  });
}
