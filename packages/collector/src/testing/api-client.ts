import { hashPassword } from '../passwords.js';
import type { Role } from '../roles.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { startCollector } from './collector.js';
import { PASSWORD } from './team.js';

const HOUR = 3_600_000;
/** Hashed once for every member of every test: scrypt is slow on purpose. */
let passwordHash: Promise<string> | undefined;

/**
 * A collector for tests of the management API, with a clock the test moves (`advance`) and
 * `call(method, path, body?, headers?)` answering `{ status, headers, body }` (the secret key
 * `sk_test` unless `headers` says otherwise; a string body is sent as it is). `as(role)` gives
 * the headers of a team member with that role on the test project, signed in for real
 * (`ROLE@example.com`: its session cookie and CSRF token).
 */
export async function startApi(options: { origins?: string[] } = {}) {
  let clock = Date.parse('2026-11-27T10:00:00Z');
  const c = await startCollector({ now: () => clock });
  // The test project's allowed origins (it is made with none: any origin).
  if (options.origins?.length) (c.store as SqliteStore).db.prepare('UPDATE projects SET origins = ?').run(JSON.stringify(options.origins));
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: 'Bearer sk_test' }) => {
    const res = await fetch(c.url + path, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };

  const members = new Map<Role, { headers: Record<string, string>; at: number }>();
  /** The member with `role` (made on first use), signed in again once the test's clock moved an hour past the sign-in. */
  const as = async (role: Role): Promise<Record<string, string>> => {
    const known = members.get(role);
    if (known && clock - known.at < HOUR) return known.headers;
    const email = `${role}@example.com`;
    if (!known) {
      const [project] = await c.store.listProjects();
      const user = await c.store.createUser({
        email,
        passwordHash: await (passwordHash ??= hashPassword(PASSWORD)),
        mustChangePassword: false,
        createdAt: clock,
      });
      await c.store.setMembership(user.id, project!.id, role);
    }
    const login = await call('POST', '/v1/auth/login', { email, password: PASSWORD }, {});
    if (login.status !== 200) throw new Error(`${email} could not sign in: ${login.status} ${JSON.stringify(login.body)}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const headers = { cookie, 'x-csrf-token': String(login.body!.csrfToken) };
    members.set(role, { headers, at: clock });
    return headers;
  };
  return { ...c, call, as, advance: (ms: number) => (clock += ms), at: () => clock };
}

/** For tests that sign members in: each sign-in is a scrypt verification, slow on purpose (and slower on a busy machine). */
export const SIGN_IN_TIMEOUT = 30_000;

/** `Authorization: Bearer KEY`. */
export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
