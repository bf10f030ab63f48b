import type { ClickHouseSql } from './connection.js';
import { MIGRATIONS } from './schema.js';
import { sql } from './sql.js';

/**
 * Brings the schema up to date: the migrations after the newest one recorded in
 * `touchpoint_migrations`, in order. Safe to run again, and from two processes at once: every
 * statement is idempotent, and a version is recorded only once all its statements ran.
 */
export async function migrateClickHouse(db: ClickHouseSql, upTo = MIGRATIONS.length): Promise<void> {
  await db.command('CREATE TABLE IF NOT EXISTS touchpoint_migrations (version UInt32, applied_at Int64) ENGINE = ReplacingMergeTree() ORDER BY version');
  const done = await schemaVersion(db);
  for (let version = done + 1; version <= upTo; version++) {
    for (const step of MIGRATIONS[version - 1]!) await (typeof step === 'string' ? db.command(step) : step(db));
    await db.command(sql`INSERT INTO touchpoint_migrations (version, applied_at) VALUES (${version}, ${Date.now()})`);
  }
}

/** The newest migration applied (0: none). */
export async function schemaVersion(db: ClickHouseSql): Promise<number> {
  const [row] = await db.query<{ version: number }>('SELECT max(version) AS version FROM touchpoint_migrations');
  return Number(row?.version ?? 0);
}
