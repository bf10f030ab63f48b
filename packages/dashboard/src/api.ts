/**
 * The collector's report API (CONTRACT §5), read with a project's secret key. Keys live in
 * sessionStorage: they last as long as the tab, and never reach another tab or the disk.
 */
export interface Project {
  id: number;
  name: string;
  writeKey: string;
  secretKey: string;
}

const KEYS = 'tp.dashboard.projects';
const CURRENT = 'tp.dashboard.current';

export function savedProjects(): Project[] {
  try {
    return JSON.parse(sessionStorage.getItem(KEYS) ?? '[]') as Project[];
  } catch {
    return [];
  }
}

export function currentProject(): Project | undefined {
  const all = savedProjects();
  return all.find((p) => p.secretKey === sessionStorage.getItem(CURRENT)) ?? all[0];
}

export function useProject(p: Project): void {
  sessionStorage.setItem(CURRENT, p.secretKey);
}

export function signOut(): void {
  sessionStorage.removeItem(KEYS);
  sessionStorage.removeItem(CURRENT);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.error === 'string' ? body.error : `HTTP ${status}`);
  }
}

/** Calls the collector with a secret key; resolves with the JSON, or rejects with an ApiError. */
export async function api<T>(secretKey: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${secretKey}`, ...(init.body !== undefined && { 'content-type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new ApiError(res.status, body);
  return body as T;
}

/** Signs in with a secret key: checks it with the collector and adds its project to this tab's list. */
export async function signIn(secretKey: string): Promise<Project> {
  const p = await api<Omit<Project, 'secretKey'>>(secretKey, '/v1/project');
  const project = { ...p, secretKey };
  sessionStorage.setItem(KEYS, JSON.stringify([...savedProjects().filter((x) => x.id !== p.id), project]));
  useProject(project);
  return project;
}

/** A `from`/`to` pair of UTC days ending today. */
export function lastDays(n: number, now = Date.now()): { from: string; to: string } {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(now - (n - 1) * 86_400_000), to: day(now) };
}
