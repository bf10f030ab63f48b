import type { ContentDocument, Experiment } from '@touchpoint/content';
import type { EventRow, Store } from './store/store.js';

const DAY = 86_400_000;
/** Goals without `withinDays` count for a long time, not forever (a year). */
const DEFAULT_WINDOW_DAYS = 365;

export interface ExperimentIndex {
  /** Every experiment of the published content, by id (messages' and flows'). */
  byId: Map<string, Experiment>;
  /** The experiments each event is the goal of. */
  byGoal: Map<string, Array<{ experimentId: string; windowMs: number }>>;
}

/** The experiments declared in a content document. */
export function indexExperiments(doc: ContentDocument | undefined): ExperimentIndex {
  const byId = new Map<string, Experiment>();
  const byGoal = new Map<string, Array<{ experimentId: string; windowMs: number }>>();
  const all = [...(doc?.messages ?? []), ...(doc?.flows ?? [])].map((item) => (item as { experiment?: Experiment }).experiment);
  for (const experiment of all) {
    if (!experiment) continue;
    byId.set(experiment.id, experiment);
    const list = byGoal.get(experiment.goal.event) ?? [];
    list.push({ experimentId: experiment.id, windowMs: (experiment.goal.withinDays ?? DEFAULT_WINDOW_DAYS) * DAY });
    byGoal.set(experiment.goal.event, list);
  }
  return { byId, byGoal };
}

/**
 * The experiment index of each project's newest content, cached: ingest consults it for
 * every request. A publish through this server drops the entry at once; the short expiry
 * covers publishes through another process on the same database.
 */
export function createExperimentCache(store: Store, now: () => number, ttlMs = 10_000) {
  const cache = new Map<number, { at: number; index: Promise<ExperimentIndex> }>();
  return {
    get(projectId: number): Promise<ExperimentIndex> {
      const hit = cache.get(projectId);
      if (hit && now() - hit.at < ttlMs) return hit.index;
      const index = store.latestContent(projectId).then((c) => indexExperiments(c ? (JSON.parse(c.json) as ContentDocument) : undefined));
      cache.set(projectId, { at: now(), index });
      return index;
    },
    invalidate(projectId: number) {
      cache.delete(projectId);
    },
  };
}

export type ExperimentCache = ReturnType<typeof createExperimentCache>;

/** Marks exposures (`Experiment Viewed`) and goal events among the rows about to be stored. */
export function annotateExperiments(rows: EventRow[], index: ExperimentIndex): void {
  if (!index.byId.size) return;
  for (const row of rows) {
    if (row.event === 'Experiment Viewed') {
      const properties = (JSON.parse(row.payload) as { properties?: Record<string, unknown> }).properties ?? {};
      const experimentId = properties.experiment_id;
      const variant = properties.variation_id;
      if (typeof experimentId === 'string' && typeof variant === 'string' && index.byId.has(experimentId)) row.exposure = { experimentId, variant };
    }
    const goals = row.event !== null ? index.byGoal.get(row.event) : undefined;
    if (goals) row.goals = goals;
  }
}
