import type { ContentDocument } from '@touchpoint/content';
import { indexExperiments, type ExperimentIndex } from './experiments.js';
import { clickFeatures, type ClickFeature } from './retroactive.js';
import type { Coordination } from './coordination.js';
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
 * publish through this server drops the entry at once; one through another instance does
 * when the coordination hears of it (PostgreSQL: at its commit), and the expiry
 * (`coordination.contentCacheTtlMs`, 10 s alone on SQLite) covers what it cannot hear.
 */
export function createContentCache(store: ContentStore, now: () => number, coordination: Pick<Coordination, 'onContentChanged' | 'contentCacheTtlMs'>) {
  const ttlMs = coordination.contentCacheTtlMs;
  const cache = new Map<number, { at: number; content: Promise<PublishedContent> }>();
  coordination.onContentChanged((projectId) => (projectId === undefined ? cache.clear() : cache.delete(projectId)));
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
