import pg from 'pg';

/** The pool every PostgreSQL repository and the coordination share. */
export type Pool = pg.Pool;
export type Client = pg.PoolClient;
/** What runs a query: the pool, or one client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;

const INT8 = 20;

/**
 * Opens a pool on `url`. Bigints (times in ms, counts) come back as numbers, as the SQLite
 * store gives them: every such value is far below 2^53. Connections are checked with TCP
 * keepalive, so one cut off silently is noticed.
 */
export function openPool(url: string, max = 10): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    keepAlive: true,
    // A statement that hangs (a lock held by a dead peer) fails instead of holding a request forever.
    statement_timeout: 30_000,
    connectionTimeoutMillis: 10_000,
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format))) as never },
  });
  // An idle client losing its connection (the server restarting) must not end the process:
  // the pool drops it and the next query opens another.
  pool.on('error', () => {});
  return pool;
}

/** Runs `work` in one transaction on one client: committed when it resolves, rolled back when it throws. */
export async function transaction<T>(pool: Pool, work: (client: Client) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
