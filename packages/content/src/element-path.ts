/**
 * Privacy-safe descriptions of clicked elements, the raw material of retroactive features:
 * the SDK sends `Element Clicked {path}` for each click, and the collector matches a
 * feature's selector against the stored paths, so a feature defined today counts the clicks
 * of past weeks too. A descriptor holds the tag, id, classes, `data-*`, `role` and `type`
 * attributes (names and short values) and nothing else: never text, input values, `href`s or
 * labels. Everything is bounded.
 */
export interface ElementDescriptor {
  /** Lower-case tag name. */
  tag: string;
  id?: string;
  classes?: string[];
  /** `data-*`, `role` and `type`. */
  attrs?: Record<string, string>;
}

export const ELEMENT_PATH_LIMITS = {
  /** Elements from the clicked one up to its ancestors (html and body excluded). */
  depth: 12,
  classes: 12,
  attrs: 12,
  /** Characters in an id, class, attribute name or value: longer ones are left out. */
  length: 80,
} as const;

/** The attributes a descriptor keeps, besides id and class. */
export const describedAttribute = (name: string) => name.startsWith('data-') || name === 'role' || name === 'type';

/** The structural part of a DOM element that {@link describeElement} reads. */
export interface DescribableElement {
  localName: string;
  id: string;
  classList: ArrayLike<string>;
  attributes: ArrayLike<{ name: string; value: string }>;
}

const fits = (s: string) => s.length > 0 && s.length <= ELEMENT_PATH_LIMITS.length;

export function describeElement(el: DescribableElement): ElementDescriptor {
  const d: ElementDescriptor = { tag: el.localName.toLowerCase() };
  if (fits(el.id)) d.id = el.id;
  const classes = Array.from(el.classList).filter(fits).slice(0, ELEMENT_PATH_LIMITS.classes);
  if (classes.length) d.classes = classes;
  const attrs: Record<string, string> = {};
  let n = 0;
  for (const { name, value } of Array.from(el.attributes)) {
    if (n < ELEMENT_PATH_LIMITS.attrs && describedAttribute(name) && fits(name) && value.length <= ELEMENT_PATH_LIMITS.length) {
      attrs[name] = value;
      n++;
    }
  }
  if (n) d.attrs = attrs;
  return d;
}
