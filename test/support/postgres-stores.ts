import { afterAll } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../packages/collector/src/store/postgres-store.js';
import { postgresForFile } from './postgres-cluster.js';

/**
 * PostgreSQL stores for the calling test file, over its own throwaway cluster: `stores(also)`
 * opens a store over a fresh database, migrated, and `also` more stores on the same database
 * (other instances of one installation); all closed after the file's tests.
 */
export function postgresStores() {
  const cluster = postgresForFile();
  const opened: PostgresStore[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
  });
  const stores = async (also = 0): Promise<PostgresStore[]> => {
    const url = await cluster.createDatabase();
    const made = await Promise.all(Array.from({ length: also + 1 }, () => openPostgresStore(url)));
    opened.push(...made);
    await made[0]!.migrate();
    return made;
  };
  return { cluster, stores, opened };
}

/** A call's answer, or that it threw: SQLite and PostgreSQL must refuse the same things. */
export async function outcome<T>(call: () => Promise<T>): Promise<T | { threw: true }> {
  try {
    return await call();
  } catch {
    return { threw: true };
  }
}
