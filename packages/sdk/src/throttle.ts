/**
 * The throttle's bookkeeping (`settings.throttle`): how many unsolicited items showed this
 * session and when content last showed. It counts every item that shows, whatever its slot;
 * what the limits mean is decided by the guards in `guards/throttle.ts`.
 */
import type { KeyValueStore } from './storage.js';

const THROTTLE = 'tp.throttle';

/** Shown-content bookkeeping: this session's count and the last time. */
interface Shown {
  session?: string;
  count?: number;
  last?: number;
}

export interface Throttle {
  /** Unsolicited items shown this session, and when content last showed on any device (0: never). What the throttle guards read. */
  read(): { count: number; last: number };
  /** An unsolicited item showed now. */
  count(): void;
  /** Forgets the counts (log out). */
  reset(): void;
}

/**
 * @param lastShown the last time content showed on any device (the server profile), if known.
 */
export function createThrottle(store: KeyValueStore, session: () => string, now: () => number, lastShown: () => number | undefined): Throttle {
  const read = () => store.get<Shown>(THROTTLE) ?? {};
  const countNow = (t: Shown) => (t.session === session() ? (t.count ?? 0) : 0);
  return {
    read() {
      const t = read();
      return { count: countNow(t), last: Math.max(t.last ?? 0, lastShown() ?? 0) };
    },
    count() {
      store.set(THROTTLE, { session: session(), count: countNow(read()) + 1, last: now() });
    },
    reset: () => store.remove(THROTTLE),
  };
}
