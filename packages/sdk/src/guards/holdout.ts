import { inHoldout } from '@touchpoint/content';
import type { Guard } from './guard.js';

/** `settings.holdout`: a stable share of users sees no unsolicited content (the baseline of every report). */
export const holdoutGuard: Guard = {
  name: 'holdout',
  check: ({ settings: { holdout }, userKey }) =>
    inHoldout(holdout, userKey) ? `holdout: this user is in the ${holdout}% who see no unsolicited content` : null,
};
