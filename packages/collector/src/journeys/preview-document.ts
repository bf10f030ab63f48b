import type { ContentDocument, ContentIssue, ContentValidationOptions, Journey } from '@touchpoint/content';
import { segmentsReached, validateContent } from '@touchpoint/content';

/** What a preview evaluates: the document (its segments and settings) and the draft journey; or the problems of those. */
export type PreviewDocument = { ok: true; doc: ContentDocument; journey: Journey } | { ok: false; errors: ContentIssue[] };

/**
 * Checks a draft journey for its preview as it would be published beside `base` (the document
 * being edited, or the published one), but answers only the problems of what the preview
 * reads: the journey, the segments its audience names (and those they name), and the
 * document's settings. An unrelated problem elsewhere in a draft (a tour half written) does
 * not keep the dashboard from its count. Paths are the document's, `journeys[0]` as `journey`.
 */
export function previewDocument(base: Partial<ContentDocument>, journey: unknown, segments: unknown, options: ContentValidationOptions): PreviewDocument {
  const candidate = { ...base, segments: segments ?? base.segments, journeys: [journey] };
  const checked = validateContent(candidate, options);
  if (checked.ok) return { ok: true, doc: checked.document, journey: checked.document.journeys![0] as Journey };
  const named = (errors: ContentIssue[]) => errors.map((e) => ({ ...e, path: e.path.replace(/^journeys\[0\]/, 'journey') }));
  // Nothing was checked (the document is too deep or too wide to read, or has a prototype key): no problem can be left out as unrelated.
  if (checked.unchecked) return { ok: false, errors: named(checked.errors) };
  const all: unknown[] = Array.isArray(candidate.segments) ? candidate.segments : [];
  const idOf = (s: unknown) => (s && typeof s === 'object' ? (s as { id?: unknown }).id : undefined);
  const reached = segmentsReached((journey as { audience?: unknown } | null)?.audience, all);
  const used = new Set(all.flatMap((s, i) => (reached.has(idOf(s) as string) ? [i] : [])));
  const relevant = (path: string) => {
    const segment = /^segments\[(\d+)\]/.exec(path);
    return path.startsWith('journeys[0]') || path.startsWith('settings') || path === '' || (segment !== null && used.has(Number(segment[1])));
  };
  const errors = named(checked.errors.filter((e) => relevant(e.path)));
  if (errors.length) return { ok: false, errors };
  // The journey, its segments and the settings have no problem: they are as the schema reads them.
  const doc = {
    version: 1,
    ...(base.settings !== undefined && { settings: base.settings }),
    segments: all.filter((_, i) => used.has(i)),
    journeys: [journey],
  } as ContentDocument;
  return { ok: true, doc, journey: journey as Journey };
}
