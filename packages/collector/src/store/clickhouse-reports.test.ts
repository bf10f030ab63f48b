import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHDB, describeOnClickHouse } from '../../../../test/support/clickhouse-backends.js';
import { eventStream } from '../../../../test/support/event-stream.js';
import { type PostgresCluster, startPostgres } from '../../../../test/support/postgres-cluster.js';
import { reportSnapshot } from '../../../../test/support/report-snapshot.js';
import { streamRequests } from '../../../../test/support/stream-requests.js';
import { buildServer } from '../server.js';
import { clickhouseStore } from './clickhouse-store.js';
import { composeStore } from './compose-store.js';
import { openPostgresStore } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

const DAY = 86_400_000;
const { post, publish, erase, recomputeHealth } = streamRequests;

/*
 * Every report (CONTRACT §5) over a current ClickHouse equals SQLite's from the same events:
 * test/scale-differential.test.ts's stream (every content kind, retries, duplicates, skewed
 * clocks, an erasure), sent to an in-process collector on SQLite in order and to one on the
 * scaled stores (ClickHouse and PostgreSQL) in the opposite order, sixteen requests at a time.
 * The differential test compares the CLI's collectors on the 18.16 server; chdb runs in this
 * process only, so current releases are compared here, with collectors in this process.
 */
describeOnClickHouse([CHDB], 'every report', ({ engine, freshDatabase }) => {
  let postgres: PostgresCluster;
  const stops: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    postgres = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await postgres?.stop();
  });

  // Both collectors' clock, and when every batch says it was sent: the clock correction
  // (receipt minus the sender's sentAt) is then the same on both. With the real clock it adds
  // each request's wait, which in one process busy with both collectors can pass a second.
  const now = Date.now();

  /** A collector in this process over `store`, with a project of its own. */
  async function collector(store: Store) {
    const project = { name: 'p', writeKey: 'wk_stream', secretKey: 'sk_stream', origins: [] };
    await store.createProject(project);
    const app = await buildServer({ store, now: () => now, healthIntervalMs: 0, rateLimit: false, ingestQuota: false });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    stops.push(() => app.close());
    return { url, ...project };
  }

  it('equals what SQLite reports from the same events', async () => {
    const sqlite = openSqliteStore(':memory:');
    const events = clickhouseStore(engine().connect(await freshDatabase()), { delayMs: 20 });
    await events.migrate();
    const metadata = await openPostgresStore(await postgres.createDatabase());
    await metadata.migrate();
    const scaledStore = composeStore(metadata, events);
    stops.push(
      () => sqlite.close(),
      () => scaledStore.close(),
    );
    const [single, scaled] = [await collector(sqlite), await collector(scaledStore)];

    const batches = eventStream(Math.floor(now / DAY) * DAY);
    for (const c of [single, scaled]) await publish(c.url, c.secretKey);
    for (const batch of batches) {
      await post(single.url, batch, single.writeKey, now);
      if (batch.retried) await post(single.url, batch, single.writeKey, now);
    }
    // Account calls first (as the SDK sends them), then the rest newest first.
    const groups = batches.filter((b) => b.messages[0]!.type === 'group');
    const rest = batches.filter((b) => b.messages[0]!.type !== 'group').reverse();
    for (const batch of groups) await post(scaled.url, batch, scaled.writeKey, now);
    for (let i = 0; i < rest.length; i += 16) {
      await Promise.all(
        rest.slice(i, i + 16).map(async (batch) => {
          await post(scaled.url, batch, scaled.writeKey, now);
          if (batch.retried) await post(scaled.url, batch, scaled.writeKey, now);
        }),
      );
    }
    for (const c of [single, scaled]) {
      await erase(c.url, c.secretKey);
      await recomputeHealth(c.url, c.secretKey);
    }

    const expected = await reportSnapshot(single.url, single.secretKey, single.writeKey);
    // Something to compare: the stream reaches every report.
    expect((expected['/v1/reports/experiments/export-copy'] as { variants: unknown[] }).variants).toHaveLength(3);
    expect((expected.events as unknown[]).length).toBeGreaterThan(500);
    expect(await reportSnapshot(scaled.url, scaled.secretKey, scaled.writeKey)).toEqual(expected);
  }, 120_000);
});
