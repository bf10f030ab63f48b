/**
 * The position of a stored event in `GET /v1/events`'s order (newest first: by time, then in
 * the order the store received them, the latest first), as the opaque `next` cursor of a page.
 * Each store says what a position holds (SQLite: time and row id; ClickHouse: time, arrival
 * time, place in its request, messageId); callers only pass it back.
 */
export type EventPosition = readonly (number | string)[];

/** The cursor of a position: base64url of its JSON. */
export function encodeEventCursor(position: EventPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a cursor names, or undefined when it is not one `encodeEventCursor` could have made. */
export function decodeEventCursor(cursor: string): EventPosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length === 0 || value.length > 8) return undefined;
    return value.every((v) => Number.isSafeInteger(v) || (typeof v === 'string' && v.length <= 512)) ? (value as EventPosition) : undefined;
  } catch {
    return undefined;
  }
}

/** A cursor that does not name a position of this store (made by another kind of store, or edited). */
export class InvalidCursorError extends Error {}

/** The position's parts as `kinds` says they are, or InvalidCursorError. */
export function positionOf<const K extends ReadonlyArray<'number' | 'string'>>(
  position: EventPosition,
  kinds: K,
): { [I in keyof K]: K[I] extends 'number' ? number : string } {
  if (position.length !== kinds.length || position.some((v, i) => typeof v !== kinds[i])) throw new InvalidCursorError('not a cursor of this store');
  return position as never;
}

/**
 * A page from rows read one past `limit` in the order: the first `limit` shaped, and `next`
 * (the position of the last of them) when the extra row says another page follows.
 */
export function eventPage<R>(
  rows: readonly R[],
  limit: number,
  shape: (row: R) => Record<string, unknown>,
  position: (row: R) => EventPosition,
): { events: Record<string, unknown>[]; next?: EventPosition } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { events: page.map(shape), ...(rows.length > limit && last !== undefined && { next: position(last) }) };
}
