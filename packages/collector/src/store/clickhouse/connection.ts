import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { StorageUnavailableError } from '../store.js';
import { isClickHouseUnavailable } from './errors.js';

/**
 * The few things the store asks of ClickHouse: the seam between the store and the client, so
 * the same store can run over another way of reaching ClickHouse (chdb, in-process, in CI).
 */
export interface ClickHouseSql {
  /** Rows of a SELECT (values inlined through `sql.ts`). */
  query<T>(text: string): Promise<T[]>;
  /** A statement without rows (DDL, ALTER). */
  command(text: string): Promise<void>;
  /** Rows into a table, as JSON objects by column name. */
  insert(table: string, rows: readonly object[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Settings sent with every request, written out because the servers we run on differ:
 * 18.16's defaults are not today's. Any other way of reaching ClickHouse (chdb in the tests)
 * sets the same.
 */
export const CLICKHOUSE_SETTINGS = {
  // Int64/UInt64 as JSON numbers (times in ms and counts fit a double exactly).
  output_format_json_quote_64bit_integers: 0,
} as const;

/** Runs a request, telling the server a failure that means ClickHouse is unusable now (503, not 500). */
async function told<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (e) {
    if (isClickHouseUnavailable(e)) throw new StorageUnavailableError(e instanceof Error ? e.message : String(e), { cause: e });
    throw e;
  }
}

/** ClickHouse over HTTP with the official client, in a way 18.16 and current releases both accept. */
export function httpConnection(url: string, options: { database?: string; requestTimeoutMs?: number } = {}): ClickHouseSql {
  const client: ClickHouseClient = createClient({
    url,
    ...(options.database && { database: options.database }),
    request_timeout: options.requestTimeoutMs ?? 60_000,
    clickhouse_settings: CLICKHOUSE_SETTINGS,
    // Errors reach the caller as rejections; the client's own log would print them twice.
    log: { level: ClickHouseLogLevel.OFF },
  });
  return {
    async query<T>(text: string) {
      // The format is always named: the client's default is unknown to 18.16. The whole
      // answer is computed before it is sent, so an error mid-query is an HTTP error, not a
      // 200 with the error appended to rows already streamed.
      return told(async () => {
        const result = await client.query({ query: text, format: 'JSONEachRow', clickhouse_settings: { wait_end_of_query: 1 } });
        return result.json<T>();
      });
    },
    async command(text) {
      await told(() => client.command({ query: text, clickhouse_settings: { wait_end_of_query: 1 } }));
    },
    async insert(table, rows) {
      if (rows.length) await told(() => client.insert({ table, values: rows as object[], format: 'JSONEachRow' }));
    },
    close: () => client.close(),
  };
}
