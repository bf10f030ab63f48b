/** A place in the content document: keys and indexes, as the validator's paths name them. */
export type DocPath = ReadonlyArray<string | number>;

/** The value at `path` in `root`, or undefined when anything on the way is missing. */
export function getAt(root: unknown, path: DocPath): unknown {
  let at = root;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

/**
 * A copy of `root` with `value` at `path`; every object and array on the way is copied, the rest
 * is shared. `undefined` removes an object's key (an optional field left empty is absent, not
 * `""`), and splices an array's item out. Missing containers on the way are created: an array
 * when the next key is an index, an object otherwise.
 */
export function setAt<T>(root: T, path: DocPath, value: unknown): T {
  if (!path.length) return value as T;
  const [key, ...rest] = path as [string | number, ...Array<string | number>];
  const node = root !== null && typeof root === 'object' ? root : typeof key === 'number' ? [] : {};
  const next = rest.length ? setAt(getAt(node, [key]), rest, value) : value;
  if (Array.isArray(node)) {
    const copy = [...node];
    if (next === undefined) copy.splice(key as number, 1);
    else copy[key as number] = next;
    return copy as T;
  }
  const copy = { ...(node as Record<string, unknown>) };
  if (next === undefined) delete copy[key];
  else copy[key] = next;
  // An optional group left empty by clearing its last field goes too: `"theme": {}` says
  // nothing. Required objects (a variant's `content`) stay, empty, for the validator to name.
  if (rest.length && OPTIONAL_GROUPS.has(String(key)) && isEmptyObject(next)) delete copy[key];
  return copy as T;
}

const OPTIONAL_GROUPS = new Set(['settings', 'theme', 'throttle', 'contact']);
const isEmptyObject = (x: unknown) => !!x && typeof x === 'object' && !Array.isArray(x) && !Object.keys(x).length;

/** A copy of the list with the item at `from` moved to `to`. */
export function move<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item as T);
  return copy;
}

/** The first of `prefix-1`, `prefix-2`… that is not taken. */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}
