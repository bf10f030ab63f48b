import type { ContentChange, ContentDocument } from '@touchpoint/content';
import { api, ApiError, EDITS, json, request, type Project } from './api.js';

/**
 * The project's draft, its diff with the published versions, and the team's tools (preview,
 * builder) through the collector's API (CONTRACT §7), for the Content page.
 */
export interface Draft {
  doc: ContentDocument;
  /** The ETag it was read with: a publish names it (If-Match), so it publishes what was looked at. */
  etag?: string;
  /** Whether a draft is saved (false: it is the published document, or a new one). */
  saved: boolean;
}

/** The draft, else the published document, else a new empty document. */
export async function readDraft(project: Project): Promise<Draft> {
  const res = await request(project, '/v1/content/draft');
  if (res.status === 404) return { doc: { version: 1 }, saved: false };
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new ApiError(res.status, body);
  return { doc: body as unknown as ContentDocument, etag: res.headers.get('etag') ?? undefined, saved: res.headers.get('x-touchpoint-draft') === 'saved' };
}

/**
 * Saves the draft; rejects with the collector's `errors` (paths) when it is not valid. With
 * `etag` (the draft's as it was read), only over that draft: a save by someone else since is
 * refused (an ApiError with status 412), never silently overwritten.
 */
export const saveDraft = (project: Project, doc: unknown, etag?: string) =>
  api<{ etag: string }>(project, '/v1/content/draft', { method: 'PUT', body: doc, ...(etag && { headers: { 'if-match': etag } }) });

/** What changed between two of `draft`, `published` and a version number. */
export const contentDiff = (project: Project, from: string | number, to: string | number) =>
  api<{ changes: ContentChange[] }>(project, `/v1/content/diff?from=${from}&to=${to}`).then((r) => r.changes);

/** Publishes the saved draft as the next version (only if it is still the one read as `etag`). */
export async function publishDraft(project: Project, etag: string | undefined): Promise<number> {
  const res = await request(project, '/v1/content/publish', { method: 'POST', headers: etag ? { 'if-match': etag } : {} });
  return (await json<{ version: number }>(res)).version;
}

/** The app URL to open with a preview token (`#touchpoint-preview=…`). */
export const previewLink = (project: Project, url: string) =>
  api<{ url: string }>(project, '/v1/preview', { method: 'POST', body: { url } }).then((r) => r.url);

/** The app URL to open with a builder session (`#touchpoint-builder=…`). */
export const builderLink = (project: Project, url: string) =>
  api<{ url: string }>(project, '/v1/builder/sessions', { method: 'POST', body: { url } }).then((r) => r.url);

const APP_URL = 'tp.dashboard.appUrl.';

/** The app URL remembered for the project in this browser ('' when none). */
export function appUrlOf(project: Project): string {
  try {
    return localStorage.getItem(APP_URL + project.id) ?? '';
  } catch {
    return '';
  }
}

export function rememberAppUrl(project: Project, url: string): void {
  try {
    localStorage.setItem(APP_URL + project.id, url);
  } catch {
    // Not remembered: asked again next time.
  }
}

/** Whether `url` is an absolute http(s) URL (what the collector takes as an app URL). */
export function isAppUrl(url: string): boolean {
  try {
    return /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Edits not saved yet, and the ETag of the draft they were made on. */
export interface KeptEdits {
  text: string;
  etag?: string;
}

/**
 * The Content page's unsaved edits of `project` by `user`, kept in this tab (sessionStorage)
 * while they differ from the saved draft: a reload, a visit to another page or a session that
 * ended (the same user signs in again) gives them back instead of losing them. Someone else
 * signing in on this tab never sees them; signing out forgets them (see signOut).
 */
export function keptEdits(project: Project, user: string): KeptEdits | undefined {
  try {
    const kept = JSON.parse(sessionStorage.getItem(`${EDITS}${project.id}.${user}`) ?? 'null') as KeptEdits | null;
    return typeof kept?.text === 'string' ? kept : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `edits` (undefined: forgets them, once saved or dropped). */
export function keepEdits(project: Project, user: string, edits: KeptEdits | undefined): void {
  try {
    if (edits) sessionStorage.setItem(`${EDITS}${project.id}.${user}`, JSON.stringify(edits));
    else sessionStorage.removeItem(`${EDITS}${project.id}.${user}`);
  } catch {
    // Storage full or blocked: the edits live as long as the page.
  }
}
