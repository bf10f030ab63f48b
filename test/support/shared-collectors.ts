import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Coordination } from '../../packages/collector/src/coordination.js';
import { buildServer, type ServerOptions } from '../../packages/collector/src/server.js';
import { createPostgresCoordination } from '../../packages/collector/src/store/postgres/coordination.js';
import { openPostgresStore, type PostgresStore } from '../../packages/collector/src/store/postgres-store.js';
import { composeStore } from '../../packages/collector/src/store/compose-store.js';
import { openSqliteStore } from '../../packages/collector/src/store/sqlite-store.js';
import type { Store } from '../../packages/collector/src/store/store.js';

/** One collector instance of a shared installation, as a test drives it. */
export interface SharedInstance {
  url: string;
  app: Awaited<ReturnType<typeof buildServer>>;
  metadata: PostgresStore;
  coordination: Coordination;
}

/**
 * Collector instances sharing one installation: the shared state in one PostgreSQL database,
 * each instance with its own pool and coordination, as separate processes would have. The
 * events (ClickHouse's part in production) are in one SQLite file they share, a stand-in
 * with the same answers. Each has the project `wk_shared` / `sk_shared` (id 1).
 */
export async function startSharedInstances(
  databaseUrl: string,
  count: number,
  options: Partial<ServerOptions> = {},
  /** Lets a test see an instance's store calls or schedules (each answers the one to use). */
  wrap: { store?: (store: Store, instance: number) => Store; coordination?: (coordination: Coordination, instance: number) => Coordination } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'tp-shared-'));
  const eventsPath = join(dir, 'events.sqlite');
  const project = { name: 'shared', writeKey: 'wk_shared', secretKey: 'sk_shared', origins: [] };
  const first = await openPostgresStore(databaseUrl);
  await first.migrate();
  await first.createProject(project);
  await first.close();
  const seed = openSqliteStore(eventsPath);
  await seed.createProject(project);
  await seed.close();

  const instances: SharedInstance[] = [];
  for (let i = 0; i < count; i++) {
    const metadata = await openPostgresStore(databaseUrl);
    const events = openSqliteStore(eventsPath);
    const shared = await createPostgresCoordination({ url: databaseUrl, pool: metadata.pool, heartbeatMs: 1000 });
    const coordination = wrap.coordination?.(shared, i) ?? shared;
    // The event side from SQLite, the shared state from PostgreSQL.
    const store = composeStore(metadata, events);
    const app = await buildServer({ store: wrap.store?.(store, i) ?? store, coordination, ...options });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    instances.push({ url, app, metadata, coordination });
  }
  return {
    instances,
    async stop() {
      await Promise.all(instances.map((i) => i.app.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
