import { MAX_ARRAY_LENGTH, MAX_JSON_DEPTH, MAX_OBJECT_KEYS } from './limits.js';

/** Where a JSON value breaks a bound, and how: `path` is relative to the value. */
export interface JsonBoundsIssue {
  path: Array<string | number>;
  message: string;
}

/**
 * The first place where parsed JSON breaks the bounds every message is held to, or
 * undefined when it holds:
 * - nesting deeper than {@link MAX_JSON_DEPTH}, objects with more than
 *   {@link MAX_OBJECT_KEYS} keys, arrays with more than {@link MAX_ARRAY_LENGTH} items;
 * - numbers outside a double's range (`1e400` parses to `Infinity`, and JSON has no
 *   Infinity: it would be stored as `null` without a word);
 * - prototype keys: `__proto__` anywhere, and `prototype` inside `constructor`. A JSON
 *   parser makes them ordinary properties, but whoever later merges the object into
 *   another (a webhook receiver, an export script) would change a prototype instead.
 *   A plain `constructor` property (a car's maker) is data and is kept.
 *
 * Iterative, with an explicit stack, and it stops at the first issue, so a value nested
 * 100,000 levels deep costs no more than one nested 33.
 */
export function jsonBoundsIssue(value: unknown): JsonBoundsIssue | undefined {
  // Each entry: a value, its depth, and how to rebuild its path (only done on an issue).
  const stack: Array<{ value: unknown; depth: number; parent: number; key: string | number }> = [{ value, depth: 0, parent: -1, key: '' }];
  const seen: typeof stack = [];
  const pathOf = (index: number, last?: string | number): Array<string | number> => {
    const path: Array<string | number> = last === undefined ? [] : [last];
    for (let i = index; i > 0; i = seen[i]!.parent) path.unshift(seen[i]!.key);
    return path;
  };
  while (stack.length) {
    const entry = stack.pop()!;
    const here = seen.push(entry) - 1;
    const node = entry.value;
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) return { path: pathOf(here), message: 'is out of the range of a number (1e308)' };
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    if (entry.depth > MAX_JSON_DEPTH) return { path: pathOf(here), message: `is nested deeper than ${MAX_JSON_DEPTH} levels` };
    if (Array.isArray(node)) {
      if (node.length > MAX_ARRAY_LENGTH) return { path: pathOf(here), message: `has ${node.length} items; at most ${MAX_ARRAY_LENGTH} are accepted` };
      for (let i = node.length - 1; i >= 0; i--) stack.push({ value: node[i], depth: entry.depth + 1, parent: here, key: i });
      continue;
    }
    const keys = Object.keys(node);
    if (keys.length > MAX_OBJECT_KEYS) return { path: pathOf(here), message: `has ${keys.length} keys; at most ${MAX_OBJECT_KEYS} are accepted` };
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (key === '__proto__' || (key === 'prototype' && entry.key === 'constructor')) {
        return { path: pathOf(here, key), message: `the key "${key}" is not accepted: it would change the prototype of whoever merges this object` };
      }
      stack.push({ value: (node as Record<string, unknown>)[key], depth: entry.depth + 1, parent: here, key });
    }
  }
  return undefined;
}
