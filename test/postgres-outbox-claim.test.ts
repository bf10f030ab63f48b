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
  const { rows } = await store!.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${select.replace('$1', '300000')}`);
  expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('alert_outbox_webhooks_due');
  const started = performance.now();
  expect((await store!.claimAlert(300_000, 400_000, { email: false }))?.id).toBe('hook');
  expect(await store!.claimAlert(300_000, 400_000, { email: false })).toBeUndefined();
  console.log(`PostgreSQL claimAlert without email over 100k queued emails: 2 claims in ${(performance.now() - started).toFixed(2)} ms`);
  expect((await store!.claimAlert(300_000, 400_000))?.id).toBe('m0');
});
