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
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${claimSql(true)}`).all({ now: 300_000, lease: 400_000 }) as Array<{ detail: string }>).map((r) => r.detail);
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
