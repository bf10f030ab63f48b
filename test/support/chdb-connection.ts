// A current ClickHouse in-process for the store's tests: npm `chdb` (ClickHouse 26.x as a
// library) behind the store's `ClickHouseSql` seam. chdb is not a dependency of the product
// or of the workspace (about 550 MB): `.ci/run` installs it into a cache folder of its own
// (TOUCHPOINT_CHDB_DIR), and the tests load it from there.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClickHouseSql, CLICKHOUSE_SETTINGS } from '../../packages/collector/src/store/clickhouse/connection.js';

/** The chdb release the tests run on (the ClickHouse inside it: 26.7). */
export const CHDB_VERSION = '3.4.0';

/** Where `.ci/run` installs chdb (an npm prefix), unless TOUCHPOINT_CHDB_DIR says otherwise. */
export const CHDB_DIR = process.env.TOUCHPOINT_CHDB_DIR || join(homedir(), '.cache', 'touchpoint-chdb');

/** The command that installs chdb where the tests look for it. */
export const CHDB_INSTALL = `npm install --prefix ${CHDB_DIR} chdb@${CHDB_VERSION}`;

/** The part of chdb's Session the seam uses. */
interface ChdbSession {
  query(text: string, format?: string): string;
  close(): void;
}
type ChdbModule = { Session: new (path?: string, options?: { connectionArgs?: string[] }) => ChdbSession };

/** chdb from CHDB_DIR, or undefined when it is not installed there. */
export function loadChdb(): ChdbModule | undefined {
  try {
    return createRequire(join(CHDB_DIR, 'package.json'))('chdb') as ChdbModule;
  } catch (e) {
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
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
