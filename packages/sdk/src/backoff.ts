/** First retry delay. @default 1 s */
export const BACKOFF_BASE_MS = 1000;
/** Longest retry delay. @default 60 s */
export const BACKOFF_MAX_MS = 60_000;

/**
 * The wait before retry number `attempt` (1, 2, …): exponential, capped, with "equal
 * jitter" (half fixed, half random) so that many clients that failed together, after an
 * outage, do not come back together.
 */
export function backoffDelay(attempt: number, random: number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + (ceiling / 2) * random;
}

/**
 * Milliseconds to wait from a `Retry-After` header: delta-seconds or an HTTP date.
 * Undefined when absent or unreadable. Capped at one hour so a bad header cannot park
 * the queue for a day.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(0, ms), 3_600_000);
}
