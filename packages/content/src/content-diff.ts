import { formatJsonPath } from './json-path.js';

/**
 * One difference between two content documents, item by item (CONTRACT §7): an item of a
 * section of items with ids (a flow, a message, an article…) that was added, removed or
 * changed, or a section that is one object (`settings`, `health`) that changed.
 */
export interface ContentChange {
  /** The section: `flows`, `messages`, `resources.articles`, `settings`, `health`… */
  section: string;
  /** The item's id; absent for a section that is one object, and for a section's order. */
  id?: string;
  /** `reordered`: the section's items are the same but in another order (priority ties follow it). */
  change: 'added' | 'removed' | 'changed' | 'reordered';
  /**
   * For `changed`: where inside the item (or the section) it changed, as JSON paths (`title`,
   * `steps.welcome.body.ja`). Lists of items with ids are keyed by id (`steps.welcome`), so a
   * step inserted first does not make every later step "changed"; a path naming such a list
   * itself means its order changed. At most {@link MAX_DIFF_FIELDS}, the first in document order.
   */
  fields?: string[];
}

/** The most field paths listed for one change: enough to see what was edited, bounded for huge rewrites. */
export const MAX_DIFF_FIELDS = 50;

/** The sections whose items have ids, by their path in the document. */
const ITEM_SECTIONS: ReadonlyArray<readonly string[]> = [
  ['features'],
  ['segments'],
  ['flows'],
  ['messages'],
  ['checklists'],
  ['resources', 'articles'],
  ['surveys'],
  ['journeys'],
];

type Json = unknown;
type Obj = Record<string, Json>;

const isObject = (x: Json): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Items keyed by their `id`, when every element of the list is an object with a distinct string id. */
function byId(list: Json): Map<string, Json> | undefined {
  if (!Array.isArray(list)) return undefined;
  const map = new Map<string, Json>();
  for (const item of list) {
    const id = isObject(item) ? item.id : undefined;
    if (typeof id !== 'string' || map.has(id)) return undefined;
    map.set(id, item);
  }
  return map;
}

/** Whether the ids both lists share come in another order in `to`. */
function reordered(from: Map<string, Json>, to: Map<string, Json>): boolean {
  const a = [...from.keys()].filter((id) => to.has(id));
  const b = [...to.keys()].filter((id) => from.has(id));
  return a.some((id, i) => id !== b[i]);
}

/** Paths (under `path`) where `a` and `b` differ: where a value was added, removed or replaced, as deep as both have it. */
function fieldChanges(a: Json, b: Json, path: PropertyKey[], out: PropertyKey[][]): void {
  if (out.length >= MAX_DIFF_FIELDS || Object.is(a, b)) return;
  const ia = byId(a);
  const ib = byId(b);
  if (ia && ib && (ia.size || ib.size)) {
    if (reordered(ia, ib)) out.push(path);
    for (const id of ia.keys()) if (!ib.has(id)) out.push([...path, id]);
    for (const [id, item] of ib) fieldChanges(ia.get(id), item, [...path, id], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) fieldChanges(a[i], b[i], [...path, i], out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) fieldChanges(a[key], b[key], [...path, key], out);
    return;
  }
  out.push(path);
}

const at = (doc: Json, path: readonly string[]): Json => path.reduce<Json>((x, key) => (isObject(x) ? x[key] : undefined), doc);

/**
 * What changed from one content document to another, item by item: items added, removed or
 * changed (with the fields that changed) in each section of items with ids, a section
 * whose order changed, and changes to the sections that are one object (`settings`,
 * `health`, and any other top-level field). Pure, for the collector's
 * `GET /v1/content/diff` and the dashboard alike. Documents need not be valid: whatever
 * JSON they hold is compared.
 */
export function diffContent(from: unknown, to: unknown): ContentChange[] {
  const changes: ContentChange[] = [];
  const fields = (a: Json, b: Json) => {
    const out: PropertyKey[][] = [];
    fieldChanges(a, b, [], out);
    return out.map((p) => formatJsonPath(p) || '(all)');
  };
  for (const path of ITEM_SECTIONS) {
    const section = path.join('.');
    const a = byId(at(from, path) ?? []);
    const b = byId(at(to, path) ?? []);
    if (!a || !b) {
      // Not a list of items with ids (an invalid document): compared as one value.
      const changed = fields(at(from, path), at(to, path));
      if (changed.length) changes.push({ section, change: 'changed', fields: changed });
      continue;
    }
    for (const [id, item] of b) {
      if (!a.has(id)) changes.push({ section, id, change: 'added' });
      else {
        const changed = fields(a.get(id), item);
        if (changed.length) changes.push({ section, id, change: 'changed', fields: changed });
      }
    }
    for (const id of a.keys()) if (!b.has(id)) changes.push({ section, id, change: 'removed' });
    if (reordered(a, b)) changes.push({ section, change: 'reordered' });
  }
  // Everything else, top-level field by field: settings, health, the rest of resources, version.
  const rest = (doc: Json): Obj => {
    if (!isObject(doc)) return {};
    const copy: Obj = { ...doc };
    for (const [key] of ITEM_SECTIONS) if (key !== undefined && key !== 'resources') delete copy[key];
    if (isObject(copy.resources)) {
      const { articles: _articles, ...others } = copy.resources;
      copy.resources = others;
      if (!Object.keys(others).length) delete copy.resources;
    }
    return copy;
  };
  const a = rest(from);
  const b = rest(to);
  for (const section of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!(section in a)) changes.push({ section, change: 'added' });
    else if (!(section in b)) changes.push({ section, change: 'removed' });
    else {
      const changed = fields(a[section], b[section]);
      if (changed.length) changes.push({ section, change: 'changed', fields: changed });
    }
  }
  return changes;
}
