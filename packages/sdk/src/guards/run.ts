import { audienceGuard } from './audience.js';
import type { Guard, GuardContext } from './guard.js';
import { holdoutGuard } from './holdout.js';
import { repeatGuard } from './repeat.js';
import { slotGuard } from './slot.js';
import { sessionLimitGuard, spacingGuard } from './throttle.js';
import { triggerGuard } from './trigger.js';

/** Every rule an unsolicited item must pass to show, in the order `explain()` lists their reasons. */
export const GUARDS: readonly Guard[] = [slotGuard, holdoutGuard, audienceGuard, repeatGuard, sessionLimitGuard, spacingGuard, triggerGuard];

/**
 * The rules content a journey's `show` action asks for must pass: the journey chose the user
 * and when (its audience and repeat rule stand for the item's own, and its trigger), so what
 * is left is the screen's: what already shows, the global holdout, the throttle.
 */
export const JOURNEY_GUARDS: readonly Guard[] = [slotGuard, holdoutGuard, sessionLimitGuard, spacingGuard];

/** The first reason the item does not show (null: it shows), for the decision to show. */
export function firstReason(context: GuardContext, guards = GUARDS): string | null {
  for (const guard of guards) {
    const reason = guard.check(context);
    if (reason) return reason;
  }
  return null;
}

/** Every reason the item does not show, for `explain()`. */
export function allReasons(context: GuardContext, guards = GUARDS): string[] {
  return guards.map((guard) => guard.check(context)).filter((reason): reason is string => !!reason);
}
