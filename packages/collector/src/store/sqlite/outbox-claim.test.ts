import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openSqliteStore } from '../sqlite-store.js';
import { claimSql } from './alerts.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('claims a webhook without walking the emails queued for a collector with SMTP', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-claim-'));
  dirs.push(dir);
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  const project = await store.createProject({ name: 'p', writeKey: 'wk', secretKey: 'sk', origins: [] });
  const db = new Database(join(dir, 'db.sqlite'));
  // 100k emails due before the one webhook.
  const insert = db.prepare('INSERT INTO alert_outbox (id, project_id, url, body, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 100_000; i++) insert.run(`m${i}`, project.id, `mailto:u${i}@example.com`, '{}', i, i);
  })();
  await store.enqueueAlert({ id: 'hook', projectId: project.id, url: 'https://crm.example/hook', body: '{}' }, 200_000);
  db.exec('ANALYZE');
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${claimSql(true)}`).all({ now: 300_000, lease: 400_000, skip: '[]' }) as Array<{ detail: string }>).map(
    (r) => r.detail,
  );
  expect(plan.join('\n')).toContain('alert_outbox_webhooks_due');
  const started = performance.now();
  const claimed = await store.claimAlert(300_000, 400_000, { email: false });
  const idle = await store.claimAlert(300_000, 400_000, { email: false });
  const ms = performance.now() - started;
  console.log(`claimAlert without email over 100k queued emails: 2 claims in ${ms.toFixed(2)} ms`);
  expect(claimed?.id).toBe('hook');
  expect(idle).toBeUndefined();
  // With email, the emails are claimed in order as before.
  expect((await store.claimAlert(300_000, 400_000))?.id).toBe('m0');
  db.close();
  await store.close();
});

it('skips the destinations it is told to (one in flight or failing), by scheme and authority only', async () => {
  const store = openSqliteStore(':memory:');
  const project = await store.createProject({ name: 'p', writeKey: 'wk', secretKey: 'sk', origins: [] });
  const hook = (id: string, url: string, at: number) => store.enqueueAlert({ id, projectId: project.id, url, body: '{}' }, at);
  await hook('slow-1', 'http://h:1/hook', 1);
  await hook('slow-2', 'http://h:1?x=1', 2);
  await hook('port-10', 'http://h:10/hook', 3);
  await hook('mail', 'mailto:ada@example.com', 4);
  const claim = (skip: string[]) => store.claimAlert(300_000, 400_000, { skip }).then((j) => j?.id);
  expect(await claim(['http://h:1', 'mailto:'])).toBe('port-10');
  expect(await claim(['http://h:1'])).toBe('mail');
  expect(await claim([])).toBe('slow-1');
  await store.close();
});
