import { z } from 'zod';
import type { Api } from '../api.js';
import type { ContentCache } from '../content-cache.js';
import type { HealthService } from '../health-service.js';
import type { HealthRecord, HealthStore } from '../store/store.js';

/** `GET /v1/reports/health` and `POST /v1/health/recompute` (secret key). */
/** `?history=N`: each account's saved scores of the last N days (at most 366); anything else asks for none. */
const querystring = z.object({
  history: z.coerce
    .number()
    .int()
    .positive()
    .catch(0)
    .transform((days) => Math.min(days, 366)),
});

/** The most alerts `GET /v1/alerts` answers, newest first: far more than a person reads in the dashboard's list. */
export const ALERTS_LISTED = 1000;

export function registerHealthRoutes(app: Api, store: HealthStore, health: HealthService, content: ContentCache) {
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

  app.get('/v1/reports/health', { config: { auth: 'viewer' }, schema: { querystring } }, async (request) => {
    const { project } = request;
    const report = await shape(project.id, await store.latestHealth(project.id));
    // The dashboard's sparklines.
    const days = request.query.history;
    if (!days) return report;
    const since = Math.floor(Date.now() / 86_400_000) - days + 1;
    const history = await store.healthHistory(project.id, since);
    return {
      accounts: report.accounts.map((a) => ({
        ...a,
        history: history
          .filter((h) => h.accountId === a.account_id)
          .map((h) => ({ day: new Date(h.day * 86_400_000).toISOString().slice(0, 10), score: h.score })),
      })),
    };
  });

  // Recomputing saves scores and can send alerts to the CRM: a publisher's act.
  app.post('/v1/health/recompute', { config: { auth: 'publisher' } }, async (request) => {
    await health.recompute(request.project);
    return shape(request.project.id, await store.latestHealth(request.project.id));
  });

  app.get('/v1/alerts', { config: { auth: 'viewer' } }, async (request) => {
    // Journey emails share the outbox but are not alerts: their bodies are whole messages, with
    // the address and the unsubscribe link, which the dashboard's alert list has no use for.
    // The store leaves them out (and unread), and answers the newest ALERTS_LISTED.
    const alerts = await store.listAlerts(request.project.id, { alerts: true, limit: ALERTS_LISTED });
    return { alerts: alerts.map((a) => ({ id: a.id, ...JSON.parse(a.body), attempts: a.attempts, sent: a.sentAt !== null, lastError: a.lastError })) };
  });
}
