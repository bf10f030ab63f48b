import type { ContentDocument, Experiment } from '@touchpoint/content';
import type { EventRow } from './store/store.js';

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

/** Marks exposures (`Experiment Viewed`) and goal events among the rows about to be stored. */
export function annotateExperiments(rows: EventRow[], index: ExperimentIndex): void {
  if (!index.byId.size) return;
  for (const row of rows) {
    if (row.event === 'Experiment Viewed') {
      const experimentId = row.properties?.experiment_id;
      const variant = row.properties?.variation_id;
      if (typeof experimentId === 'string' && typeof variant === 'string' && index.byId.has(experimentId)) row.exposure = { experimentId, variant };
    }
    const goals = row.event !== null ? index.byGoal.get(row.event) : undefined;
    if (goals) row.goals = goals;
  }
}
