import type { ContentCache } from '../content-cache.js';
import { createLocalCoordination, type Coordination } from '../coordination.js';
import type { Project, ProjectStore } from '../store/store.js';
import type { PlanEmail } from './contracts.js';
import { type JourneyRunResult, type RunnerStore, runJourneys } from './runner.js';

export interface JourneyServiceOptions {
  store: RunnerStore & Pick<ProjectStore, 'listProjects'>;
  content: ContentCache;
  now: () => number;
  /** Run every project's published journeys this often (ms); 0 turns the schedule off. @default 300000 (5 minutes) */
  intervalMs?: number;
  /** Runs the schedule once a period across instances, and each journey's run under its lease. @default in this process alone */
  coordination?: Pick<Coordination, 'every' | 'lease'>;
  /**
   * The email channel: a fresh planner for each run (what a planner keeps, such as the emails
   * it planned per address, is about one run); without it, email entries are skipped as `no-mailer`.
   */
  planEmail?: () => PlanEmail;
  /** Sends what a run queued in the outbox (the health service's delivery). */
  deliver?: () => Promise<void>;
  log?: (message: string) => void;
}

/**
 * Journeys on a schedule and on demand: each project's published journeys run one project
 * run at a time in this process (a demand during a scheduled run waits for it, then runs),
 * and each journey under its lease across instances (a run meeting another instance's run of
 * a journey skips that journey: `busy`); what a run queued is handed to the outbox's delivery at once.
 */
export function createJourneyService(o: JourneyServiceOptions) {
  const coordination = o.coordination ?? createLocalCoordination();
  const running = new Map<number, Promise<unknown>>();
  let stopSchedule: (() => Promise<void>) | undefined;

  /** Runs the project's published journeys now: per journey, who was evaluated, entered, acted on, held out, skipped by reason. */
  async function run(project: Project): Promise<{ journeys: JourneyRunResult[]; tookMs: number }> {
    const before = running.get(project.id);
    const next = (async () => {
      await before?.catch(() => {});
      const started = Date.now();
      const doc = (await o.content.get(project.id)).doc;
      const journeys = doc
        ? await runJourneys({ store: o.store, leases: coordination, ...(o.planEmail && { planEmail: o.planEmail() }) }, project, doc, o.now())
        : [];
      if (journeys.some((j) => j.acted)) void o.deliver?.();
      return { journeys, tookMs: Date.now() - started };
    })();
    running.set(project.id, next);
    try {
      return await next;
    } finally {
      if (running.get(project.id) === next) running.delete(project.id);
    }
  }

  async function runAll() {
    for (const project of await o.store.listProjects()) {
      try {
        await run(project);
      } catch (e) {
        o.log?.(`journeys of project ${project.id}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  return {
    run,
    start() {
      if (o.intervalMs === 0) return;
      stopSchedule = coordination.every('journeys', o.intervalMs ?? 300_000, () => runAll().catch((e: unknown) => o.log?.(`journeys: ${String(e)}`)));
    },
    async stop() {
      await stopSchedule?.();
      await Promise.allSettled(running.values());
    },
  };
}

export type JourneyService = ReturnType<typeof createJourneyService>;
