import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startCollector, type RunningCollector } from './support/collector.js';

/*
 * Dashboard users from the command line (CONTRACT §1, §8), on the built CLI: the first owner,
 * their one-time password, roles on named projects, and the way back in for a locked-out user.
 */

let c: RunningCollector;
beforeAll(async () => {
  c = await startCollector();
}, 60_000);
afterAll(() => c?.stop());

/**
 * Runs `touchpoint user create` without blocking this process (a blocked event loop cannot
 * retire its idle keep-alive sockets, and the next sign-in would reuse one the collector had closed).
 */
const userCreate = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [CLI, 'user', 'create', ...args, '--db', c.dbPath], { encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });

async function signIn(email: string, password: string) {
  const res = await fetch(`${c.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0], body: (await res.json()) as Record<string, any> };
}
const events = async (cookie: string | undefined) => (await fetch(`${c.url}/v1/events`, { headers: { cookie: cookie ?? '' } })).status;

describe('touchpoint user create', { timeout: 60_000 }, () => {
  it('gives the test collector an owner who signs in with email and password', async () => {
    const owner = await signIn(c.owner.email, c.owner.password);
    expect(owner.status).toBe(200);
    expect(owner.body).toMatchObject({
      user: { email: 'owner@e2e.example', role: 'owner', mustChangePassword: false },
      projects: [
        { name: 'e2e', role: 'owner', environment: 'production' },
        { name: 'e2e (staging)', role: 'owner', environment: 'staging' },
      ],
    });
    expect(await events(owner.cookie)).toBe(200);
    // The secret key keeps working for servers.
    expect((await fetch(`${c.url}/v1/project`, { headers: { authorization: `Bearer ${c.secretKey}` } })).status).toBe(200);
  });

  it('prints a one-time password on a line of its own; it must be changed before anything else', async () => {
    const made = await userCreate('Viewer@Example.com', '--role', 'viewer', '--project', 'e2e');
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/^User viewer@example\.com created, viewer on "e2e" \(/);
    const password = /^password: (\S{20})$/m.exec(made.stdout)![1]!;
    const viewer = await signIn('viewer@example.com', password);
    expect(viewer.body).toMatchObject({ user: { role: 'viewer', mustChangePassword: true } });
    expect(await events(viewer.cookie)).toBe(403);

    // Again for the same email: a new one-time password, the old one and its sessions end.
    const again = await userCreate('viewer@example.com', '--role', 'viewer', '--project', 'e2e');
    expect(again.stdout).toContain('User viewer@example.com exists: new one-time password');
    const next = /^password: (\S+)$/m.exec(again.stdout)![1]!;
    expect(next).not.toBe(password);
    expect((await fetch(`${c.url}/v1/auth/session`, { headers: { cookie: viewer.cookie! } })).status).toBe(401);
    expect((await signIn('viewer@example.com', password)).status).toBe(401);
    expect((await signIn('viewer@example.com', next)).status).toBe(200);
  });

  it('refuses what it cannot do, with a plain message (exit 2)', async () => {
    for (const [args, message] of [
      [['x@example.com', '--role', 'viewer', '--project', 'nope'], 'no project is named "nope" (there are: e2e)'],
      [['x@example.com', '--role', 'admin'], 'user create needs --role owner|publisher|editor|viewer'],
      [['not-an-email', '--role', 'viewer'], '"not-an-email" is not an email address'],
      [['--role', 'viewer'], 'user create takes one EMAIL'],
    ] as const) {
      const result = await userCreate(...args);
      expect([result.status, result.stderr], args.join(' ')).toEqual([2, expect.stringContaining(message)]);
    }
    expect((await signIn('x@example.com', 'anything at all')).status).toBe(401);
  });
});
