import { audienceFailure } from '@touchpoint/content';
import type { Guard } from './guard.js';

/** The item's audience, by the same targeting the collector and the dashboard use. */
export const audienceGuard: Guard = {
  name: 'audience',
  check: ({ item, targeting, segments }) => {
    const failure = audienceFailure(item.audience, targeting, segments);
    return failure && `audience: ${failure}`;
  },
};
