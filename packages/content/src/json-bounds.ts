import { MAX_ARRAY_LENGTH, MAX_JSON_DEPTH, MAX_OBJECT_KEYS } from './limits.js';

/** How deep, how wide and how long parsed JSON may be. */
export interface JsonBounds {
  depth: number;
  keys: number;
  items: number;
}

/** A message's bounds (CONTRACT §5 and `limits.ts`). */
export const MESSAGE_BOUNDS: JsonBounds = { depth: MAX_JSON_DEPTH, keys: MAX_OBJECT_KEYS, items: MAX_ARRAY_LENGTH };

/** Where a JSON value breaks a bound, and how: `path` is relative to the value. */
export interface JsonBoundsIssue {
  path: Array<string | number>;
  message: string;
}

/**
 * The first place where parsed JSON breaks its bounds (by default those every message is
 * held to), or undefined when it holds:
 * - nesting deeper than `bounds.depth` ({@link MAX_JSON_DEPTH}), objects with more than
 *   `bounds.keys` ({@link MAX_OBJECT_KEYS}) keys, arrays with more than `bounds.items`
 *   ({@link MAX_ARRAY_LENGTH}) items;
 * - numbers outside a double's range (`1e400` parses to `Infinity`, and JSON has no
 *   Infinity: it would be stored as `null` without a word);
 * - prototype keys: `__proto__` anywhere, and `prototype` inside `constructor`. A JSON
 *   parser makes them ordinary properties, but whoever later merges the object into
 *   another (a webhook receiver, an export script) would change a prototype instead.
 *   A plain `constructor` property (a car's maker) is data and is kept.
 *
 * Recursive, but never deeper than the depth bound (it refuses before descending further),
 * and it allocates nothing on the way unless it finds an issue: it runs on every message
 * ingested.
 */
export function jsonBoundsIssue(value: unknown, bounds: JsonBounds = MESSAGE_BOUNDS): JsonBoundsIssue | undefined {
  return walk(value, 0, '', bounds);
}

function walk(node: unknown, depth: number, key: string | number, bounds: JsonBounds): JsonBoundsIssue | undefined {
  if (typeof node === 'number') return Number.isFinite(node) ? undefined : { path: [], message: 'is out of the range of a number (1e308)' };
  if (typeof node !== 'object' || node === null) return undefined;
  if (depth > bounds.depth) return { path: [], message: `is nested deeper than ${bounds.depth} levels` };
  let issue: JsonBoundsIssue | undefined;
  if (Array.isArray(node)) {
    if (node.length > bounds.items) return { path: [], message: `has ${node.length} items; at most ${bounds.items} are accepted` };
    for (let i = 0; i < node.length; i++) {
      if ((issue = walk(node[i], depth + 1, i, bounds))) return (issue.path.unshift(i), issue);
    }
    return undefined;
  }
  let count = 0;
  // for…in: JSON objects have no enumerable inherited keys, and it needs no array of keys.
  for (const k in node) {
    if (++count > bounds.keys) return { path: [], message: `has ${Object.keys(node).length} keys; at most ${bounds.keys} are accepted` };
    if (k === '__proto__' || (k === 'prototype' && key === 'constructor')) {
      return { path: [k], message: `the key "${k}" is not accepted: it would change the prototype of whoever merges this object` };
    }
    if ((issue = walk((node as Record<string, unknown>)[k], depth + 1, k, bounds))) return (issue.path.unshift(k), issue);
  }
  return undefined;
}
