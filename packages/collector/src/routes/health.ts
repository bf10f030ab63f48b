import type { FastifyInstance } from 'fastify';
import { projectFromSecret, unauthorized } from '../auth.js';
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
    if (!project) return unauthorized(request, reply);
    const report = await shape(project.id, await store.latestHealth(project.id));
    // `?history=N`: each account's saved scores of the last N days (the dashboard's sparklines).
    const days = Number((request.query as { history?: unknown }).history);
    if (!Number.isInteger(days) || days <= 0) return report;
    const since = Math.floor(Date.now() / 86_400_000) - Math.min(days, 366) + 1;
    const history = await store.healthHistory(project.id, since);
    return {
      accounts: report.accounts.map((a) => ({
        ...a,
        history: history.filter((h) => h.accountId === a.account_id).map((h) => ({ day: new Date(h.day * 86_400_000).toISOString().slice(0, 10), score: h.score })),
      })),
    };
  });

  app.post('/v1/health/recompute', async (request, reply) => {
    const project = await projectFromSecret(request, store);
    if (!project) return unauthorized(request, reply);
    await health.recompute(project);
    return shape(project.id, await store.latestHealth(project.id));
  });

  app.get('/v1/alerts', async (request, reply) => {
    const project = await projectFromSecret(request, store);
    if (!project) return unauthorized(request, reply);
    const alerts = await store.listAlerts(project.id);
    return { alerts: alerts.map((a) => ({ id: a.id, ...JSON.parse(a.body), attempts: a.attempts, sent: a.sentAt !== null, lastError: a.lastError })) };
  });
}
