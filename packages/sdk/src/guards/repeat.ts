import { blockedReason } from '../flow-engine.js';
import type { Guard } from './guard.js';

/** The item's repeat rule, over what this user has seen on any device. */
export const repeatGuard: Guard = {
  name: 'repeat',
  check: ({ item, progress, now }) => {
    const reason = blockedReason(item, progress, now);
    return reason && `repeat: ${reason}`;
  },
};
