import type { EventSideStore } from './store.js';
import { clickhouseAccounts } from './clickhouse/accounts.js';
import { type ClickHouseSql, httpConnection } from './clickhouse/connection.js';
import { clickhouseErase } from './clickhouse/erase.js';
import { clickhouseEvents } from './clickhouse/events.js';
import { migrateClickHouse } from './clickhouse/migrate.js';
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
  return clickhouseStore(connection, options);
}

/** The store over any connection to ClickHouse (the seam: HTTP in production, another client in tests). */
export function clickhouseStore(db: ClickHouseSql, options: WriterOptions = {}): ClickHouseStore {
  const writer = new BatchingWriter(db, options);
  return {
    ...clickhouseEvents(db, writer),
    ...clickhouseProfiles(db),
    ...clickhouseErase(db),
    ...clickhouseReports(db),
    ...clickhouseAccounts(db),
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
