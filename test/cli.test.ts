import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, startCollector, type RunningCollector } from './support/collector.js';

let collector: RunningCollector;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tp-cli-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

beforeAll(async () => {
  collector = await startCollector();
});
afterAll(async () => {
  await collector?.stop();
});

const valid = { $schema: '../packages/content/content.schema.json', version: 1, flows: [{ id: 'welcome', steps: [{ id: 'hi', title: 'Hello' }] }] };

it('content validate: exit 0 for a valid file; otherwise exit 1 and one line per error, path first', () => {
  expect(run('content', 'validate', file('ok.json', valid))).toMatchObject({ status: 0, stdout: expect.stringContaining('is a valid content document') });
  const bad = run(
    'content',
    'validate',
    file('bad.json', { version: 1, flows: [{ id: 'welcome', audience: 'ghosts', steps: [{ id: 'hi', target: 'div[' }] }] }),
  );
  expect(bad.status).toBe(1);
  // One pass: the unknown segment comes with the structural error, in the document's order.
  expect(bad.stderr.trim().split('\n')).toEqual([
    'flows[0].audience: unknown segment "ghosts"; the document has no segments',
    'flows[0].steps[0].target: is not a valid CSS selector; got "div["',
  ]);
  const refs = run('content', 'validate', file('refs.json', { version: 1, flows: [{ id: 'welcome', audience: 'ghosts', steps: [{ id: 'hi' }] }] }));
  expect(refs.stderr.trim().split('\n')).toEqual(['flows[0].audience: unknown segment "ghosts"; the document has no segments']);
  const broken = run('content', 'validate', file('broken.json', '{\n  "version": 1,\n}\n'));
  expect(broken.status).toBe(1);
  expect(broken.stderr.trim()).toBe(`${join(dir, 'broken.json')}:2:15: not valid JSON: a comma before "}" is not allowed in JSON`);
  expect(run('content', 'validate', join(dir, 'missing.json'))).toMatchObject({ status: 2, stderr: expect.stringContaining('cannot read') });
});

it('content publish: sends a valid document to the collector, and never an invalid one', async () => {
  const ok = run('content', 'publish', file('pub.json', valid), '--url', collector.url, '--secret-key', collector.secretKey);
  expect(ok).toMatchObject({ status: 0, stdout: expect.stringContaining('published version 1') });
  const served = await (await fetch(`${collector.url}/v1/content?key=${collector.writeKey}`)).json();
  expect(served).toEqual(valid);
  const bad = run(
    'content',
    'publish',
    file('pub-bad.json', { version: 1, flows: [{ id: 'x', steps: [] }] }),
    '--url',
    collector.url,
    '--secret-key',
    collector.secretKey,
  );
  expect(bad.status).toBe(1);
  expect(bad.stderr).toContain('flows[0].steps: a flow needs at least one step');
  const broken = run('content', 'publish', file('pub-broken.json', '{"version": 1 "flows": []}'), '--url', collector.url, '--secret-key', collector.secretKey);
  expect(broken.status).toBe(1);
  expect(broken.stderr.trim()).toBe(`${join(dir, 'pub-broken.json')}:1:15: not valid JSON: expected "," or "}" after a value; got '"'`);
  const wrongKey = run('content', 'publish', file('pub2.json', valid), '--url', collector.url, '--secret-key', collector.writeKey);
  expect(wrongKey).toMatchObject({ status: 1, stderr: expect.stringContaining('401') });
  const versions = await (await fetch(`${collector.url}/v1/content/versions`, { headers: { authorization: `Bearer ${collector.secretKey}` } })).json();
  expect((versions as { versions: unknown[] }).versions).toHaveLength(1);
});

/** Starts `touchpoint ARGS` and resolves with its first output lines once `ready` matches, or with its exit. */
function startCli(args: string[], env: Record<string, string> = {}, ready = /listening on/) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<{ stdout: string; stderr: string; code: number | null; stop: () => Promise<void> }>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const stop = () => new Promise<void>((r) => (child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill('SIGTERM'))));
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`no answer from touchpoint ${args.join(' ')}:\n${stdout}${stderr}`))), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d;
      if (ready.test(stdout) && /dashboard:.*\n/.test(stdout)) clearTimeout(timer), resolve({ stdout, stderr, code: null, stop });
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    child.once('exit', (code) => (clearTimeout(timer), resolve({ stdout, stderr, code, stop })));
  });
  return done;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

it('serve: the port comes from --port, from PORT, or from `pnpm start -- --port N`; the startup message names the dashboard', async () => {
  const db = join(dir, 'ports.db');
  const byEnv = await freePort();
  const env = await startCli(['serve', '--db', db], { PORT: String(byEnv) });
  expect(env.stdout).toContain(`listening on http://127.0.0.1:${byEnv}`);
  expect(env.stdout).toContain(`dashboard: http://127.0.0.1:${byEnv}/dashboard/`);
  expect((await fetch(`http://127.0.0.1:${byEnv}/healthz`)).status).toBe(200);
  await env.stop();

  // What `pnpm start -- --port N` runs: the start script's command with `-- --port N` appended (pnpm keeps the `--`).
  const start = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start as string;
  const command = start.split('&&').at(-1)!.trim().split(/\s+/);
  expect(command.slice(0, 2)).toEqual(['node', 'packages/collector/dist/cli.js']);
  const byFlag = await freePort();
  const flag = await startCli([...command.slice(2), '--db', db, '--', '--port', String(byFlag)], { PORT: String(byEnv) });
  expect(flag.stdout).toContain(`listening on http://127.0.0.1:${byFlag}`);
  expect(flag.stdout).toContain(`dashboard: http://127.0.0.1:${byFlag}/dashboard/ (sign in as demo@touchpoint.dev / touchpoint-demo)`);
  expect(flag.stdout).toContain(`demo:      http://127.0.0.1:${byFlag}/demo/`);
  await flag.stop();
});

it('serve: a busy port is one clear line that says how to pick another, not a stack', async () => {
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const { port } = busy.address() as AddressInfo;
  const result = await startCli(['serve', '--db', join(dir, 'busy.db'), '--port', String(port)]);
  busy.close();
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split('\n')).toEqual([
    `touchpoint: port ${port} on 127.0.0.1 is already in use (another collector?); pick another with --port N (pnpm start -- --port N) or PORT=N`,
  ]);
});

it("the README's install steps 1 and 2 work as written: the keys printed by step 1 open the collector of step 2", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const install = readme.slice(readme.indexOf('## Install in your app'));
  const create = /touchpoint (project create .+)/.exec(install)![1]!;
  const serve = /`touchpoint (serve .+?)`/.exec(install)![1]!;
  // Each database path the README names becomes its own file here: two different paths would be two databases.
  const paths = new Map<string, string>();
  const local = (command: string) =>
    command
      .replace(/--db (\S+)/g, (_, p: string) => `--db ${paths.get(p) ?? (paths.set(p, join(dir, `readme-${paths.size}.db`)), paths.get(p))}`)
      .replace(/--port \d+/, '--port 0')
      .replace(/--host \S+/, '--host 127.0.0.1');
  const argv = (command: string) => (command.match(/"[^"]*"|\S+/g) ?? []).map((a) => a.replace(/^"|"$/g, ''));
  const created = run(...argv(local(create)));
  expect(created.status, created.stderr).toBe(0);
  const secret = /secret key:\s+(\S+)/.exec(created.stdout)![1]!;
  const server = await startCli(argv(local(serve)));
  const url = /listening on (\S+)/.exec(server.stdout)![1]!;
  const res = await fetch(`${url}/v1/project`, { headers: { authorization: `Bearer ${secret}` } });
  await server.stop();
  expect(res.status).toBe(200);
});

it('project list --json: every project with its id, environment and both keys, as project create --json printed it (production and its staging; the operator finds a lost secret key on the server)', () => {
  const db = join(dir, 'list.db');
  type Printed = { id: number; name: string; environment: string; writeKey: string; secretKey: string; productionId?: number };
  const created = ['Web app', 'Admin'].map((name, i) => {
    const result = run('project', 'create', name, '--db', db, ...(i ? ['--origin', 'https://admin.example.com'] : []), '--json');
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Printed & { staging: Printed };
  });
  for (const { staging, ...production } of created) {
    expect(production).toMatchObject({ environment: 'production' });
    expect(production).not.toHaveProperty('productionId');
    expect(staging).toMatchObject({ environment: 'staging', productionId: production.id, name: `${production.name} (staging)` });
  }
  const listed = run('project', 'list', '--db', db, '--json');
  expect(listed.status, listed.stderr).toBe(0);
  const projects = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
  expect(projects).toEqual(created.flatMap(({ staging, ...production }) => [production, staging]));
  expect(
    run('project', 'list', '--db', db)
      .stdout.split('\n')
      .map((line) => line.split('\t').slice(0, 2).join(' / ')),
  ).toEqual(['Web app / production', 'Web app (staging) / staging', 'Admin / production', 'Admin (staging) / staging', '']);
  for (const p of projects) {
    expect(p).toMatchObject({
      id: expect.any(Number),
      name: expect.any(String),
      writeKey: expect.stringMatching(/\S{16,}/),
      secretKey: expect.stringMatching(/\S{16,}/),
    });
    expect(p.secretKey).not.toBe(p.writeKey);
  }
});

it('store flags: a scaled store named wrongly is one clear line (exit 2), before anything is opened', () => {
  const cases: Array<[string[], string]> = [
    [['--store', 'clickhouse'], '--store clickhouse needs --clickhouse-url http://HOST:8123'],
    [['--clickhouse-url', 'http://127.0.0.1:8123'], '--clickhouse-url needs --store clickhouse'],
    [['--store', 'mysql'], 'unknown store "mysql" (expected sqlite or clickhouse)'],
    [['--store', 'clickhouse', '--clickhouse-url', 'clickhouse.internal:8123'], '--clickhouse-url must be an http:// or https:// URL'],
    [['--metadata-url', 'postgres://db/touchpoint'], '--metadata-url needs --store clickhouse'],
    [['--store', 'clickhouse', '--clickhouse-url', 'http://127.0.0.1:8123', '--metadata-url', 'mysql://db/x'], '--metadata-url must be a postgres:// URL'],
  ];
  for (const [flags, message] of cases) {
    for (const command of [['migrate'], ['project', 'list'], ['serve', '--port', '0']]) {
      // A serve that wrongly started would never exit: a time limit ends it (and fails the test).
      const result = spawnSync(process.execPath, [CLI, ...command, ...flags], { encoding: 'utf8', timeout: 20_000 });
      expect(result.status, `${command.join(' ')} ${flags.join(' ')}`).toBe(2);
      expect(result.stderr).toContain(message);
    }
  }
});
