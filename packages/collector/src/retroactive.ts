import { compileElementMatcher, EVENTS, readElementPath, type ContentDocument, type ElementPathMatcher } from '@touchpoint/content';
import type { JobQueue } from './coordination.js';
import type { ClickCursor, EventRow, EventStore, ReportStore } from './store/store.js';

/** A click feature of the content whose selector can be matched on stored click paths. */
export interface ClickFeature {
  id: string;
  selector: string;
  match: ElementPathMatcher;
}

/** The content's click features (`on` is "click", the default) that stored paths can tell. */
export function clickFeatures(doc: ContentDocument | undefined): ClickFeature[] {
  const out: ClickFeature[] = [];
  for (const f of doc?.features ?? []) {
    if (!f.selector || (f.on ?? 'click') !== 'click') continue;
    const match = compileElementMatcher(f.selector);
    if (match) out.push({ id: f.id, selector: f.selector, match });
  }
  return out;
}

const matching = (features: readonly ClickFeature[], path: unknown) => {
  const descriptors = readElementPath(path);
  return descriptors.length ? features.filter((f) => f.match(descriptors)).map((f) => f.id) : [];
};

/** At ingest: the click features each `Element Clicked` row's path matches. */
export function annotateClicks(rows: EventRow[], features: readonly ClickFeature[]): void {
  if (!features.length) return;
  for (const row of rows) {
    if (row.event !== EVENTS.elementClicked) continue;
    const ids = matching(features, row.properties?.path);
    if (ids.length) row.features = ids;
  }
}

/** The click features of `next` that are new, or whose selector changed, since `previous`. */
export function changedClickFeatures(previous: ContentDocument | undefined, next: ContentDocument): ClickFeature[] {
  const before = new Map(clickFeatures(previous).map((f) => [f.id, f.selector]));
  return clickFeatures(next).filter((f) => before.get(f.id) !== f.selector);
}

/** What a backfill reads (stored clicks) and records (feature uses). */
export type ClickFeatureStore = Pick<EventStore, 'clicksAfter'> & Pick<ReportStore, 'addFeatureUses'>;

/**
 * Retroactive features: counts the stored clicks that `features` match as uses on the day
 * they happened, oldest first, a page at a time and yielding between pages so ingest and
 * reports keep going. Clicks already counted are harmless (a user's day is a bit, set
 * once). Resolves with the number of matching clicks.
 */
export async function backfillClickFeatures(
  store: ClickFeatureStore,
  projectId: number,
  features: readonly ClickFeature[],
  options: { pageSize?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const pageSize = options.pageSize ?? 2000;
  if (!features.length) return 0;
  let cursor: ClickCursor | undefined;
  let matched = 0;
  for (;;) {
    const page = await store.clicksAfter(projectId, cursor, pageSize);
    const uses = page.clicks.flatMap((click) => {
      let path: unknown;
      try {
        path = click.path ? JSON.parse(click.path) : undefined;
      } catch {
        return [];
      }
      return matching(features, path).map((featureId) => ({ featureId, click }));
    });
    matched += new Set(uses.map((u) => u.click)).size;
    if (uses.length) await store.addFeatureUses(projectId, uses);
    if (page.next === undefined || options.signal?.aborted) return matched;
    cursor = page.next;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const BACKFILL = 'click-features';

/** The click features a queued backfill names (`{ id, selector }` each), compiled again. */
function featuresOf(payload: unknown): ClickFeature[] {
  if (!Array.isArray(payload)) return [];
  return payload.flatMap((f: { id?: unknown; selector?: unknown }) => {
    if (typeof f?.id !== 'string' || typeof f.selector !== 'string') return [];
    const match = compileElementMatcher(f.selector);
    return match ? [{ id: f.id, selector: f.selector, match }] : [];
  });
}

/**
 * The server's backfills, run in the background as jobs of the coordination's queue (in this
 * process alone, or in PostgreSQL, where any instance runs it and another takes it over when
 * that one dies); `stop()` ends the one running after its current page (it is run again from
 * the start later: a click's day counts once however often it is counted).
 */
export function createBackfills(store: ClickFeatureStore, jobs: JobQueue, log: (message: string) => void) {
  const stop = jobs.work(BACKFILL, async ({ projectId, payload, signal }) => {
    const features = featuresOf(payload);
    try {
      const matched = await backfillClickFeatures(store, projectId, features, { signal });
      log(`retroactive features ${features.map((f) => f.id).join(', ')}: ${matched} past click(s) counted`);
    } catch (e) {
      log(`retroactive features failed: ${String(e)}`);
      throw e;
    }
  });
  return {
    /** Queues the backfill of `features` (a failure to queue is logged: the publish stands). */
    async start(projectId: number, features: readonly ClickFeature[]): Promise<void> {
      if (!features.length) return;
      await jobs
        .enqueue(
          BACKFILL,
          projectId,
          features.map((f) => ({ id: f.id, selector: f.selector })),
        )
        .catch((e: unknown) => log(`retroactive features could not be queued: ${String(e)}`));
    },
    stop,
  };
}

export type Backfills = ReturnType<typeof createBackfills>;
