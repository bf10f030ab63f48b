/**
 * The throttle (`settings.throttle`): at most `maxPerSession` unsolicited items a session,
 * and at least `minMinutesBetween` since the last content shown on any device. It counts
 * every item that shows, whatever its slot.
 */
import type { Settings } from '@touchpoint/content';
import type { KeyValueStore } from './storage.js';

const THROTTLE = 'tp.throttle';

/** Shown-content bookkeeping: this session's count and the last time. */
interface Shown {
  session?: string;
  count?: number;
  last?: number;
}

export interface Throttle {
  /** Why the throttle holds back an unsolicited item now (empty: it does not). */
  reasons(limit: NonNullable<Settings['throttle']> | undefined): string[];
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
    reasons(limit) {
      const reasons: string[] = [];
      if (!limit) return reasons;
      const t = read();
      const count = countNow(t);
      if (limit.maxPerSession !== undefined && count >= limit.maxPerSession) reasons.push(`throttle: ${count} shown this session (at most ${limit.maxPerSession})`);
      const last = Math.max(t.last ?? 0, lastShown() ?? 0);
      const minutes = (now() - last) / 60_000;
      if (limit.minMinutesBetween && last && minutes < limit.minMinutesBetween) {
        reasons.push(`throttle: the last content showed ${Math.floor(minutes)} minute(s) ago (at least ${limit.minMinutesBetween} between)`);
      }
      return reasons;
    },
    count() {
      store.set(THROTTLE, { session: session(), count: countNow(read()) + 1, last: now() });
    },
    reset: () => store.remove(THROTTLE),
  };
}
