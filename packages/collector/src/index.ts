export { buildServer, type ServerOptions } from './server.js';
export { normalizeRequest, correctedTimestamp, type IngestDetail } from './ingest.js';
export { newSecretKey, newWriteKey } from './keys.js';
export { openSqliteStore, SqliteStore } from './store/sqlite-store.js';
export type { EventQuery, EventRow, InsertResult, NewProject, Project, Store } from './store/store.js';
export { userHash, type Profile } from './routes/profile.js';
