import { contentKind } from '@touchpoint/content';
import type { Guard } from './guard.js';

/** One item a slot: what shows there holds back the rest of its slot until it closes. */
export const slotGuard: Guard = {
  name: 'slot',
  check: ({ occupant, slot }) => (occupant ? `slot "${slot}": waits for ${contentKind(occupant)} "${occupant.id}" to close` : null),
};
