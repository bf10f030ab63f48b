export { buildServer, type ServerOptions } from './server.js';
export { normalizeRequest, correctedTimestamp, type IngestDetail } from './ingest.js';
export { newSecretKey, newWriteKey } from './keys.js';
export { openSqliteStore, SqliteStore } from './store/sqlite-store.js';
export { openPostgresStore, type PostgresStore } from './store/postgres-store.js';
export { openClickHouseStore, type ClickHouseStore, type ClickHouseStoreOptions } from './store/clickhouse-store.js';
export { composeStore, type StoreLifecycle } from './store/compose-store.js';
export { openStore, type OpenedStore, type StoreLocation } from './store/open-store.js';
export { createPostgresCoordination, type PostgresCoordinationOptions } from './store/postgres/coordination.js';
export { createLocalCoordination, type Coordination, type JobQueue, type SharedQuota } from './coordination.js';
export type {
  AccountStore,
  EventSideStore,
  MetadataStore,
  ContentStore,
  EventQuery,
  EventRow,
  EventStore,
  HealthStore,
  InsertResult,
  NewProject,
  Project,
  ProjectStore,
  ReportStore,
  Store,
} from './store/store.js';
export { factsOf, converts, type EventFacts } from './facts/event-facts.js';
export { userHash, type Profile } from './routes/profile.js';
