import { readMigrations } from '../sqlite/migrate.js';
import { transaction, type Pool } from './pool.js';

/**
 * PostgreSQL's schema migrations: `migrations/NNNN-name.sql`, applied in order, each in its own
 * transaction with its number recorded in `schema_migrations`. Append only, as SQLite's. The
 * build copies the folder into dist.
 */
const FOLDER = new URL('./migrations/', import.meta.url);

let files: string[] | undefined;

/** The migrations' SQL, in order (read once). */
export function postgresMigrations(): string[] {
  files ??= readMigrations(FOLDER);
  return files;
}

// Any number of instances may start (and migrate) at once: one transaction-scoped advisory
// lock makes them take turns, and each applies only what is still missing.
const MIGRATION_LOCK = 0x7470_6d67; // "tpmg"

/** Brings the schema up to date; safe to run again and from several processes at once. */
export async function migratePostgres(pool: Pool, upTo = postgresMigrations().length): Promise<void> {
  const all = postgresMigrations();
  for (let i = 0; i < upTo; i++) {
    await transaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)');
      const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [i + 1]);
      if (done.rowCount) return;
      await client.query(all[i]!);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [i + 1, Date.now()]);
    });
  }
}
