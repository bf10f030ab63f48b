import type { ContentDocument } from './document.js';

/**
 * What may show by itself as a page loads, by what draws it: `flows` (a tour step, tooltip or
 * hotspot), `messages` and `surveys` with a page trigger (on any URL), and the `dock` (a
 * checklist, or a resource center with articles: shown on every page their audience sees).
 */
export type PageLoadShow = 'flows' | 'messages' | 'surveys' | 'dock';

/**
 * What in `doc` may show by itself as a page loads, in a fixed order (the same document gives
 * the same list). Asked where the page's URL and the user are not known, by the collector for
 * the script tag's first-visit hint: a trigger on any URL, and a checklist for any audience,
 * count. Never throws on a broken document.
 */
export function pageLoadShows(doc: ContentDocument | undefined): PageLoadShow[] {
  const paged = (section: unknown) => Array.isArray(section) && section.some((item) => (item as { trigger?: { on?: unknown } } | null)?.trigger?.on === 'page');
  const listed = (section: unknown) => Array.isArray(section) && section.length > 0;
  const shows: Record<PageLoadShow, boolean> = {
    flows: paged(doc?.flows),
    messages: paged(doc?.messages),
    surveys: paged(doc?.surveys),
    dock: listed(doc?.checklists) || listed((doc?.resources as { articles?: unknown } | undefined)?.articles),
  };
  return (Object.keys(shows) as PageLoadShow[]).filter((kind) => shows[kind]);
}

/**
 * The browser storage key under which the SDK keeps the anonymous id (`identity.ts`): the
 * collector's first-visit hint reads it too (a browser that has one is not on its first visit).
 */
export const ANONYMOUS_ID_KEY = 'tp.aid';
