import { randomUUID } from 'node:crypto';
import type { ContentCache } from './content-cache.js';
import { createLocalCoordination, type Coordination } from './coordination.js';
import { healthScore } from './health.js';
import type { AccountStore, HealthRecord, HealthStore, NewAlert, Project, ProjectStore } from './store/store.js';

const DAY = 86_400_000;

export interface HealthServiceOptions {
  store: AccountStore & HealthStore & ProjectStore;
  content: ContentCache;
  now: () => number;
  /** Recompute every project's health this often (ms); 0 turns the schedule off. @default 1 hour */
  intervalMs?: number;
  /** Sends what the outbox holds (the outbox's delivery: signed, retried, once). */
  deliver: () => Promise<void>;
  log?: (message: string) => void;
  /** Runs the recompute once a period across instances. @default in this process alone */
  coordination?: Pick<Coordination, 'every'>;
}

/**
 * Account health: scores recomputed on a schedule and on demand, history kept, and alerts
 * when a score crosses below a threshold. Alerts go through the durable outbox (`outbox.ts`):
 * queued in the database in the same step that saves the scores, posted with an HMAC
 * signature and an idempotency key, retried with backoff until the receiver says 2xx, and
 * never sent again after that, across restarts.
 */
export function createHealthService(o: HealthServiceOptions) {
  const { store, now } = o;
  // The outbox's retries run on the wall clock; `now` (injectable) only decides which days are scored.
  const wall = () => Date.now();
  let stopSchedule: (() => Promise<void>) | undefined;

  async function recompute(project: Project): Promise<HealthRecord[]> {
    const doc = (await o.content.get(project.id)).doc;
    const settings = doc?.health;
    if (!settings) return [];
    const days = settings.windowDays ?? 14;
    const today = Math.floor(now() / DAY);
    const current = await store.accountWindows(project.id, { from: today - days + 1, to: today });
    const previous = new Map((await store.accountWindows(project.id, { from: today - 2 * days + 1, to: today - days })).map((a) => [a.accountId, a]));
    // Every account with a saved score above 0 too: one whose events are all gone (its users
    // erased, or silent for two windows) scores what it has now, not what it had when last seen.
    // (Once at 0 with nothing in either window it stays 0 under any settings: not scored again.)
    const known = new Map((await store.latestHealth(project.id)).filter((h) => h.score > 0).map((h) => [h.accountId, h]));
    const ids = new Set([...current.map((a) => a.accountId), ...previous.keys(), ...known.keys()]);
    const byId = new Map(current.map((a) => [a.accountId, a]));
    const records: HealthRecord[] = [...ids].map((accountId) => {
      const tier = previous.get(accountId)?.tier ?? known.get(accountId)?.tier ?? null;
      const now_ = byId.get(accountId) ?? { accountId, tier, activeDays: 0, counts: {} };
      const before = previous.get(accountId);
      const { score, reasons } = healthScore(settings, now_, doc?.features);
      return { accountId, tier: now_.tier, day: today, score, previousScore: before ? healthScore(settings, before, doc?.features).score : null, reasons };
    });
    // Edge-triggered: only a fall across the threshold between two scores alerts (the last known
    // score at or above, this one below). An account's first score has nothing to fall from:
    // most accounts are new then, with a low score that says nothing about risk. The alerts are
    // queued in the transaction that saves the scores: a failure keeps neither, and the next
    // run sees the same fall.
    const raise = (known: ReadonlyMap<string, number>): NewAlert[] =>
      (settings.alerts ?? []).flatMap((rule) =>
        records.flatMap((r) => {
          const last = known.get(r.accountId);
          if (last === undefined || last < rule.below || r.score >= rule.below) return [];
          const body = JSON.stringify({
            account_id: r.accountId,
            tier: r.tier,
            score: r.score,
            previousScore: last,
            reasons: r.reasons,
            at: new Date(now()).toISOString(),
          });
          return [{ id: randomUUID(), projectId: project.id, url: rule.webhook, body }];
        }),
      );
    await store.saveHealth(project.id, records, raise, wall());
    void o.deliver();
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

  return {
    recompute,
    start() {
      // A storage failure is logged, never an unhandled rejection (which would end the process).
      if (o.intervalMs !== 0) {
        const coordination = o.coordination ?? createLocalCoordination();
        stopSchedule = coordination.every('health', o.intervalMs ?? 3_600_000, () => recomputeAll().catch((e: unknown) => o.log?.(`health: ${String(e)}`)));
      }
    },
    async stop() {
      await stopSchedule?.();
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
