// A current ClickHouse in-process for the store's tests: npm `chdb` (ClickHouse 26.7 as a
// library) behind the store's `ClickHouseSql` seam. chdb is not a dependency of the product or
// of the workspace (about 550 MB): `.ci/run` installs it into a cache folder of its own
// (install-chdb.mjs), and the tests load it from there.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClickHouseSql, CLICKHOUSE_SETTINGS } from '../../packages/collector/src/store/clickhouse/connection.js';
import { CHDB_DIR, CHDB_INSTALL, CHDB_VERSION, installedChdbVersion } from './install-chdb.mjs';

/** The part of chdb's Session the seam uses. */
interface ChdbSession {
  query(text: string, format?: string): string;
  close(): void;
}
type ChdbModule = { Session: new (path?: string, options?: { connectionArgs?: string[] }) => ChdbSession };

/** Why chdb cannot be used here, with the command that fixes it (undefined: it can). */
export function chdbMissing(): string | undefined {
  const installed = installedChdbVersion();
  if (installed === CHDB_VERSION) return undefined;
  const found = installed ? `chdb ${installed} is in ${CHDB_DIR}, the tests need ${CHDB_VERSION}` : `chdb ${CHDB_VERSION} is not installed in ${CHDB_DIR}`;
  return `${found}: run \`node test/support/install-chdb.mjs\` (${CHDB_INSTALL})`;
}

/** chdb from CHDB_DIR (see {@link chdbMissing} first). */
export function loadChdb(): ChdbModule {
  return createRequire(join(CHDB_DIR, 'package.json'))('chdb') as ChdbModule;
}

/** One in-process ClickHouse over a temp data dir (chdb binds one data dir per process). */
export interface ChdbEngine {
  /** The server's version, e.g. 26.7.2.1. */
  version: string;
  /** The seam over `database` (`default` when not given). */
  connect(database?: string): ClickHouseSql;
  /** Closes the session and removes its data dir. */
  stop(): void;
}

/**
 * Opens chdb over a fresh temp dir, with the settings the HTTP connection sends on every
 * request (CLICKHOUSE_SETTINGS) as the session's own, so both ways answer in the same shapes.
 */
export function startChdb(chdb: ChdbModule): ChdbEngine {
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-chdb-'));
  const session = new chdb.Session(dir, {
    connectionArgs: Object.entries(CLICKHOUSE_SETTINGS).map(([name, value]) => `--${name}=${value}`),
  });
  const rows = <T>(text: string): T[] =>
    text
      .split('\n')
      .filter((line) => line)
      .map((line) => JSON.parse(line) as T);
  const [{ version } = { version: '?' }] = rows<{ version: string }>(session.query('SELECT version() AS version', 'JSONEachRow'));
  return {
    version,
    connect(database = 'default') {
      // chdb runs a query synchronously: `USE` and the statement after it run back to back,
      // so connections to different databases share the session without mixing them up.
      // Each call's result or error comes back as a promise settled after the call.
      const run = (text: string, format?: string) => {
        session.query(`USE ${database}`);
        return format ? session.query(text, format) : session.query(text);
      };
      return {
        async query<T>(text: string) {
          return rows<T>(run(text, 'JSONEachRow'));
        },
        async command(text) {
          run(text);
        },
        async insert(table, values) {
          if (values.length) run(`INSERT INTO ${table} FORMAT JSONEachRow\n${values.map((v) => JSON.stringify(v)).join('\n')}`);
        },
        // The session is the engine's, closed by `stop`.
        async close() {},
      };
    },
    stop() {
      session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
