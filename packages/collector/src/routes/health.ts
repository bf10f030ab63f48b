import type { FastifyInstance } from 'fastify';
import { projectFromSecret } from '../auth.js';
import type { ContentCache } from '../content-cache.js';
import type { HealthService } from '../health-service.js';
import type { HealthRecord, Store } from '../store/store.js';

/** `GET /v1/reports/health` and `POST /v1/health/recompute` (secret key). */
export function registerHealthRoutes(app: FastifyInstance, store: Store, health: HealthService, content: ContentCache) {
  const shape = async (projectId: number, records: readonly HealthRecord[]) => {
    const thresholds = ((await content.get(projectId)).doc?.health?.alerts ?? []).map((a) => a.below);
    const below = thresholds.length ? Math.max(...thresholds) : -Infinity;
    return {
      accounts: records.map((r) => ({
        account_id: r.accountId,
        tier: r.tier,
        score: r.score,
        previousScore: r.previousScore,
        trend: r.previousScore === null ? null : r.score - r.previousScore,
        alerting: r.score < below,
        reasons: r.reasons,
      })),
    };
  };

  app.get('/v1/reports/health', async (request, reply) => {
    const project = await projectFromSecret(request, store);
    if (!project) return reply.code(401).send({ error: 'a secret key is required (Authorization: Bearer SECRET_KEY)' });
    return shape(project.id, await store.latestHealth(project.id));
  });

  app.post('/v1/health/recompute', async (request, reply) => {
    const project = await projectFromSecret(request, store);
    if (!project) return reply.code(401).send({ error: 'a secret key is required (Authorization: Bearer SECRET_KEY)' });
    await health.recompute(project);
    return shape(project.id, await store.latestHealth(project.id));
  });

  app.get('/v1/alerts', async (request, reply) => {
    const project = await projectFromSecret(request, store);
    if (!project) return reply.code(401).send({ error: 'a secret key is required (Authorization: Bearer SECRET_KEY)' });
    const alerts = await store.listAlerts(project.id);
    return { alerts: alerts.map((a) => ({ id: a.id, ...JSON.parse(a.body), attempts: a.attempts, sent: a.sentAt !== null, lastError: a.lastError })) };
  });
}
