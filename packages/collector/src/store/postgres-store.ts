import type { MetadataStore } from './store.js';
import { postgresAccessTokens } from './postgres/access-tokens.js';
import { postgresAlerts } from './postgres/alerts.js';
import { postgresContent } from './postgres/content.js';
import { postgresHealth } from './postgres/health.js';
import { migratePostgres } from './postgres/migrate.js';
import { openPool, transaction, type Pool } from './postgres/pool.js';
import { postgresProjects } from './postgres/projects.js';

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
  return {
    pool,
    ...postgresProjects(pool),
    ...postgresContent(pool),
    ...postgresAccessTokens(pool),
    ...postgresHealth(pool),
    ...postgresAlerts(pool),
    migrate: () => migratePostgres(pool),
    async checkWritable() {
      // A committed transaction that writes nothing but its own id (pg_current_xact_id assigns
      // one): refused on a read-only server, and fails when the WAL cannot be written.
      await transaction(pool, async (client) => void (await client.query('SELECT pg_current_xact_id()')));
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
