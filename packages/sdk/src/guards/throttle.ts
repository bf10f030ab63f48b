/**
 * The throttle (`settings.throttle`), its two limits as two guards: at most `maxPerSession`
 * unsolicited items a session, and at least `minMinutesBetween` since content last showed on
 * any device. Every item that shows counts, whatever its slot (`../throttle.ts` counts).
 */
import type { Guard } from './guard.js';

export const sessionLimitGuard: Guard = {
  name: 'throttle.maxPerSession',
  check: ({ settings, shownThisSession: count }) => {
    const max = settings.throttle?.maxPerSession;
    return max !== undefined && count >= max ? `throttle: ${count} shown this session (at most ${max})` : null;
  },
};

export const spacingGuard: Guard = {
  name: 'throttle.minMinutesBetween',
  check: ({ settings, lastShown, now }) => {
    const between = settings.throttle?.minMinutesBetween;
    const minutes = (now - lastShown) / 60_000;
    return between && lastShown && minutes < between
      ? `throttle: the last content showed ${Math.floor(minutes)} minute(s) ago (at least ${between} between)`
      : null;
  },
};
