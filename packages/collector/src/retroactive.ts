import { compileElementMatcher, EVENTS, readElementPath, type ContentDocument, type ElementPathMatcher } from '@touchpoint/content';
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

/**
 * The server's backfills, run one after another in the background; `stop()` ends the one
 * running after its current page (the next publish of the same selector starts over).
 */
export function createBackfills(store: ClickFeatureStore, log: (message: string) => void) {
  const abort = new AbortController();
  let queue: Promise<unknown> = Promise.resolve();
  return {
    start(projectId: number, features: readonly ClickFeature[]): Promise<number> {
      if (!features.length) return Promise.resolve(0);
      const run = queue.then(async () => {
        if (abort.signal.aborted) return 0;
        const matched = await backfillClickFeatures(store, projectId, features, { signal: abort.signal });
        log(`retroactive features ${features.map((f) => f.id).join(', ')}: ${matched} past click(s) counted`);
        return matched;
      });
      queue = run.catch((e: unknown) => log(`retroactive features failed: ${String(e)}`));
      return run;
    },
    async stop() {
      abort.abort();
      await queue;
    },
  };
}

export type Backfills = ReturnType<typeof createBackfills>;
