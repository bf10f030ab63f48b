import { ClickHouseError } from '@clickhouse/client';

/**
 * ClickHouse's error codes for trouble with the server rather than with the query: read-only,
 * out of memory or disk, too many parts (inserts faster than merges), timeouts, too many
 * queries, shutting down. See ErrorCodes.cpp in ClickHouse.
 */
const UNAVAILABLE_CODES = new Set(['159', '164', '202', '209', '210', '241', '243', '252', '394']);

/** Network failures reaching the server. */
const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|UND_ERR_SOCKET)$/;

/**
 * Whether an error of the ClickHouse store means ClickHouse is unusable now (down, unreachable,
 * read-only, full, overloaded) rather than a bug: the collector answers those with 503 and
 * Retry-After, as it does for SQLite's (see `isStorageError` in store.ts).
 */
export function isClickHouseUnavailable(error: unknown): boolean {
  if (error instanceof ClickHouseError) return UNAVAILABLE_CODES.has(error.code);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.test(code)) return true;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== error && isClickHouseUnavailable(cause);
}
