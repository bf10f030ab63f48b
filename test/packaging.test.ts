import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';

/*
 * The packages as users will get them from npm: packed by `scripts/pack.mjs` (pnpm pack),
 * installed with npm (from the npm registry for their dependencies) into a fresh vite app
 * outside this workspace, type-checked and built there, and run in Chromium against the
 * collector installed from its own tarball.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tp-pack-'));
const app = join(dir, 'app');
const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const run = (command: string, args: string[], cwd: string, env: Record<string, string> = {}) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
};
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** `touchpoint serve` from the installed package, on a free port; resolves with its URL. */
function serve(db: string): Promise<string> {
  const child: ChildProcess = spawn(process.execPath, [join(app, 'node_modules/.bin/touchpoint'), 'serve', '--db', db, '--port', '0'], {
    cwd: app,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => new Promise<void>((r) => (child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill('SIGTERM')))));
  return new Promise((resolve, reject) => {
    let out = '';
    const read = (d: Buffer) => {
      out += d;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`the installed collector exited (${code}):\n${out}`)));
  });
}

/** The built app, served from its own origin as a static site would be. */
async function serveStatic(root: string): Promise<string> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
  const server: Server = createServer((req, res) => {
    const path = join(root, (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : (req.url ?? '/').split('?')[0]!);
    if (!path.startsWith(root) || !existsSync(path)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

it('the tarballs install with npm into a fresh vite app, type-check, build, and run against the collector installed the same way', async () => {
  // Pack, as the README says.
  const tarballs = join(dir, 'tarballs');
  run(process.execPath, [join(ROOT, 'scripts/pack.mjs'), tarballs], ROOT);
  const files = readdirSync(tarballs)
    .filter((f) => f.endsWith('.tgz'))
    .sort();
  expect(files).toEqual([
    'touchpoint-collector-0.1.0.tgz',
    'touchpoint-content-0.1.0.tgz',
    'touchpoint-dashboard-0.1.0.tgz',
    'touchpoint-sdk-0.1.0.tgz',
    'touchpoint-ui-0.1.0.tgz',
  ]);

  // A fresh app outside the workspace; npm fetches the packages' dependencies from the registry.
  // better-sqlite3 builds its native addon from source when no prebuilt binary can be fetched
  // (this machine reaches only the npm registry), over a minute of CPU: install scripts are
  // skipped, and the addon the workspace built for the very same version is put in its place.
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true, type: 'module' }));
  const sqlite = dirname(createRequire(join(ROOT, 'packages/collector/package.json')).resolve('better-sqlite3/package.json'));
  run(
    'npm',
    [
      'install',
      '--ignore-scripts',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...files.map((f) => join(tarballs, f)),
      `better-sqlite3@${json(join(sqlite, 'package.json')).version}`,
    ],
    app,
  );
  mkdirSync(join(app, 'node_modules/better-sqlite3/build/Release'), { recursive: true });
  copyFileSync(join(sqlite, 'build/Release/better_sqlite3.node'), join(app, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'));

  // What was installed is what npm would publish: versions instead of workspace links, dist/ and types.
  for (const name of ['content', 'ui', 'sdk', 'dashboard', 'collector']) {
    const pkg = json(join(app, 'node_modules/@touchpoint', name, 'package.json'));
    const packaged = readdirSync(join(app, 'node_modules/@touchpoint', name), { recursive: true }) as string[];
    expect(
      packaged.filter((f) => /\.test\.tsx?$|(^|\/)testing\//.test(f)),
      `${name} ships no tests`,
    ).toEqual([]);
    expect(JSON.stringify(pkg), name).not.toContain('workspace:');
    expect(pkg.private, `${name} must be publishable`).toBeUndefined();
    for (const path of [pkg.exports?.['.']?.types, pkg.exports?.['.']?.default, pkg.bin?.touchpoint].filter(Boolean)) {
      expect(existsSync(join(app, 'node_modules/@touchpoint', name, path)), `${name}: ${path}`).toBe(true);
    }
  }
  // The content document's schema is where the README's `$schema` points.
  const document = {
    $schema: './node_modules/@touchpoint/content/content.schema.json',
    version: 1,
    flows: [{ id: 'hello', trigger: { on: 'page', url: '/*' }, steps: [{ id: 'hi', title: 'Hello from a tarball', body: 'Installed with **npm**.' }] }],
  };
  writeFileSync(join(app, 'content.json'), JSON.stringify(document, null, 2));
  expect(json(join(app, document.$schema)).$schema).toMatch(/json-schema\.org/);

  // The collector and its CLI, from their tarball.
  const cli = join(app, 'node_modules/.bin/touchpoint');
  const db = join(dir, 'touchpoint.db');
  run(process.execPath, [cli, 'project', 'create', 'app', '--db', db, '--write-key', 'wk_app', '--secret-key', 'sk_app'], app);
  const collector = await serve(db);
  expect(run(process.execPath, [cli, 'content', 'validate', 'content.json'], app)).toContain('is a valid content document');
  expect(run(process.execPath, [cli, 'content', 'publish', 'content.json', '--url', collector, '--secret-key', 'sk_app'], app)).toContain(
    'published version 1',
  );
  expect((await fetch(`${collector}/dashboard/`)).status).toBe(200);

  // The app: the SDK from npm, with its types; built with vite (the workspace's, as any vite works).
  mkdirSync(join(app, 'src'));
  writeFileSync(
    join(app, 'src/main.ts'),
    `import { createTouchpoint, type Touchpoint } from '@touchpoint/sdk';
const touchpoint: Touchpoint = createTouchpoint({ key: 'wk_app', host: import.meta.env.VITE_COLLECTOR });
touchpoint.identify('ada', { plan: 'pro' });
document.querySelector('#go')!.addEventListener('click', () => touchpoint.track('Went', { from: 'fresh-app' }));
export function typesAreReal() {
  // @ts-expect-error: the types are real, not any
  touchpoint.noSuchCall();
}
`,
  );
  writeFileSync(join(app, 'src/env.d.ts'), `interface ImportMeta { readonly env: { readonly VITE_COLLECTOR: string } }\n`);
  writeFileSync(
    join(app, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fresh app</title></head><body><h1>Fresh app</h1><button id="go">Go</button><script type="module" src="/src/main.ts"></script></body></html>',
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'bundler',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        skipDefaultLibCheck: true,
        lib: ['ES2022', 'DOM'],
        types: [],
      },
      include: ['src'],
    }),
  );
  // Our packages' declarations are checked in full; TypeScript's own lib files are not ours (and the slowest part).
  run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
  run(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], app, { VITE_COLLECTOR: collector });
  const site = await serveStatic(join(app, 'dist'));

  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site}/`);
  // The tour shows (the UI chunk split out of the app's bundle by vite)…
  const step = page.locator('touchpoint-ui').getByRole('dialog', { name: 'Hello from a tarball' });
  await step.waitFor();
  await page.locator('touchpoint-ui').getByRole('button', { name: 'Done' }).click();
  await step.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Go' }).click();
  // …and the events arrive at the collector.
  await expect
    .poll(
      async () => {
        const res = await fetch(`${collector}/v1/events?limit=50`, { headers: { authorization: 'Bearer sk_app' } });
        return ((await res.json()) as { events: Array<{ type: string; event?: string; userId?: string }> }).events
          .map((e) => `${e.type}:${e.event ?? ''}:${e.userId ?? ''}`)
          .reverse();
      },
      { timeout: 15_000 },
    )
    .toEqual(expect.arrayContaining(['identify::ada', 'track:Flow Started:ada', 'track:Flow Completed:ada', 'track:Went:ada']));
  expect(errors).toEqual([]);
}, 240_000);
