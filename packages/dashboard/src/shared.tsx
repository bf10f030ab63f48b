import { h } from 'preact';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Project } from './api.js';

/** Loads `path` (again whenever it changes) with the project's key. */
export function useApi<T>(project: Project, path: string | null): { data?: T; error?: string; status?: number; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: string; status?: number }>({});
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    api<T>(project.secretKey, path).then(
      (data) => live && setState({ data }),
      // The status, for pages that branch on what the collector said (404: nothing there yet).
      (e: Error) => live && setState({ error: e.message, status: e instanceof ApiError ? e.status : undefined }),
    );
    return () => {
      live = false;
    };
  }, [project.secretKey, path, n]);
  return { ...state, reload: () => setN((x) => x + 1) };
}

export function Loading({ error }: { error?: string }) {
  return error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : (
    <p class="muted" role="status">
      Loading…
    </p>
  );
}

export const Empty = ({ children }: { children: ComponentChildren }) => <div class="empty">{children}</div>;
