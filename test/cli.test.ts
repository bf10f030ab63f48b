import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, startCollector, type RunningCollector } from './support/collector.js';

let collector: RunningCollector;
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
  const bad = run('content', 'validate', file('bad.json', { version: 1, flows: [{ id: 'welcome', audience: 'ghosts', steps: [{ id: 'hi', target: 'div[' }] }] }));
  expect(bad.status).toBe(1);
  expect(bad.stderr.trim().split('\n')).toEqual(['flows[0].steps[0].target: is not a valid CSS selector']);
  const refs = run('content', 'validate', file('refs.json', { version: 1, flows: [{ id: 'welcome', audience: 'ghosts', steps: [{ id: 'hi' }] }] }));
  expect(refs.stderr.trim().split('\n')).toEqual(['flows[0].audience: unknown segment "ghosts"']);
  expect(run('content', 'validate', file('broken.json', '{"version": 1,'))).toMatchObject({ status: 1, stderr: expect.stringContaining('not valid JSON') });
  expect(run('content', 'validate', join(dir, 'missing.json'))).toMatchObject({ status: 2, stderr: expect.stringContaining('cannot read') });
});

it('content publish: sends a valid document to the collector, and never an invalid one', async () => {
  const ok = run('content', 'publish', file('pub.json', valid), '--url', collector.url, '--secret-key', collector.secretKey);
  expect(ok).toMatchObject({ status: 0, stdout: expect.stringContaining('published version 1') });
  const served = await (await fetch(`${collector.url}/v1/content?key=${collector.writeKey}`)).json();
  expect(served).toEqual(valid);
  const bad = run('content', 'publish', file('pub-bad.json', { version: 1, flows: [{ id: 'x', steps: [] }] }), '--url', collector.url, '--secret-key', collector.secretKey);
  expect(bad.status).toBe(1);
  expect(bad.stderr).toContain('flows[0].steps: a flow needs at least one step');
  const wrongKey = run('content', 'publish', file('pub2.json', valid), '--url', collector.url, '--secret-key', collector.writeKey);
  expect(wrongKey).toMatchObject({ status: 1, stderr: expect.stringContaining('401') });
  const versions = await (await fetch(`${collector.url}/v1/content/versions`, { headers: { authorization: `Bearer ${collector.secretKey}` } })).json();
  expect((versions as { versions: unknown[] }).versions).toHaveLength(1);
});
