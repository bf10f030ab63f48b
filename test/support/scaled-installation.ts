import { startClickHouse } from './clickhouse-server.mjs';
import { startPostgres } from './postgres-cluster.js';

/** A throwaway scaled installation (CONTRACT §9): a ClickHouse server and a PostgreSQL cluster. */
export interface ScaledInstallation {
  clickhouseUrl: string;
  postgresUrl: string;
  /**
   * The store flags of a fresh installation on these servers (a new ClickHouse database and a
   * new PostgreSQL database): `--store clickhouse --clickhouse-url … --metadata-url …`.
   */
  storeArgs(): Promise<string[]>;
  stop(): Promise<void>;
}

let databases = 0;

/** Starts both servers (about a second); `stop` removes everything they kept. */
export async function startScaledInstallation(): Promise<ScaledInstallation> {
  const [clickhouse, postgres] = await Promise.all([startClickHouse(), startPostgres()]);
  return {
    clickhouseUrl: clickhouse.url,
    postgresUrl: postgres.url,
    async storeArgs() {
      // A database of its own, created by the first `touchpoint migrate` (or serve) on it.
      const name = `touchpoint_${process.pid}_${databases++}`;
      return ['--store', 'clickhouse', '--clickhouse-url', `${clickhouse.url}/${name}`, '--metadata-url', await postgres.createDatabase()];
    },
    async stop() {
      await Promise.all([clickhouse.stop(), postgres.stop()]);
    },
  };
}
