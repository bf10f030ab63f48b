import type { ContentDocument } from '@touchpoint/content';
import type { Platform } from './platform.js';
import type { KeyValueStore } from './storage.js';

/**
 * How the content of this tab was answered, for the preview's badge: `draft` (a preview),
 * `ended` (the preview token was refused: the published content), `offline` (the collector
 * could not be reached: the last good copy), or null (the published content as usual, or
 * content given inline).
 */
export type ContentSource = 'draft' | 'ended' | 'offline' | null;

/** The content this tab runs, and how it was answered. */
export interface LoadedContent {
  content?: ContentDocument;
  source: ContentSource;
}

/** The last good copy of the published content, kept for the next visit and for offline ones. */
export const CONTENT = 'tp.content';

/**
 * Fetches the project's content: the published document (revalidated by ETag), or with a
 * preview token the draft. Only published content becomes the last good copy: a draft is
 * never stored, so it never outlives its preview nor shows to anyone offline.
 */
export async function loadContent(
  platform: Platform,
  store: KeyValueStore,
  url: string,
  preview: string | undefined,
  warn: (msg: string) => void,
): Promise<LoadedContent> {
  let content: ContentDocument | undefined;
  let source: ContentSource = null;
  try {
    // no-cache: the browser revalidates its copy with the ETag (a 304 costs no body); no-store: a draft is never cached.
    const res = await platform.fetch(preview ? `${url}&preview=${encodeURIComponent(preview)}` : url, {
      cache: preview ? 'no-store' : 'no-cache',
      credentials: 'omit',
    });
    source = res.headers.get('X-Touchpoint-Preview') as ContentSource;
    if (res.ok) content = (await res.json()) as ContentDocument;
    else if (res.status !== 404) throw new Error(`HTTP ${res.status}`);
    // 404: nothing is published; the copy becomes an empty document, so the next visit knows
    // there is nothing to run (and fetches no engine beside the content).
    if (source !== 'draft') store.set(CONTENT, content ?? { version: 1 });
  } catch (e) {
    // Offline, or the collector is down: the last good copy keeps the product guided.
    content = store.get<ContentDocument>(CONTENT);
    source = 'offline';
    warn(`could not load the content (${String(e)}); ${content ? 'using the last good copy' : 'no copy to fall back on'}`);
  }
  return { content, source };
}
