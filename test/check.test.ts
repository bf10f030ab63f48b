import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM, serveHostPages } from './support/browser.js';
import { CLI, startCollector, type RunningCollector } from './support/collector.js';

/**
 * An app built the way real ones are: an empty shell that renders after load (and renders
 * again, replacing its nodes), hashed class names, a list of rows, a web component with an
 * open shadow root, a same-origin iframe, and a second page.
 */
const SHELL = (script: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Projects</title></head>
<body><div id="root"></div><script>${script}</script></body></html>`;

const PROJECTS = SHELL(`
  customElements.define('export-menu', class extends HTMLElement {
    connectedCallback() { this.attachShadow({ mode: 'open' }).innerHTML = '<button class="export">Export</button>'; }
  });
  const root = document.getElementById('root');
  function render() {
    // Every render replaces the whole tree, as a framework without keyed reconciliation does.
    root.innerHTML = \`
      <nav class="Nav_bar__x7f2a"><a class="Nav_link__k3j9q" href="/app/settings">Settings</a></nav>
      <main class="Projects_main__p0q1z">
        <button class="Button_primary__a81kd" data-tour="new-project">New project</button>
        <ul class="List_rows__z19xw">
          <li data-testid="project-row">Alpha</li><li data-testid="project-row">Beta</li><li data-testid="project-row">Gamma</li>
        </ul>
        <export-menu></export-menu>
        <iframe id="billing" srcdoc="<form id='billing-form'><input name='card'></form>"></iframe>
      </main>\`;
  }
  // The app renders once its data arrives, then again.
  setTimeout(render, 300);
  setTimeout(render, 600);
`);

const SETTINGS = SHELL(`setTimeout(() => { document.getElementById('root').innerHTML = '<button id="save-settings">Save</button>'; }, 200);`);

/** Content that fits the app; `broken` adds a step whose target is gone and one that matches every row. */
const content = (broken: boolean) => ({
  version: 1,
  flows: [
    {
      id: 'onboarding',
      trigger: { on: 'page', url: '/app/projects' },
      steps: [
        // The first selector is an old one: the fallback finds the button.
        { id: 'new', target: ['#new-project-old', '[data-tour="new-project"]'], title: 'Start here' },
        ...(broken ? [{ id: 'rows', target: '[data-testid="project-row"]', title: 'Your projects' }] : []),
        { id: 'export', target: 'button.export', title: 'Export' },
        { id: 'billing', target: '#billing-form', title: 'Billing' },
        ...(broken ? [{ id: 'archive', target: '[data-tour="archive"]', title: 'Archive', timeout: 1 }] : []),
      ],
    },
    { id: 'settings-tour', trigger: { on: 'page', url: '/app/settings' }, steps: [{ id: 'save', target: '#save-settings', title: 'Save' }] },
    { id: 'elsewhere', trigger: { on: 'page', url: '/billing/*' }, steps: [{ id: 'pay', target: '#pay', title: 'Pay' }] },
  ],
  messages: [{ id: 'settings-tip', kind: 'tooltip', target: '.Nav_link__k3j9q', title: 'Settings live here', trigger: { on: 'page', url: '/app/projects' } }],
});

let app: Awaited<ReturnType<typeof serveHostPages>>;
let collector: RunningCollector;
const dir = mkdtempSync(join(tmpdir(), 'tp-check-'));
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

beforeAll(async () => {
  [app, collector] = await Promise.all([serveHostPages({ '/app/projects': PROJECTS, '/app/settings': SETTINGS }), startCollector()]);
});
afterAll(async () => {
  await Promise.all([app?.close(), collector?.stop()]);
});

/** Runs `touchpoint check ARGS` to its end (asynchronously: the app's server runs in this process). */
function check(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'check', ...args], { env: { ...process.env, CHROMIUM_PATH: CHROMIUM } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

it('finds the missing and the ambiguous target: one exact line each, exit 1', async () => {
  const projects = `${app.origin}/app/projects`;
  const settings = `${app.origin}/app/settings`;
  const result = await check('--url', projects, '--url', settings, '--content', file('broken.json', content(true)));
  expect(result.stdout.split('\n').filter(Boolean)).toEqual([
    `onboarding/rows  [data-testid="project-row"]  ${projects}  ambiguous(3)`,
    `onboarding/archive  [data-tour="archive"]  ${projects}  missing`,
  ]);
  expect(result.status).toBe(1);
  // What no --url could show is said, not silently passed.
  expect(result.stderr).toContain('elsewhere/pay not checked: no --url matches "/billing/*"');
  expect(result.stderr).toContain('7 targets looked for on 2 URLs: 2 missing or ambiguous');
}, 90_000);

it('passes good content (targets after render, through a fallback, a shadow root and an iframe), read from the collector: exit 0', async () => {
  const put = await fetch(`${collector.url}/v1/content`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${collector.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(content(false)),
  });
  expect(put.status).toBe(200);
  const result = await check(
    '--url',
    `${app.origin}/app/projects`,
    '--url',
    `${app.origin}/app/settings`,
    '--collector',
    collector.url,
    '--secret-key',
    collector.secretKey,
  );
  expect(result).toMatchObject({ status: 0, stdout: '' });
  expect(result.stderr).toContain('5 targets looked for on 2 URLs: each found exactly once');
}, 90_000);

it('--draft reads the draft with the secret key (GET /v1/content/draft, CONTRACT §7)', async () => {
  const seen: Array<string | undefined> = [];
  const draftServer = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    if (req.url !== '/v1/content/draft' || req.headers.authorization !== 'Bearer sk_draft') return void res.writeHead(401).end('{"error":"unknown key"}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(content(true)));
  });
  await new Promise<void>((resolve) => draftServer.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${(draftServer.address() as AddressInfo).port}`;
    const result = await check('--url', `${app.origin}/app/projects`, '--collector', base, '--secret-key', 'sk_draft', '--draft');
    expect(seen).toEqual(['GET /v1/content/draft Bearer sk_draft']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`onboarding/archive  [data-tour="archive"]  ${app.origin}/app/projects  missing`);
    const refused = await check('--url', `${app.origin}/app/projects`, '--collector', base, '--secret-key', 'sk_wrong', '--draft');
    expect(refused).toMatchObject({
      status: 1,
      stdout: '',
      stderr: expect.stringContaining('the collector answered 401 to GET /v1/content/draft: unknown key'),
    });
  } finally {
    await new Promise((resolve) => draftServer.close(resolve));
  }
}, 90_000);

it('says so when a page cannot be opened or answers an error, instead of reporting every target missing', async () => {
  const gone = await check(
    '--url',
    `${app.origin}/app/nowhere`,
    '--content',
    file('ok.json', { version: 1, flows: [{ id: 'f', steps: [{ id: 's', target: '#x' }] }] }),
  );
  expect(gone).toMatchObject({ status: 1, stdout: '', stderr: expect.stringContaining(`cannot check ${app.origin}/app/nowhere: it answered HTTP 404`) });
}, 90_000);

it('refuses to run without a URL or content, and reports an invalid content file like `content validate`', async () => {
  expect(await check('--content', file('ok.json', content(false)))).toMatchObject({ status: 2, stderr: expect.stringContaining('at least one --url') });
  expect(await check('--url', `${app.origin}/app/projects`)).toMatchObject({ status: 2, stderr: expect.stringContaining('--content FILE, or --collector') });
  const bad = await check(
    '--url',
    `${app.origin}/app/projects`,
    '--content',
    file('bad.json', { version: 1, flows: [{ id: 'f', steps: [{ id: 's', target: 'div[' }] }] }),
  );
  expect(bad).toMatchObject({ status: 1, stderr: 'flows[0].steps[0].target: is not a valid CSS selector; got "div["\n' });
});
