/**
 * The position of a stored event in `GET /v1/events`'s order (newest first: time, then
 * messageId, both descending), as the opaque `next` cursor of a page: every store orders
 * and resumes the same way, so a cursor means the same thing on SQLite and ClickHouse.
 */
export interface EventPosition {
  timestamp: number;
  messageId: string;
}

/** The cursor of a position: base64url of `[timestamp, messageId]`. */
export function encodeEventCursor(p: EventPosition): string {
  return Buffer.from(JSON.stringify([p.timestamp, p.messageId])).toString('base64url');
}

/** The position a cursor names, or undefined when it is not one `encodeEventCursor` made. */
export function decodeEventCursor(cursor: string): EventPosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [timestamp, messageId] = value as unknown[];
    if (!Number.isSafeInteger(timestamp) || typeof messageId !== 'string') return undefined;
    return { timestamp: timestamp as number, messageId };
  } catch {
    return undefined;
  }
}

/**
 * A page from rows read one past `limit` in the order: the first `limit` shaped, and `next`
 * (the last of them) when the extra row says another page follows.
 */
export function eventPage<R extends { timestamp: number; message_id: string }>(
  rows: readonly R[],
  limit: number,
  shape: (row: R) => Record<string, unknown>,
): { events: Record<string, unknown>[]; next?: EventPosition } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { events: page.map(shape), ...(rows.length > limit && last && { next: { timestamp: last.timestamp, messageId: last.message_id } }) };
}
