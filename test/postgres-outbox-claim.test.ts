import { expect, it } from 'vitest';
import { claimSql } from '../packages/collector/src/store/postgres/alerts.js';
import { postgresStores } from './support/postgres-stores.js';

const { stores: postgres } = postgresStores();

it('claims a webhook on PostgreSQL without walking the emails queued for a collector with SMTP', async () => {
  const [store] = await postgres();
  const project = await store!.createProject({ name: 'p', writeKey: 'wk', secretKey: 'sk', origins: [] });
  // 100k emails due before the one webhook.
  await store!.pool.query(
    `INSERT INTO alert_outbox (id, project_id, url, body, next_at, created_at)
     SELECT 'm' || i, $1, 'mailto:u' || i || '@example.com', '{}', i, i FROM generate_series(0, 99999) AS i`,
    [project.id],
  );
  await store!.enqueueAlert({ id: 'hook', projectId: project.id, url: 'https://crm.example/hook', body: '{}' }, 200_000);
  await store!.pool.query('ANALYZE alert_outbox');
  const select = claimSql(true)
    .match(/\(SELECT .* SKIP LOCKED\)/s)![0]
    .slice(1, -1);
  const { rows } = await store!.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${select.replace('$1', '300000').replace('$3::text[]', "'{}'::text[]")}`);
  expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('alert_outbox_webhooks_due');
  const started = performance.now();
  expect((await store!.claimAlert(300_000, 400_000, { email: false }))?.id).toBe('hook');
  expect(await store!.claimAlert(300_000, 400_000, { email: false })).toBeUndefined();
  console.log(`PostgreSQL claimAlert without email over 100k queued emails: 2 claims in ${(performance.now() - started).toFixed(2)} ms`);
  expect((await store!.claimAlert(300_000, 400_000))?.id).toBe('m0');
});

it('skips the destinations it is told to (one in flight or failing), by scheme and authority only', async () => {
  const [store] = await postgres();
  const project = await store!.createProject({ name: 'p', writeKey: 'wk', secretKey: 'sk', origins: [] });
  const hook = (id: string, url: string, at: number) => store!.enqueueAlert({ id, projectId: project.id, url, body: '{}' }, at);
  await hook('slow-1', 'http://h:1/hook', 1);
  await hook('slow-2', 'http://h:1?x=1', 2);
  await hook('port-10', 'http://h:10/hook', 3);
  await hook('mail', 'mailto:ada@example.com', 4);
  const claim = (skip: string[]) => store!.claimAlert(300_000, 400_000, { skip }).then((j) => j?.id);
  expect(await claim(['http://h:1', 'mailto:'])).toBe('port-10');
  expect(await claim(['http://h:1'])).toBe('mail');
  expect(await claim([])).toBe('slow-1');
});
