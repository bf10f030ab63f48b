import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

/** A throwaway PostgreSQL cluster: its connection URL, and `stop()` that ends it and removes its files. */
export interface PostgresCluster {
  url: string;
  /** Creates an empty database in the cluster and answers its URL (a test's own, beside the others'). */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

// Debian's layout first (PostgreSQL 15 is what these machines and CI have), then PATH.
const CANDIDATE_DIRS = [process.env.PG_BIN, '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'].filter(
  (d): d is string => !!d,
);

/** The folder holding `initdb` and `pg_ctl`, or undefined when PostgreSQL is not installed. */
export function postgresBinDir(): string | undefined {
  for (const dir of CANDIDATE_DIRS) if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  const found = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  if (found && existsSync(join(found, '..', 'initdb'))) return join(found, '..');
  return undefined;
}

/** A TCP port free on 127.0.0.1 right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 on a free port,
 * trusting local connections (user `postgres`, database `postgres`). PostgreSQL refuses to
 * run as root: as root, the binaries run as the `postgres` system user (`runuser`) over a
 * folder it owns; otherwise as the current user. `initdb` takes about half a second.
 */
export async function startPostgres(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) {
    throw new Error(
      'PostgreSQL is not installed: initdb and pg_ctl were not found in /usr/lib/postgresql/<version>/bin or on PATH ' +
        '(Debian: apt-get install -y postgresql-15; or set PG_BIN to the folder holding them)',
    );
  }
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'tp-pg-'));
  const data = join(dir, 'data');
  const run = (command: string, args: string[]) => {
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, command), ...args] : args;
    const result = spawnSync(asRoot ? 'runuser' : join(bin, command), argv, { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) throw new Error(`${command} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout || result.error}`);
  };
  if (asRoot) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (ids.status !== 0) throw new Error('running as root needs a `postgres` system user to run PostgreSQL as (PostgreSQL refuses to run as root)');
    chownSync(dir, Number(ids.stdout), Number(gids.stdout));
    chmodSync(dir, 0o700);
  }
  const port = await freePort();
  // The database's own collation sorts text as most production clusters do (ICU, English),
  // not byte-wise: a query that must sort as SQLite does has to say so (COLLATE "C").
  const icu = ['--locale-provider=icu', '--icu-locale=en-US'];
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C', ...icu]);
    // fsync off: a throwaway cluster; the socket in its own folder, TCP on loopback only.
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-w', 'start']);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  let stopped = false;
  let databases = 0;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async createDatabase() {
      const name = `test_${++databases}`;
      const result = spawnSync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`createdb failed: ${result.stderr}`);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

// `node --import tsx test/support/postgres-cluster.ts`: starts a cluster, prints its URL, and
// keeps it until interrupted (for CI jobs and local trials of the scaled setup).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const cluster = await startPostgres();
  console.log(cluster.url);
  const end = () => void cluster.stop().then(() => process.exit(0));
  process.once('SIGINT', end);
  process.once('SIGTERM', end);
  setInterval(() => {}, 1 << 30);
}

/**
 * A throwaway cluster for the calling test file: started before its tests, stopped after them.
 * Each test makes its own database in it (`createDatabase`), so tests never see each other's rows.
 */
export function postgresForFile(): { createDatabase(): Promise<string>; readonly url: string } {
  let cluster: PostgresCluster | undefined;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  const running = () => {
    if (!cluster) throw new Error('the PostgreSQL cluster is not started: use it inside a test');
    return cluster;
  };
  return {
    createDatabase: () => running().createDatabase(),
    get url() {
      return running().url;
    },
  };
}
