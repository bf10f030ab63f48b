import type { Coordination } from '../coordination.js';
import { composeStore, type StoreLifecycle } from './compose-store.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import type { EventSideStore, MetadataStore, Store } from './store.js';

/** Where an installation keeps its data (the CLI's `--db`, `--store clickhouse --clickhouse-url`, `--metadata-url`). */
export interface StoreLocation {
  /** The SQLite file: what is kept neither in ClickHouse nor in PostgreSQL. */
  db: string;
  /** ClickHouse over HTTP (`http://host:8123`): events and every report fact. */
  clickhouseUrl?: string;
  /** PostgreSQL (`postgres://…`): projects, keys, content, health and the alert outbox; needs `clickhouseUrl`. */
  metadataUrl?: string;
}

export interface OpenedStore {
  store: Store & StoreLifecycle;
  /** How instances sharing the installation agree (PostgreSQL's); undefined: one process alone. */
  coordination?: Coordination;
  /** Where the data is, in words, for the CLI's messages. */
  description: string;
}

/**
 * Opens the stores a location names: SQLite alone (the embedded default); ClickHouse for
 * events with SQLite for the rest (one collector); or ClickHouse and PostgreSQL, which any
 * number of collectors can share (CONTRACT §9). The engines' clients are loaded only when
 * used. With `coordinate`, a PostgreSQL installation also gets its coordination (the server's).
 */
export async function openStore(location: StoreLocation, options: { coordinate?: boolean; log?: (message: string) => void } = {}): Promise<OpenedStore> {
  if (location.metadataUrl && !location.clickhouseUrl) {
    // SQLite's events belong to the projects in the same file; and a SQLite file is one machine's.
    throw new StoreLocationError('--metadata-url needs --store clickhouse: events in SQLite stay on one machine, with their projects');
  }
  if (!location.clickhouseUrl) return { store: openSqliteStore(location.db), description: `SQLite at ${location.db}` };

  const opened: StoreLifecycle[] = [];
  try {
    const { openClickHouseStore } = await import('./clickhouse-store.js');
    const events: EventSideStore & StoreLifecycle = await openClickHouseStore(location.clickhouseUrl);
    opened.push(events);
    let metadata: MetadataStore & StoreLifecycle;
    let coordination: Coordination | undefined;
    let where: string;
    if (location.metadataUrl) {
      const { openPostgresStore } = await import('./postgres-store.js');
      const postgres = await openPostgresStore(location.metadataUrl);
      opened.push(postgres);
      metadata = postgres;
      where = `PostgreSQL at ${redacted(location.metadataUrl)}`;
      if (options.coordinate) {
        const { createPostgresCoordination } = await import('./postgres/coordination.js');
        coordination = await createPostgresCoordination({ url: location.metadataUrl, pool: postgres.pool, log: options.log });
      }
    } else {
      const sqlite: SqliteStore = openSqliteStore(location.db);
      opened.push(sqlite);
      metadata = sqlite;
      where = `SQLite at ${location.db}`;
    }
    return {
      store: composeStore(metadata, events),
      ...(coordination && { coordination }),
      description: `events in ClickHouse at ${redacted(location.clickhouseUrl)}, the rest in ${where}`,
    };
  } catch (e) {
    await Promise.allSettled(opened.map((s) => s.close()));
    throw e;
  }
}

/** A location that cannot work as given: the CLI prints it as a usage error. */
export class StoreLocationError extends Error {}

/** A URL without its password, for messages and logs. */
export function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}
