import type { EventSideStore } from './store.js';
import { clickhouseAccounts } from './clickhouse/accounts.js';
import { type ClickHouseSql, httpConnection } from './clickhouse/connection.js';
import { clickhouseErase } from './clickhouse/erase.js';
import { clickhouseEvents } from './clickhouse/events.js';
import { migrateClickHouse } from './clickhouse/migrate.js';
import { clickhousePeople } from './clickhouse/people.js';
import { clickhouseProfiles } from './clickhouse/profile.js';
import { clickhouseReports } from './clickhouse/reports.js';
import { BatchingWriter, type WriterOptions } from './clickhouse/writer.js';

export type { ClickHouseSql } from './clickhouse/connection.js';
export { isClickHouseUnavailable } from './clickhouse/errors.js';

export interface ClickHouseStoreOptions extends WriterOptions {
  /** The database holding the tables (created by `migrate`). @default the connection's (`default`) */
  database?: string;
  /** A request's time limit (ms). @default 60000 */
  requestTimeoutMs?: number;
}

/** Events and every report fact in ClickHouse (CONTRACT §9), with the storage's lifecycle. */
export interface ClickHouseStore extends EventSideStore {
  /** Creates or upgrades the schema (versioned, idempotent; `touchpoint migrate` runs it). */
  migrate(): Promise<void>;
  /** Throws when ClickHouse cannot take a write now. */
  checkWritable(): Promise<void>;
  /** Writes what is queued, then closes the connection. */
  close(): Promise<void>;
}

/**
 * Opens the ClickHouse store at `url` (HTTP, e.g. `http://127.0.0.1:8123`). The schema is not
 * touched: call `migrate()` (or run `touchpoint migrate`) first.
 */
export async function openClickHouseStore(url: string, options: ClickHouseStoreOptions = {}): Promise<ClickHouseStore> {
  const connection = httpConnection(url, {
    ...(options.database && { database: options.database }),
    ...(options.requestTimeoutMs && { requestTimeoutMs: options.requestTimeoutMs }),
  });
  const store = clickhouseStore(connection, options);
  const database = options.database ?? databaseOf(url);
  return {
    ...store,
    async migrate() {
      // The database the URL names is created first (as PostgreSQL's is by its server's admin,
      // ClickHouse's is one statement): `touchpoint migrate` sets up an empty server.
      if (database && database !== 'default') {
        const server = new URL(url);
        server.pathname = '/';
        const admin = httpConnection(server.toString());
        try {
          await admin.command(`CREATE DATABASE IF NOT EXISTS ${identifier(database)}`);
        } finally {
          await admin.close();
        }
      }
      await store.migrate();
    },
  };
}

/** The database a ClickHouse URL names in its path (`http://host:8123/touchpoint`), if any. */
function databaseOf(url: string): string | undefined {
  const path = decodeURIComponent(new URL(url).pathname.replace(/^\/+|\/+$/g, ''));
  return path || undefined;
}

/** A database name as a ClickHouse identifier: plain names only, so nothing needs quoting. */
function identifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name))
    throw new Error(`the ClickHouse database name "${name}" must be letters, digits and _ (not starting with a digit)`);
  return name;
}

/** The store over any connection to ClickHouse (the seam: HTTP in production, another client in tests). */
export function clickhouseStore(db: ClickHouseSql, options: WriterOptions & { changeLagMs?: number } = {}): ClickHouseStore {
  const writer = new BatchingWriter(db, options);
  return {
    ...clickhouseEvents(db, writer),
    ...clickhouseProfiles(db),
    ...clickhouseErase(db),
    ...clickhouseReports(db),
    ...clickhouseAccounts(db),
    ...clickhousePeople(db, Date.now, options.changeLagMs),
    migrate: () => migrateClickHouse(db),
    async checkWritable() {
      // A write that changes nothing: version 0 collapses into itself and is never the newest.
      await db.command(`INSERT INTO touchpoint_migrations (version, applied_at) VALUES (0, ${Date.now()})`);
    },
    async close() {
      await writer.drain();
      await db.close();
    },
  };
}
