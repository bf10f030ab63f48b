/**
 * The collector's draft and preview endpoints (CONTRACT §7), called with the builder's token:
 * it grants editing this project's draft and making preview links, nothing else.
 */
import type { ContentDocument } from '@touchpoint/content';

export interface DraftIssue {
  path: string;
  message: string;
}

export type SaveResult = { ok: true } | { ok: false; errors: DraftIssue[]; message: string };

export interface DraftApi {
  /** The project's draft (the collector answers the published content when no draft is saved); undefined when neither exists. */
  load(): Promise<ContentDocument | undefined>;
  /** Saves the draft; a refused one comes back with its errors by JSON path. */
  save(doc: ContentDocument): Promise<SaveResult>;
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
  const call = (path: string, init: RequestInit = {}) =>
    fetchFn(`${host}${path}`, {
      ...init,
      credentials: 'omit',
      headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    });
  return {
    async load() {
      const res = await call('/v1/content/draft');
      if (res.ok) return (await res.json()) as ContentDocument;
      if (res.status !== 404) throw new Error(`GET /v1/content/draft: HTTP ${res.status}`);
      // 404: no draft saved and nothing published yet.
      return undefined;
    },
    async save(doc) {
      const res = await call('/v1/content/draft', { method: 'PUT', body: JSON.stringify(doc) });
      if (res.ok) return { ok: true };
      const body = await res.json().catch(() => ({}));
      return { ok: false, errors: issuesOf(body), message: String((body as { error?: unknown }).error ?? `HTTP ${res.status}`) };
    },
    async preview(appUrl) {
      const res = await call('/v1/preview', { method: 'POST', body: JSON.stringify({ url: appUrl }) });
      if (!res.ok) throw new Error(`POST /v1/preview: HTTP ${res.status}`);
      return String(((await res.json()) as { url?: unknown }).url);
    },
  };
}
