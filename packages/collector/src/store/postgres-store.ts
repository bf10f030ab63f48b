import type { MetadataStore } from './store.js';
import { postgresAccessTokens } from './postgres/access-tokens.js';
import { postgresAlerts } from './postgres/alerts.js';
import { postgresAudit } from './postgres/audit.js';
import { postgresContent } from './postgres/content.js';
import { postgresHealth } from './postgres/health.js';
import { postgresJourneys } from './postgres/journeys.js';
import { migratePostgres } from './postgres/migrate.js';
import { openPool, type Pool } from './postgres/pool.js';
import { cachedProjectLookups } from './postgres/project-cache.js';
import { postgresProjects } from './postgres/projects.js';
import { postgresUnsubscribes } from './postgres/unsubscribes.js';
import { postgresUsers } from './postgres/users.js';

/** The scaled installation's shared state (CONTRACT §9) in PostgreSQL, with the storage's lifecycle. */
export interface PostgresStore extends MetadataStore {
  /** The pool under the store: the PostgreSQL coordination shares it. */
  readonly pool: Pool;
  /** Creates or upgrades the schema (what `touchpoint migrate` runs); safe to repeat, and from several processes at once. */
  migrate(): Promise<void>;
  /** Throws when the database cannot commit a write now (a read-only standby, a full disk, gone). */
  checkWritable(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects to PostgreSQL at `url` (`postgres://user:password@host:port/database`). The schema
 * is not touched: call `migrate()` (the CLI's `touchpoint migrate`, or `serve` at start).
 */
export async function openPostgresStore(url: string): Promise<PostgresStore> {
  const pool = openPool(url);
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end();
    throw e;
  }
  let closed = false;
  const projects = postgresProjects(pool, () => cache.invalidate());
  const cache = cachedProjectLookups(projects, { url });
  return {
    pool,
    ...projects,
    projectByWriteKey: cache.projectByWriteKey,
    projectBySecretKey: cache.projectBySecretKey,
    ...postgresContent(pool),
    ...postgresAccessTokens(pool),
    ...postgresHealth(pool),
    ...postgresAlerts(pool),
    ...postgresAudit(pool),
    ...postgresUsers(pool),
    ...postgresUnsubscribes(pool),
    ...postgresJourneys(pool),
    migrate: () => migratePostgres(pool),
    async checkWritable() {
      // A committed write that changes nothing: the newest migration's row rewritten with its
      // own values (refused on a read-only server; fails when the WAL cannot be written).
      await pool.query('UPDATE schema_migrations SET applied_at = applied_at WHERE version = (SELECT MAX(version) FROM schema_migrations)');
    },
    async close() {
      if (closed) return;
      closed = true;
      await cache.close();
      await pool.end();
    },
  };
}
