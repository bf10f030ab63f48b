/**
 * The collector's API (CONTRACT §5, §7, §8) as a signed-in team member calls it: the session is
 * an HttpOnly cookie the page cannot read; requests that change anything carry the session's
 * CSRF token, and every request names its project (`X-Touchpoint-Project`).
 */
import { hasRole, type Role } from '@touchpoint/content';

/** A project (one environment of it) the signed-in user works on, with their role there. */
export interface Project {
  id: number;
  name: string;
  role: Role;
  /** The project's write key (public: it is in the vendor's pages). */
  writeKey?: string;
  environment?: 'production' | 'staging';
  /** On a production project: its staging environment's id, once it has one. */
  stagingId?: number;
  /** On a staging project: its production's id. */
  productionId?: number;
}

/** Who is signed in, as `POST /v1/auth/login` and `GET /v1/auth/session` answer. */
export interface Session {
  user: { email: string; role?: Role; mustChangePassword?: boolean };
  csrfToken: string;
  projects: Project[];
}

let csrfToken = '';
let ended: (() => void) | undefined;

/** Called when the collector no longer knows this browser's session (expired, revoked, signed out elsewhere). */
export function onSessionEnd(callback: () => void): void {
  ended = callback;
}
const CURRENT = 'tp.dashboard.current';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.error === 'string' ? body.error : `HTTP ${status}`);
  }
}

/** A request with the session: the project's header, the CSRF token on anything but a read. */
export async function request(
  project: Project | undefined,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const method = init.method ?? 'GET';
  return fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(project && { 'x-touchpoint-project': String(project.id) }),
      ...(method !== 'GET' && { 'x-csrf-token': csrfToken }),
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** The JSON of a response, or an ApiError with the collector's answer. */
export async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status === 401 && csrfToken) {
    csrfToken = '';
    ended?.();
  }
  if (!res.ok) throw new ApiError(res.status, body);
  return body as T;
}

/** Calls the collector for `project`; resolves with the JSON, or rejects with an ApiError. */
export const api = <T>(project: Project | undefined, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> =>
  request(project, path, init).then((res) => json<T>(res));

function started(session: Session): Session {
  csrfToken = session.csrfToken;
  return session;
}

/** The session of this browser, or undefined when nobody is signed in. */
export async function currentSession(): Promise<Session | undefined> {
  const res = await request(undefined, '/v1/auth/session');
  if (res.status === 401) return undefined;
  return started(await json<Session>(res));
}

/** Signs in; rejects with the collector's reason (401 wrong email or password, 429 too many tries). */
export const signIn = (email: string, password: string) =>
  api<Session>(undefined, '/v1/auth/login', { method: 'POST', body: { email, password } }).then(started);

/** Accepts an invitation by choosing a password: signed in as the invited member. */
export const acceptInvitation = (token: string, password: string) =>
  api<Session>(undefined, `/v1/invitations/${encodeURIComponent(token)}/accept`, { method: 'POST', body: { password } }).then(started);

export const changePassword = (currentPassword: string, newPassword: string) =>
  api<unknown>(undefined, '/v1/auth/password', { method: 'POST', body: { currentPassword, newPassword } });

/** Where the Content page keeps this tab's unsaved edits (see drafts.ts, keptEdits). */
export const EDITS = 'touchpoint.unsaved-edits.';

/** Ends this session (`everywhere`: every session of the user, on every device); the edits this tab kept go too. */
export async function signOut(everywhere = false): Promise<void> {
  try {
    for (const key of Object.keys(sessionStorage)) if (key.startsWith(EDITS)) sessionStorage.removeItem(key);
  } catch {
    // Storage blocked: nothing was kept.
  }
  await api(undefined, everywhere ? '/v1/auth/logout-everywhere' : '/v1/auth/logout', { method: 'POST' });
  csrfToken = '';
}

/** The project last opened in this tab, if the session still has it; else its first production project. */
export function pickProject(projects: readonly Project[]): Project | undefined {
  const id = Number(sessionStorage.getItem(CURRENT));
  return projects.find((p) => p.id === id) ?? projects.find((p) => p.environment !== 'staging') ?? projects[0];
}

export function rememberProject(p: Project): void {
  sessionStorage.setItem(CURRENT, String(p.id));
}

/** Whether the signed-in user may do what `needed` may on `project` (the collector decides; this only hides what would be refused). */
export const can = (project: Project, needed: Role): boolean => hasRole(project.role, needed);

/** A `from`/`to` pair of UTC days ending today. */
export function lastDays(n: number, now = Date.now()): { from: string; to: string } {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(now - (n - 1) * 86_400_000), to: day(now) };
}
