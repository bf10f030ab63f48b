// The ClickHouse releases the store's tests run on, each behind the store's `ClickHouseSql`
// seam: Debian's server (18.16, over HTTP like production) and a current release in-process
// through chdb. One set of tests runs on both (`describeOnClickHouse(CLICKHOUSE_BACKENDS, …)`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpConnection, type ClickHouseSql } from '../../packages/collector/src/store/clickhouse/connection.js';
import { chdbMissing, loadChdb, startChdb } from './chdb-connection.js';
import { startClickHouse } from './clickhouse-server.mjs';

/** A running ClickHouse the tests reach through the seam. */
export interface ClickHouseUnderTest {
  /** What `version()` answers. */
  version: string;
  /** The seam over `database` (`default` when not given); closed by `stop`. */
  connect(database?: string): ClickHouseSql;
  stop(): Promise<void>;
}

export interface ClickHouseBackend {
  name: string;
  /** The releases `name` promises (`version()`): the tests check they run on one. */
  release: RegExp;
  /** Why this backend cannot run here, and how to make it (undefined: it can). */
  missing(): string | undefined;
  start(): Promise<ClickHouseUnderTest>;
}

async function versionOf(db: ClickHouseSql): Promise<string> {
  const [row] = await db.query<{ version: string }>('SELECT version() AS version');
  return row?.version ?? '?';
}

/** Debian's clickhouse-server (18.16 here and in CI), a throwaway one under a temp dir. */
export const CLICKHOUSE_SERVER: ClickHouseBackend = {
  name: 'the ClickHouse server (18.16 from Debian)',
  release: /^18\.16\./,
  // The server's absence is told by startClickHouse itself, with the command that installs it.
  missing: () => undefined,
  async start() {
    const server = await startClickHouse();
    const connections: ClickHouseSql[] = [];
    const connect = (database?: string) => {
      const db = httpConnection(server.url, database ? { database } : {});
      connections.push(db);
      return db;
    };
    return {
      version: await versionOf(connect()),
      connect,
      async stop() {
        for (const db of connections) await db.close();
        await server.stop();
      },
    };
  },
};

/** A current ClickHouse (26.x) in-process through npm chdb, installed outside the workspace. */
export const CHDB: ClickHouseBackend = {
  name: 'current ClickHouse (26.7 through chdb)',
  release: /^26\.7\./,
  missing: chdbMissing,
  async start() {
    const engine = startChdb(loadChdb());
    return { version: engine.version, connect: engine.connect, stop: async () => engine.stop() };
  },
};

export const CLICKHOUSE_BACKENDS: readonly ClickHouseBackend[] = [CLICKHOUSE_SERVER, CHDB];

/** What the tests of {@link describeOnClickHouse} get: the backend, and its running ClickHouse. */
export interface ClickHouseContext {
  backend: ClickHouseBackend;
  /** The running ClickHouse (from `beforeAll` on). */
  engine(): ClickHouseUnderTest;
  /** A fresh, empty database of it (`t1`, `t2`, …). */
  freshDatabase(): Promise<string>;
}

/**
 * The same tests on each of `backends` (`describe.each`; CLICKHOUSE_BACKENDS: every release we
 * can run here), each with its ClickHouse started once for the block. A backend that cannot run
 * here fails in CI (every release must be tested) and is skipped elsewhere, visibly, with the
 * command that installs it.
 */
export function describeOnClickHouse(backends: readonly ClickHouseBackend[], title: string, tests: (context: ClickHouseContext) => void): void {
  describe.each(backends)(`${title} on $name`, (backend) => {
    const missing = backend.missing();
    if (missing) {
      if (process.env.CI) it('can run (CI tests every ClickHouse)', () => expect.fail(missing));
      else {
        it.skip(`skipped: ${missing}`, () => {});
        console.warn(`${title} on ${backend.name}: skipped, ${missing}`);
      }
      return;
    }
    let running: ClickHouseUnderTest | undefined;
    let databases = 0;
    beforeAll(async () => {
      running = await backend.start();
    }, 60_000);
    // Registered first, so it runs after the tests' own afterAll (which close their stores).
    afterAll(async () => {
      await running?.stop();
    });
    const engine = () => {
      if (!running) throw new Error(`${backend.name} is not running`);
      return running;
    };
    tests({
      backend,
      engine,
      async freshDatabase() {
        const database = `t${++databases}`;
        await engine().connect().command(`CREATE DATABASE ${database}`);
        return database;
      },
    });
  });
}
