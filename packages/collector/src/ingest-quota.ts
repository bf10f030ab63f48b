/** Messages and bytes one client (a write key and an IP) may send a minute. */
export interface IngestQuotaOptions {
  /** @default 60000 (1,000 a second) */
  messagesPerMinute?: number;
  /** Decoded body bytes. @default 100000000 */
  bytesPerMinute?: number;
}

/** The quota's limits, with the defaults filled in. */
export function quotaLimits(options: IngestQuotaOptions): { messagesPerMinute: number; bytesPerMinute: number } {
  return { messagesPerMinute: options.messagesPerMinute ?? 60_000, bytesPerMinute: options.bytesPerMinute ?? 100_000_000 };
}

// Clients tracked at once: past it the window starts over (more lenient, never unbounded memory).
const MAX_CLIENTS = 100_000;

/**
 * A quota on what clients send, beside the request rate limit: a request of 2,000 messages
 * costs more than one of a single message. Fixed one-minute windows, all starting together:
 * cheap, and over a minute a client gets at most twice its quota across a window's edge.
 * Kept in memory, per process (coordination.ts shares one across instances).
 */
export function createIngestQuota(options: IngestQuotaOptions, now: () => number = Date.now) {
  const { messagesPerMinute, bytesPerMinute } = quotaLimits(options);
  let windowStart = now();
  const used = new Map<string, { messages: number; bytes: number }>();
  return {
    messagesPerMinute,
    bytesPerMinute,
    /**
     * Counts a request against its client's quota. Returns the seconds until the window
     * ends when the request would go over (it is then not counted), else undefined.
     */
    take(client: string, messages: number, bytes: number): number | undefined {
      const at = now();
      if (at - windowStart >= 60_000 || used.size >= MAX_CLIENTS) {
        windowStart = at;
        used.clear();
      }
      const entry = used.get(client) ?? { messages: 0, bytes: 0 };
      if (entry.messages + messages > messagesPerMinute || entry.bytes + bytes > bytesPerMinute) {
        return Math.max(1, Math.ceil((windowStart + 60_000 - at) / 1000));
      }
      entry.messages += messages;
      entry.bytes += bytes;
      used.set(client, entry);
      return undefined;
    },
  };
}

export type IngestQuota = ReturnType<typeof createIngestQuota>;
