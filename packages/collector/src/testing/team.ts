import type { InjectOptions } from 'fastify';
import { afterEach } from 'vitest';
import { createLocalCoordination } from '../coordination.js';
import { hashPassword } from '../passwords.js';
import type { Role } from '../roles.js';
import { buildServer, type ServerOptions } from '../server.js';
import { openSqliteStore } from '../store/sqlite-store.js';

/** The password every test user gets unless told otherwise. */
export const PASSWORD = 'correct horse battery';

const running: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((close) => close()));
});

/** A signed-in browser: its cookie header and CSRF token, and what sign-in answered. */
export interface Browser {
  cookie: string;
  csrfToken: string;
  body: Record<string, any>;
}

/**
 * A collector (in-process, `inject`) over SQLite in memory with one project (`wk_test` /
 * `sk_test`) and a clock the test moves (`advance`), which the login throttle's counters
 * follow too; users are added straight into the store.
 */
export async function teamServer(options: Partial<ServerOptions> = {}) {
  let clock = Date.UTC(2026, 0, 5, 9);
  const now = () => clock;
  const store = openSqliteStore(':memory:');
  const project = await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins: [] });
  const app = await buildServer({ store, now, coordination: createLocalCoordination(now), ...options });
  running.push(() => app.close());

  /** Makes a user with `role` on the project (`project: null`: on every project). */
  async function addUser(email: string, role: Role, extra: { password?: string; project?: number | null; mustChangePassword?: boolean } = {}) {
    const user = await store.createUser({
      email,
      passwordHash: await hashPassword(extra.password ?? PASSWORD),
      mustChangePassword: extra.mustChangePassword ?? false,
      createdAt: now(),
    });
    await store.setMembership(user.id, extra.project === undefined ? project.id : extra.project, role);
    return user;
  }

  /** A request: `as` sends a browser's cookie and, unless `csrf: false`, its CSRF token. */
  async function call(
    method: InjectOptions['method'],
    url: string,
    init: { as?: Browser; csrf?: boolean; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...init.headers };
    if (init.as) {
      headers.cookie = init.as.cookie;
      if (init.csrf !== false) headers['x-csrf-token'] = init.as.csrfToken;
    }
    const res = await app.inject({ method, url, headers, ...(init.body !== undefined && { payload: init.body as object }) });
    let body: Record<string, any> | undefined;
    try {
      body = res.json();
    } catch {
      body = undefined;
    }
    return { status: res.statusCode, body, headers: res.headers };
  }

  /** Signs in; throws unless it worked. */
  async function signIn(email: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<Browser> {
    const res = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password }, headers });
    if (res.statusCode !== 200) throw new Error(`sign-in of ${email} answered ${res.statusCode}: ${res.body}`);
    const cookie = [res.headers['set-cookie']].flat()[0]!.split(';')[0]!;
    const body = res.json();
    return { cookie, csrfToken: body.csrfToken, body };
  }

  return {
    app,
    store,
    project,
    now,
    advance: (ms: number) => {
      clock += ms;
    },
    addUser,
    call,
    signIn,
  };
}

export type TeamServer = Awaited<ReturnType<typeof teamServer>>;
