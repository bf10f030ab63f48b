/** A throwaway ClickHouse server (see clickhouse-server.mjs). */
export interface ClickHouseServer {
  /** Its HTTP interface, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The temp dir holding its config, data and logs (removed by `stop`). */
  dir: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** Starts a ClickHouse server of its own under a temp dir and waits until it answers `/ping`. */
export function startClickHouse(options?: { timeoutMs?: number }): Promise<ClickHouseServer>;
