import type { ContentDocument } from '@touchpoint/content';
import { indexExperiments, type ExperimentIndex } from './experiments.js';
import { clickFeatures, type ClickFeature } from './retroactive.js';
import type { ContentStore } from './store/store.js';

/** A project's newest published content, parsed once, with what ingest derives from it. */
export interface PublishedContent {
  /** Undefined when nothing was published yet. */
  doc: ContentDocument | undefined;
  experiments: ExperimentIndex;
  /** Click features matched on each `Element Clicked` path at ingest. */
  clickFeatures: ClickFeature[];
}

/**
 * The newest content of each project, parsed and cached: ingest (experiment goals), the
 * profile (identity verification), reports and health all read it on every request. A
 * publish through this server drops the entry at once; the short expiry covers publishes
 * through another process on the same database.
 */
export function createContentCache(store: ContentStore, now: () => number, ttlMs = 10_000) {
  const cache = new Map<number, { at: number; content: Promise<PublishedContent> }>();
  return {
    get(projectId: number): Promise<PublishedContent> {
      const hit = cache.get(projectId);
      if (hit && now() - hit.at < ttlMs) return hit.content;
      const content = store.latestContent(projectId).then((c) => {
        const doc = c ? (JSON.parse(c.json) as ContentDocument) : undefined;
        return { doc, experiments: indexExperiments(doc), clickFeatures: clickFeatures(doc) };
      });
      cache.set(projectId, { at: now(), content });
      return content;
    },
    invalidate(projectId: number) {
      cache.delete(projectId);
    },
  };
}

export type ContentCache = ReturnType<typeof createContentCache>;
