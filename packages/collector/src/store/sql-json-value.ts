/**
 * A JSON value of an event's properties as SQLite's `json_extract` reads it: null for absent,
 * 1/0 for booleans, JSON text for objects and arrays, numbers and strings as they are. Both
 * stores keep survey scores and comments this way, so they answer the same.
 */
export function sqlJsonValue(value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return JSON.stringify(value);
}
