import { createHmac, randomUUID } from 'node:crypto';
import type { ContentCache } from './content-cache.js';
import { healthScore } from './health.js';
import type { HealthRecord, Project, Store } from './store/store.js';

const DAY = 86_400_000;

export interface HealthServiceOptions {
  store: Store;
  content: ContentCache;
  now: () => number;
  /** Recompute every project's health this often (ms); 0 turns the schedule off. @default 1 hour */
  intervalMs?: number;
  /** First retry delay of a failed webhook; doubles up to an hour. @default 1000 */
  retryBaseMs?: number;
  log?: (message: string) => void;
}

/**
 * Account health: scores recomputed on a schedule and on demand, history kept, and alerts
 * when a score crosses below a threshold. Alerts go through a persisted outbox: queued in
 * the database in the same step that saves the scores, posted with an HMAC signature and an
 * idempotency key, retried with backoff until the receiver says 2xx, and never sent again
 * after that, across restarts.
 */
export function createHealthService(o: HealthServiceOptions) {
  const { store, now } = o;
  const retryBase = o.retryBaseMs ?? 1000;
  // Retries run on the wall clock; `now` (injectable) only decides which days are scored.
  const wall = () => Date.now();
  const timers: NodeJS.Timeout[] = [];
  let delivering: Promise<void> | undefined;

  async function recompute(project: Project): Promise<HealthRecord[]> {
    const doc = (await o.content.get(project.id)).doc;
    const settings = doc?.health;
    if (!settings) return [];
    const days = settings.windowDays ?? 14;
    const today = Math.floor(now() / DAY);
    const current = await store.accountWindows(project.id, { from: today - days + 1, to: today });
    const previous = new Map((await store.accountWindows(project.id, { from: today - 2 * days + 1, to: today - days })).map((a) => [a.accountId, a]));
    const ids = new Set([...current.map((a) => a.accountId), ...previous.keys()]);
    const byId = new Map(current.map((a) => [a.accountId, a]));
    const records: HealthRecord[] = [...ids].map((accountId) => {
      const now_ = byId.get(accountId) ?? { accountId, tier: previous.get(accountId)?.tier ?? null, activeDays: 0, counts: {} };
      const before = previous.get(accountId);
      const { score, reasons } = healthScore(settings, now_, doc?.features);
      return { accountId, tier: now_.tier, day: today, score, previousScore: before ? healthScore(settings, before, doc?.features).score : null, reasons };
    });
    const known = await store.saveHealth(project.id, records);
    // Edge-triggered: only a fall across the threshold between two scores alerts (the last known
    // score at or above, this one below). An account's first score has nothing to fall from:
    // most accounts are new then, with a low score that says nothing about risk.
    for (const rule of settings.alerts ?? []) {
      for (const r of records) {
        const last = known.get(r.accountId);
        if (last !== undefined && last >= rule.below && r.score < rule.below) {
          const body = JSON.stringify({ account_id: r.accountId, tier: r.tier, score: r.score, previousScore: last ?? null, reasons: r.reasons, at: new Date(now()).toISOString() });
          await store.enqueueAlert({ id: randomUUID(), projectId: project.id, url: rule.webhook, body }, wall());
        }
      }
    }
    void deliver();
    return records;
  }

  async function recomputeAll() {
    for (const project of await store.listProjects()) {
      try {
        await recompute(project);
      } catch (e) {
        o.log?.(`health of project ${project.id}: ${String(e)}`);
      }
    }
  }

  /** Posts every due alert once; overlapping calls share one run. */
  function deliver(): Promise<void> {
    delivering ??= (async () => {
      try {
        const projects = new Map((await store.listProjects()).map((p) => [p.id, p]));
        for (const alert of await store.dueAlerts(wall(), 50)) {
          const secret = projects.get(alert.projectId)?.secretKey ?? '';
          try {
            const res = await fetch(alert.url, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'idempotency-key': alert.id,
                'x-touchpoint-signature': `sha256=${createHmac('sha256', secret).update(alert.body).digest('hex')}`,
              },
              body: alert.body,
              signal: AbortSignal.timeout(10_000),
            });
            if (!res.ok) throw new Error(`HTTP ${res.status}`);
            await store.settleAlert(alert.id, { sentAt: wall() });
          } catch (e) {
            const wait = Math.min(3_600_000, retryBase * 2 ** alert.attempts);
            await store.settleAlert(alert.id, { nextAt: wall() + wait, error: String(e) });
          }
        }
      } finally {
        delivering = undefined;
      }
    })();
    return delivering;
  }

  return {
    recompute,
    deliver,
    start() {
      if (o.intervalMs !== 0) timers.push(setInterval(() => void recomputeAll(), o.intervalMs ?? 3_600_000));
      timers.push(setInterval(() => void deliver(), Math.min(retryBase, 1000)));
      timers.forEach((t) => t.unref());
      void deliver();
    },
    async stop() {
      timers.splice(0).forEach(clearInterval);
      await delivering;
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
