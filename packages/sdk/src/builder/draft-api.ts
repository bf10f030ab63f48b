/**
 * The collector's draft and preview endpoints (CONTRACT §7), called with the builder's token:
 * it grants editing this project's draft and making preview links, nothing else.
 */
import type { ContentDocument } from '@touchpoint/content';

export interface DraftIssue {
  path: string;
  message: string;
}

/** `conflict`: someone saved the draft since `etag` was read (412). */
export type SaveResult = { ok: true; etag?: string } | { ok: false; errors: DraftIssue[]; message: string; conflict?: boolean };

/** A draft as read, with its ETag (what a save names with If-Match, so it never overwrites a newer save unseen). */
export interface LoadedDraft {
  doc: ContentDocument;
  etag?: string;
}

export interface DraftApi {
  /** The project's draft (the collector answers the published content when no draft is saved); undefined when neither exists. */
  load(): Promise<LoadedDraft | undefined>;
  /** Saves the draft (over `etag` only, when given); a refused one comes back with its errors by JSON path. */
  save(doc: ContentDocument, etag?: string): Promise<SaveResult>;
  /** A preview link for the saved draft: `appUrl` with `#touchpoint-preview=TOKEN`. */
  preview(appUrl: string): Promise<string>;
}

/** Reads the errors of a 400, in either of the collector's shapes (`{ errors }` of a content document, `{ error, details }`). */
function issuesOf(body: unknown): DraftIssue[] {
  const b = (body ?? {}) as { errors?: unknown; details?: unknown };
  const list = Array.isArray(b.errors) ? b.errors : Array.isArray(b.details) ? b.details : [];
  return list.map((e: { path?: unknown; message?: unknown }) => ({ path: String(e.path ?? ''), message: String(e.message ?? '') }));
}

export function draftApi(host: string, token: string, fetchFn: typeof fetch = fetch): DraftApi {
  const call = (path: string, init: RequestInit = {}, etag?: string) =>
    fetchFn(`${host}${path}`, {
      ...init,
      credentials: 'omit',
      headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(etag && { 'if-match': etag }) },
    });
  return {
    async load() {
      const res = await call('/v1/content/draft');
      if (res.ok) return { doc: (await res.json()) as ContentDocument, etag: res.headers.get('etag') ?? undefined };
      if (res.status !== 404) throw new Error(`GET /v1/content/draft: HTTP ${res.status}`);
      // 404: no draft saved and nothing published yet.
      return undefined;
    },
    async save(doc, etag) {
      const res = await call('/v1/content/draft', { method: 'PUT', body: JSON.stringify(doc) }, etag);
      if (res.ok) return { ok: true, etag: res.headers.get('etag') ?? undefined };
      const body = await res.json().catch(() => ({}));
      return { ok: false, errors: issuesOf(body), message: String((body as { error?: unknown }).error ?? `HTTP ${res.status}`), conflict: res.status === 412 };
    },
    async preview(appUrl) {
      const res = await call('/v1/preview', { method: 'POST', body: JSON.stringify({ url: appUrl }) });
      if (!res.ok) throw new Error(`POST /v1/preview: HTTP ${res.status}`);
      return String(((await res.json()) as { url?: unknown }).url);
    },
  };
}
