import type { ContentDocument } from './document.js';

/**
 * Whether something in `doc` may show by itself as a page loads: a flow, message or survey
 * with a page trigger (on any URL: the question is asked where the page's URL is not known,
 * by the collector for the script tag's first-visit hint). Never throws on a broken document.
 */
export function showsOnPageLoad(doc: ContentDocument | undefined): boolean {
  return [doc?.flows, doc?.messages, doc?.surveys].some(
    (section) => Array.isArray(section) && section.some((item) => (item as { trigger?: { on?: unknown } } | null)?.trigger?.on === 'page'),
  );
}

/**
 * The browser storage key under which the SDK keeps the anonymous id (`identity.ts`): the
 * collector's first-visit hint reads it too (a browser that has one is not on its first visit).
 */
export const ANONYMOUS_ID_KEY = 'tp.aid';
