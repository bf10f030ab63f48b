/** Longest string kept in properties and traits; longer ones are trimmed. */
export const MAX_STRING_LENGTH = 4096;
const MAX_DEPTH = 12;
const MAX_KEYS = 500;

/**
 * Turns whatever the host passed as properties or traits into plain JSON, never throwing:
 * circular references, functions, symbols, DOM nodes and other class instances are
 * dropped; dates become ISO strings; non-finite numbers become null; bigints become
 * strings; long strings are trimmed. Each change is reported through `warn` (debug mode).
 * Returns undefined when `input` is not a plain object.
 */
export function sanitizeObject(input: unknown, warn: (msg: string) => void): Record<string, unknown> | undefined {
  if (input === undefined || input === null) return undefined;
  const seen = new WeakSet<object>();
  const out = clean(input, '', 0, seen, warn);
  if (out && typeof out === 'object' && !Array.isArray(out)) return out as Record<string, unknown>;
  warn('expected an object of properties or traits; ignored it');
  return undefined;
}

function clean(value: unknown, path: string, depth: number, seen: WeakSet<object>, warn: (msg: string) => void): unknown {
  switch (typeof value) {
    case 'string':
      if (value.length <= MAX_STRING_LENGTH) return value;
      warn(`${path || 'value'}: trimmed a ${value.length}-character string`);
      return value.slice(0, MAX_STRING_LENGTH);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      // undefined, function, symbol: JSON has no place for them.
      if (value !== undefined) warn(`${path}: dropped a ${typeof value}`);
      return undefined;
  }
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (seen.has(value)) {
    warn(`${path}: dropped a circular reference`);
    return undefined;
  }
  if (depth >= MAX_DEPTH) {
    warn(`${path}: dropped, nested deeper than ${MAX_DEPTH}`);
    return undefined;
  }
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      return value.slice(0, MAX_KEYS).map((item, i) => clean(item, `${path}[${i}]`, depth + 1, seen, warn) ?? null);
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      warn(`${path}: dropped a non-plain object`);
      return undefined;
    }
    const out: Record<string, unknown> = {};
    let count = 0;
    for (const key of Object.keys(value)) {
      if (++count > MAX_KEYS) {
        warn(`${path}: kept the first ${MAX_KEYS} keys`);
        break;
      }
      let item: unknown;
      try {
        item = (value as Record<string, unknown>)[key];
      } catch {
        warn(`${path}.${key}: its getter threw; dropped`);
        continue;
      }
      const cleaned = clean(item, path ? `${path}.${key}` : key, depth + 1, seen, warn);
      if (cleaned !== undefined) out[key] = cleaned;
    }
    return out;
  } finally {
    // Only ancestors count as circular: the same object twice side by side is fine.
    seen.delete(value);
  }
}

/**
 * A name (event, user id, group id) as a non-empty string, or undefined with a warning.
 * Numbers are accepted and stringified; anything longer than `max` is trimmed.
 */
export function cleanName(value: unknown, what: string, max: number, warn: (msg: string) => void): string | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || text.trim() === '') {
    warn(`${what} must be a non-empty string; got ${typeof value === 'string' ? 'an empty string' : typeof value}. Ignored.`);
    return undefined;
  }
  if (text.length <= max) return text;
  warn(`${what} trimmed to ${max} characters`);
  return text.slice(0, max);
}
