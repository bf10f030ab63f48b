import { assignVariant, EVENTS } from '@touchpoint/content';
import type { KeyValueStore } from './storage.js';

const VARIANTS = 'tp.variants';
const EXPOSED = 'tp.exposed';

/** An experiment as the engine meets it on a flow or a message. */
export interface ExperimentRef {
  id: string;
  control?: number;
  variants: ReadonlyArray<{ id: string; weight: number }>;
}

export interface Exposure {
  /** The variant for this user (null: control), sticky on this device from the first assignment, across identify. */
  variantOf(experiment: ExperimentRef): string | null;
  /**
   * The moment content under an experiment would show: the user's variant (null for
   * control), and `Experiment Viewed` once per user and experiment, control included.
   */
  expose(experiment: ExperimentRef): string | null;
  /** Forgets every assignment and exposure (log out). */
  reset(): void;
}

export function createExposure(store: KeyValueStore, userKey: () => string, track: (event: string, properties: Record<string, unknown>) => void): Exposure {
  function variantOf(experiment: ExperimentRef): string | null {
    const saved = store.get<Record<string, string | null>>(VARIANTS) ?? {};
    if (experiment.id in saved) return saved[experiment.id] ?? null;
    const assigned = assignVariant(experiment, userKey());
    store.set(VARIANTS, { ...saved, [experiment.id]: assigned });
    return assigned;
  }
  return {
    variantOf,
    expose(experiment) {
      const assigned = variantOf(experiment);
      const exposed = store.get<string[]>(EXPOSED) ?? [];
      if (!exposed.includes(experiment.id)) {
        store.set(EXPOSED, [...exposed, experiment.id]);
        track(EVENTS.experimentViewed, { experiment_id: experiment.id, variation_id: assigned ?? 'control' });
      }
      return assigned;
    },
    reset() {
      store.remove(VARIANTS);
      store.remove(EXPOSED);
    },
  };
}
