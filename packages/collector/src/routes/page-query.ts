import { z } from 'zod';
import { decodeEventCursor, type EventPosition } from '../store/event-cursor.js';

/**
 * The paging parameters of the API's lists (`GET /v1/events`, `GET /v1/audit`): `limit` (a
 * page, 1–1000, default 100) and `cursor` (a page's `next`), said wrong in the same words.
 */
const LIMIT = 'must be a whole number from 1 to 1000';

/** What a cursor this collector did not give is told. */
export const CURSOR = "is not a cursor this collector gave (use a page's next)";

export const pageLimit = z.coerce.number({ error: LIMIT }).int(LIMIT).min(1, LIMIT).max(1000, LIMIT).default(100);

/** `cursor`, decoded; `accept` turns a decoded position into the list's own (undefined: not one of its cursors). */
export function pageCursor<T = EventPosition>(accept: (position: EventPosition) => T | undefined = (p) => p as T) {
  return z
    .string({ error: 'must be given once' })
    .optional()
    .transform((cursor, ctx) => {
      if (cursor === undefined) return undefined;
      const position = decodeEventCursor(cursor);
      const accepted = position && accept(position);
      if (accepted === undefined) {
        ctx.addIssue({ code: 'custom', message: CURSOR });
        return z.NEVER;
      }
      return accepted;
    });
}
