import { h } from 'preact';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ContentDocument } from '@touchpoint/content';
import { api, ApiError, type Project, type Session } from './api.js';
import { num, t } from './i18n/locale.js';

/** What every page is given: the signed-in project and the date range picked. */
export interface PageProps {
  project: Project;
  range: { from: string; to: string };
  /** Who is signed in. */
  session?: Session;
}

/** A count as the pages write it, in the dashboard's language: 12,345. */
export const count = num;

/** Loads `path` (again whenever it changes) with the project's key. */
export function useApi<T>(project: Project, path: string | null): { data?: T; error?: string; status?: number; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: string; status?: number }>({});
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    api<T>(project, path).then(
      (data) => live && setState({ data }),
      // The status, for pages that branch on what the collector said (404: nothing there yet).
      (e: Error) => live && setState({ error: e.message, status: e instanceof ApiError ? e.status : undefined }),
    );
    return () => {
      live = false;
    };
  }, [project.id, path, n]);
  return { ...state, reload: () => setN((x) => x + 1) };
}

export function Loading({ error }: { error?: string }) {
  return error ? (
    <p class="error" role="alert">
      {t.notLoaded} <CollectorText text={error} />
    </p>
  ) : (
    <p class="muted" role="status">
      {t.loading}
    </p>
  );
}

/** A message from the collector: English by contract, marked so in a Japanese page. */
export const CollectorText = ({ text }: { text: string }) => <span lang="en">{text}</span>;

/** What the collector refused, in its words, as an alert (nothing when there is no error). */
export const CollectorError = ({ error }: { error?: string }) =>
  error ? (
    <p class="error" role="alert">
      <CollectorText text={error} />
    </p>
  ) : null;

export const Empty = ({ children }: { children: ComponentChildren }) => <div class="empty">{children}</div>;

const NOTHING_PUBLISHED: ContentDocument = { version: 1 };

/** The published document (an empty one when nothing is published yet). */
export function useDoc(project: Project) {
  const res = useApi<ContentDocument>(project, '/v1/content');
  // 404: nothing published yet (not an error to show).
  return res.status === 404 ? { doc: NOTHING_PUBLISHED, error: undefined } : { doc: res.data, error: res.error };
}

/**
 * A table in a box of its own that scrolls sideways when the table is wider than the page (a
 * phone): a region named `label`, reachable with Tab so that keyboard users scroll it with the
 * arrow keys (axe: scrollable-region-focusable).
 */
export function Table({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable from the keyboard to be scrolled
    <section class="scroll" aria-label={label} tabIndex={0}>
      <table>{children}</table>
    </section>
  );
}
