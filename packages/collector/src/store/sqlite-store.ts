import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from './store.js';
import { sqliteAccessTokens } from './sqlite/access-tokens.js';
import { sqliteAccounts } from './sqlite/accounts.js';
import { sqliteAlerts } from './sqlite/alerts.js';
import { sqliteAudit } from './sqlite/audit.js';
import { sqliteContent } from './sqlite/content.js';
import { sqliteErase } from './sqlite/erase.js';
import { sqliteEvents } from './sqlite/events.js';
import { sqliteFactWriter } from './sqlite/fact-writer.js';
import { sqliteHealth } from './sqlite/health.js';
import { sqliteJourneys } from './sqlite/journeys.js';
import { migrate } from './sqlite/migrate.js';
import { sqlitePeople } from './sqlite/people.js';
import { sqliteProfiles } from './sqlite/profile.js';
import { sqliteProjects } from './sqlite/projects.js';
import { sqliteReports } from './sqlite/reports.js';
import { sqliteUnsubscribes } from './sqlite/unsubscribes.js';
import { sqliteUsers } from './sqlite/users.js';

export { migrate } from './sqlite/migrate.js';

export interface SqliteStoreOptions {
  /**
   * Keep the report rollups at ingest. Only the ingest benchmark turns this off, to measure
   * what they cost; reports are empty without them. @default true
   */
  rollups?: boolean;
}

/** Every aggregate's methods; the storage's lifecycle (`checkWritable`, `close`) is the class's own. */
type Aggregates = Omit<Store, 'checkWritable' | 'close'>;

/** Opens (creating when needed) the SQLite database at `path`. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return new SqliteStore(new Database(path), options);
}

/**
 * Sets the connection up, brings the schema up to date, and builds each aggregate's SQLite
 * repository (one file each under ./sqlite/) over it.
 */
function aggregates(db: Database.Database, options: SqliteStoreOptions): Aggregates {
  // WAL: readers never block the writer. synchronous=NORMAL: a commit is in the WAL
  // file (the OS's page cache) before it returns, so it survives the process being
  // killed; only a power cut can lose the last commits, which is the usual trade.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  const facts = sqliteFactWriter(db, options.rollups ?? true);
  return {
    ...sqliteProjects(db),
    ...sqliteContent(db),
    ...sqliteAccessTokens(db),
    ...sqliteEvents(db, facts),
    ...sqliteProfiles(db),
    ...sqliteErase(db),
    ...sqliteReports(db, facts),
    ...sqliteAccounts(db),
    ...sqlitePeople(db),
    ...sqliteHealth(db),
    ...sqliteAlerts(db),
    ...sqliteJourneys(db),
    ...sqliteAudit(db),
    ...sqliteUsers(db),
    ...sqliteUnsubscribes(db),
  };
}

// A base whose instances carry the aggregates' methods as own properties: SqliteStore then
// is every aggregate at once, type-checked against Store, without a delegating method each.
const Composed = class {
  constructor(parts: Aggregates) {
    Object.assign(this, parts);
  }
} as new (
  parts: Aggregates,
) => Aggregates;

/** The embedded store: every aggregate in one SQLite database. */
export class SqliteStore extends Composed implements Store {
  readonly db: Database.Database;

  constructor(db: Database.Database, options: SqliteStoreOptions = {}) {
    super(aggregates(db, options));
    this.db = db;
  }

  async checkWritable(): Promise<void> {
    // A committed write that changes nothing: rewriting user_version with its own value in
    // one immediate transaction (so a concurrent migration cannot slip in between).
    this.db
      .transaction(() => {
        const version = this.db.pragma('user_version', { simple: true }) as number;
        this.db.pragma(`user_version = ${version}`);
      })
      .immediate();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
