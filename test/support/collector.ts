import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built CLI, exactly as users run it. `pnpm test` builds it first. */
export const CLI = join(root, 'packages', 'collector', 'dist', 'cli.js');

export interface RunningCollector {
  url: string;
  writeKey: string;
  secretKey: string;
  /**
   * An owner of every project (made with `touchpoint user create`, one-time password already
   * changed), to sign in as; reading it throws with `createProject: false`, which makes none.
   */
  readonly owner: { email: string; password: string };
  dbPath: string;
  readonly process: ChildProcess;
  /** Stored events, oldest first. */
  events(query?: string): Promise<Array<Record<string, any>>>;
  /** Polls until `check` passes on the stored events (oldest first), or fails after `timeoutMs`. */
  waitForEvents(check: (events: Array<Record<string, any>>) => boolean, timeoutMs?: number): Promise<Array<Record<string, any>>>;
  /** Ends the collector process with `signal` (SIGKILL: no chance to clean up). */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface CollectorOptions {
  /**
   * Where the collector keeps its data, as CLI flags (`--store clickhouse --clickhouse-url …
   * --metadata-url …`); given to `project create` too. @default a fresh SQLite file
   */
  storeArgs?: string[];
  /** Create the test project (false: it exists in the shared installation already). @default true */
  createProject?: boolean;
}

/** Starts `touchpoint serve` on a free port over a fresh SQLite file (or the store `storeArgs` name) with one project. */
export async function startCollector(args: string[] = [], options: CollectorOptions = {}): Promise<RunningCollector> {
  const dir = mkdtempSync(join(tmpdir(), 'tp-e2e-'));
  const dbPath = join(dir, 'touchpoint.db');
  const writeKey = 'wk_e2e';
  const secretKey = 'sk_e2e';
  const storeArgs = options.storeArgs ?? [];
  if (options.createProject ?? true) {
    const created = spawnSync(
      process.execPath,
      [CLI, 'project', 'create', 'e2e', '--db', dbPath, ...storeArgs, '--write-key', writeKey, '--secret-key', secretKey, '--json'],
      { encoding: 'utf8' },
    );
    if (created.status !== 0) throw new Error(`project create failed: ${created.stderr}`);
  }
  // Tests sign in often: the sign-in throttle (per account) must not be what they measure.
  const serveArgs = [...storeArgs, ...(args.includes('--login-attempts') ? [] : ['--login-attempts', '1000']), ...args];

  let { child, url } = await serve(dbPath, '0', serveArgs);
  const owner = (options.createProject ?? true) ? await createOwner(url, dbPath, storeArgs) : undefined;

  const events = async (query = '?limit=1000') => {
    const res = await fetch(`${url}/v1/events${query}`, { headers: { authorization: `Bearer ${secretKey}` } });
    if (!res.ok) throw new Error(`GET /v1/events: ${res.status}`);
    return ((await res.json()) as { events: Array<Record<string, any>> }).events.reverse();
  };
  const stopChild = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };

  const running: RunningCollector = {
    url,
    writeKey,
    secretKey,
    get owner() {
      if (!owner) throw new Error('this collector was started with createProject: false: it has no owner');
      return owner;
    },
    dbPath,
    get process() {
      return child;
    },
    events,
    async waitForEvents(check, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last: Array<Record<string, any>> = [];
      while (Date.now() < deadline) {
        last = await events();
        if (check(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for events; last saw ${last.length}: ${JSON.stringify(last.map((e) => e.event ?? e.type))}`);
    },
    kill: stopChild,
    async restart() {
      await stopChild('SIGTERM');
      ({ child, url } = await serve(dbPath, new URL(url).port, serveArgs));
    },
    async stop() {
      await stopChild('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return running;
}

/**
 * An owner of every project, as an installation gets its first one: `touchpoint user create`
 * prints a one-time password, which is changed at the first sign-in (`POST /v1/auth/password`).
 */
export async function createOwner(url: string, dbPath: string, storeArgs: string[] = [], email = 'owner@e2e.example', password = 'e2e owner password') {
  const made = spawnSync(process.execPath, [CLI, 'user', 'create', email, '--role', 'owner', '--db', dbPath, ...storeArgs], { encoding: 'utf8' });
  const oneTime = /^password: (\S+)$/m.exec(made.stdout)?.[1];
  if (made.status !== 0 || !oneTime) throw new Error(`user create failed: ${made.stderr}${made.stdout}`);
  const login = await postJson(`${url}/v1/auth/login`, { email, password: oneTime });
  if (login.status !== 200) throw new Error(`owner sign-in failed: ${login.status} ${login.body}`);
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const { csrfToken } = JSON.parse(login.body) as { csrfToken: string };
  const changed = await postJson(`${url}/v1/auth/password`, { currentPassword: oneTime, newPassword: password }, { cookie, 'x-csrf-token': csrfToken });
  if (changed.status !== 200) throw new Error(`owner password change failed: ${changed.status} ${changed.body}`);
  return { email, password };
}

/**
 * A JSON POST on a connection of its own, closed after: fetch would keep it in its pool, and a
 * test that then blocks (spawnSync) past the server's keep-alive time would get that dead socket.
 */
function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Starts `touchpoint serve` on an existing database: a second collector beside the first, say. */
export async function serve(dbPath: string, port: string, args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', dbPath, '--port', port, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`collector did not start in 45 s:\n${out}`)), 45_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`collector exited (${code}):\n${out}`)));
  });
  return { child, url };
}
