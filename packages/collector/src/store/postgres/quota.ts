import type { SharedQuota } from '../../coordination.js';
import type { CountAnswer, CountRequest } from './counters.js';

// bigint columns take no Infinity: a limit of "none" is the largest count there can be.
const finite = (n: number) => (Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER);

/**
 * A quota (messages and bytes per client and minute) counted in PostgreSQL, shared by every
 * instance: fixed windows on the minutes of the database's clock, as the in-process quota's
 * fixed windows. A request is counted only while it stays within both limits (one step of
 * `touchpoint_count`, sent with the other counts of the moment: counters.ts).
 */
export function postgresQuota(
  count: (request: CountRequest) => Promise<CountAnswer>,
  name: string,
  limits: { messagesPerMinute: number; bytesPerMinute: number },
): SharedQuota {
  const maxCount = finite(limits.messagesPerMinute);
  const maxBytes = finite(limits.bytesPerMinute);
  return {
    ...limits,
    async take(client, messages, bytes) {
      const { taken, at } = await count({ key: `q:${name}:${client}`, count: messages, bytes, maxCount, maxBytes, windowMs: 0 });
      return taken ? undefined : Math.max(1, Math.ceil(((Math.floor(at / 60000) + 1) * 60000 - at) / 1000));
    },
  };
}
