import { NEXT_PAGE, triggerReason } from '../trigger-reason.js';
import type { Guard } from './guard.js';

/**
 * What the item still waits for: its trigger. Met when it fires; asked about, a trigger that
 * has come without the item showing means the next page view, unless the item waits on this
 * page for what holds it back (then that is its reason).
 */
export const triggerGuard: Guard = {
  name: 'trigger',
  check: ({ item, url, sincePage, fired, waiting }) => (fired ? null : (triggerReason(item.trigger, url, sincePage) ?? (waiting ? null : NEXT_PAGE))),
};
