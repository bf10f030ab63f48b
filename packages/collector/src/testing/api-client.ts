import { startCollector } from './collector.js';
import { cookieSessions } from './sessions.js';
import type { SqliteStore } from '../store/sqlite-store.js';

/**
 * A collector for tests of the management API, with a clock the test moves (`advance`) and
 * `call(method, path, body?, headers?)` answering `{ status, headers, body }` (the secret key
 * `sk_test` unless `headers` says otherwise; `Cookie: session=ROLE` signs in with a role, see
 * `sessions.ts`).
 */
export async function startApi(options: { origins?: string[] } = {}) {
  let clock = Date.parse('2026-11-27T10:00:00Z');
  let store: Awaited<ReturnType<typeof startCollector>>['store'] | undefined;
  const c = await startCollector({ now: () => clock, authenticators: [cookieSessions(() => store!)] });
  store = c.store;
  // The test project's allowed origins (it is made with none: any origin).
  if (options.origins?.length) (c.store as SqliteStore).db.prepare('UPDATE projects SET origins = ?').run(JSON.stringify(options.origins));
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: 'Bearer sk_test' }) => {
    const res = await fetch(c.url + path, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  return { ...c, call, advance: (ms: number) => (clock += ms), at: () => clock };
}

/** `Authorization: Bearer KEY`. */
export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
/** A signed-in user with this role (see `sessions.ts`). */
export const as = (role: string) => ({ cookie: `session=${role}` });
