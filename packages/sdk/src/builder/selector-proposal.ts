/**
 * Proposes the CSS selector of a picked element, the way a step's `target` is matched
 * (target.ts: the document, then open shadow roots depth-first, then same-origin frames; a
 * selector matches inside one tree). What makes a selector good for a tour is that it keeps
 * matching that element, and only it, after the app re-renders, re-deploys or changes
 * language: so the attributes a team puts there for the purpose come first (`data-tour`, test
 * ids), then ids, then ARIA role and name, other stable attributes and classes; never
 * generated class names or ids (CSS modules, styled-components, emotion, Tailwind arbitrary
 * values, hashes), and a position (`:nth-of-type`) only as a last resort, with a warning.
 */
import { queryAllDeep, searchTrees } from '../target.js';

/** Why a selector may not hold. */
export type SelectorWarning =
  /** It is not valid CSS. */
  | 'invalid'
  /** It matches nothing now. */
  | 'no-match'
  /** It matches more than one element. */
  | 'not-unique'
  /** Its first match (the one a step points at) is not the picked element. */
  | 'other-element'
  /** It reads text the user sees (aria-label, title, alt, placeholder): another locale breaks it. */
  | 'locale-text'
  /** It depends on the element's position among its siblings. */
  | 'position';

export interface SelectorCheck {
  selector: string;
  /** How many elements it matches now, wherever the SDK looks. */
  count: number;
  /** It matches exactly one element (the picked one, when given). */
  unique: boolean;
  warnings: SelectorWarning[];
}

type Tree = Document | ShadowRoot;

/** The attributes a team adds to mark elements for tours and tests, best first. */
const MARKERS = ['data-tour', 'data-testid', 'data-test-id', 'data-test', 'data-cy', 'data-qa'];
/** Attributes that carry what the user reads: another locale changes them. */
const TEXT_ATTRIBUTES = ['aria-label', 'title', 'alt', 'placeholder'];
/** Other attributes that usually say what an element is, not how it looks. */
const STABLE_ATTRIBUTES = ['name', 'href', 'for', 'type', 'role', 'aria-controls', 'action'];
/** Categories, best first: a combined selector is as good as its worst part. */
const Rank = { Tour: 0, TestId: 1, Id: 2, RoleName: 3, Attribute: 4, Class: 5, Tag: 6 } as const;

interface Part {
  css: string;
  rank: number;
  text?: boolean;
}

/**
 * True for a class name or id a build tool or framework generated: it changes with the next
 * build or render, so a selector must not rely on it.
 */
export function looksGenerated(name: string, kind: 'class' | 'id' | 'value' = 'class'): boolean {
  // Tailwind arbitrary values and variants (`w-[13px]`, `md:flex`, `w-1/2`), React's useId (`:r1:`).
  if (!/^-?[A-Za-z_][\w-]*$/.test(name) && (kind !== 'value' || /[:[\]{}]/.test(name))) return true;
  // styled-components, emotion, styled-jsx, Svelte, Astro, Angular's view encapsulation.
  if (/^(sc|css|jsx|svelte|emotion|astro|ng-tns|ng-star|_ngcontent|_nghost)-/i.test(name)) return true;
  // Long hex or base-36 runs with digits (hashes, uuids).
  if (/[0-9a-f]{8,}/i.test(name) && /\d/.test(name)) return true;
  // Ids and values with long numbers are records' ids (`todo-1732`): another user's page has others.
  if (kind !== 'class' && /\d{3,}/.test(name)) return true;
  // CSS modules (`_btn_1a2b3`, `Button_primary__3xYz1`, `Button-module__primary--3xYz1`), `ember123`:
  // a segment mixing letters and digits, beyond words with a small number (`heading2`, `col-12`).
  return name.split(/[-_]+/).some((seg) => seg.length >= 5 && /\d/.test(seg) && /[a-z]/i.test(seg) && !/^[a-z]+\d{1,2}$/i.test(seg));
}

/** A CSS string literal. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\a ')}"`;
}

const ident = (name: string) => /^-?[A-Za-z_][\w-]*$/.test(name) && !/^--|^-\d/.test(name);

/** The element's tag as CSS matches it (lowercase in HTML; custom elements keep their dash). */
const tagOf = (el: Element) => el.localName;

/** The candidate simple selectors of `el`, best first. */
function partsOf(el: Element): Part[] {
  const parts: Part[] = [];
  const tag = tagOf(el);
  for (const [i, attr] of MARKERS.entries()) {
    const v = el.getAttribute(attr);
    if (v && !looksGenerated(v, 'value')) parts.push({ css: `[${attr}=${quote(v)}]`, rank: i === 0 ? Rank.Tour : Rank.TestId });
  }
  const id = el.getAttribute('id');
  if (id && !looksGenerated(id, 'id')) parts.push({ css: ident(id) ? `#${id}` : `[id=${quote(id)}]`, rank: Rank.Id });
  const role = el.getAttribute('role');
  for (const attr of TEXT_ATTRIBUTES) {
    const v = el.getAttribute(attr);
    if (!v || v.length > 80) continue;
    const what = role && ident(role) ? `[role=${quote(role)}]` : tag;
    parts.push({ css: `${what}[${attr}=${quote(v)}]`, rank: Rank.RoleName, text: true });
  }
  for (const attr of STABLE_ATTRIBUTES) {
    const v = el.getAttribute(attr);
    if (!v || v.length > 100 || looksGenerated(v, 'value')) continue;
    // Absolute links and queries change with the environment and the data.
    if (attr === 'href' && (/^[a-z]+:/i.test(v) || v.includes('?'))) continue;
    parts.push({ css: `${tag}[${attr}=${quote(v)}]`, rank: Rank.Attribute });
  }
  for (const { name, value } of el.attributes) {
    if (!name.startsWith('data-') || MARKERS.includes(name) || !value || value.length > 60 || looksGenerated(value, 'value')) continue;
    parts.push({ css: `${tag}[${name}=${quote(value)}]`, rank: Rank.Attribute });
  }
  const classes = [...el.classList].filter((c) => ident(c) && !looksGenerated(c));
  for (const c of classes) parts.push({ css: `${tag}.${c}`, rank: Rank.Class });
  for (let i = 0; i < classes.length; i++)
    for (let j = i + 1; j < classes.length && j < 4; j++) parts.push({ css: `${tag}.${classes[i]}.${classes[j]}`, rank: Rank.Class });
  parts.push({ css: tag, rank: Rank.Tag });
  return parts;
}

/** `el`'s ancestors inside its own tree (a selector cannot cross a shadow root or a frame), nearest first. */
function ancestorsOf(el: Element, max: number): Element[] {
  const list: Element[] = [];
  for (let at = el.parentElement; at && list.length < max; at = at.parentElement) list.push(at);
  return list;
}

/**
 * What `selector` matches now on the page of `root` (wherever the SDK looks), and why it may
 * not hold: the live check of the selector a PM edits. `picked`: the element it is meant for.
 */
export function checkSelector(root: Document, selector: string, picked?: Element, trees: Tree[] = searchTrees(root)): SelectorCheck {
  const warnings: SelectorWarning[] = [];
  let valid = true;
  try {
    root.createDocumentFragment().querySelector(selector);
  } catch {
    valid = false;
  }
  if (!valid || !selector.trim()) return { selector, count: 0, unique: false, warnings: ['invalid'] };
  const found = queryAllDeep(root, selector, trees);
  if (found.length === 0) warnings.push('no-match');
  if (found.length > 1) warnings.push('not-unique');
  if (picked?.isConnected && found.length > 0 && found[0] !== picked) warnings.push('other-element');
  if (new RegExp(`\\[(${TEXT_ATTRIBUTES.join('|')})[~|^$*]?=`).test(selector)) warnings.push('locale-text');
  if (/:(nth-|first-|last-|only-)/.test(selector)) warnings.push('position');
  return { selector, count: found.length, unique: found.length === 1 && (!picked?.isConnected || found[0] === picked), warnings };
}

/**
 * The selector that matches exactly `el` on the page of `root`, with what it matches now and
 * its warnings. Tries the element's own attributes alone, then scoped by an ancestor (nearest
 * and best first), then a path with positions (warned). Never throws.
 */
export function proposeSelector(root: Document, el: Element): SelectorCheck {
  const trees = searchTrees(root);
  /** `css` matches `target` (el by default), and nothing else. */
  const only = (css: string, target: Element = el) => {
    const found = queryAllDeep(root, css, trees);
    return found.length === 1 && found[0] === target;
  };
  const own = partsOf(el);
  const done = (css: string) => checkSelector(root, css, el, trees);
  for (const part of own) if (part.rank !== Rank.Tag && only(part.css)) return done(part.css);

  // Scoped by an ancestor: ranked by the worse of the two parts, then the better, then the nearer ancestor.
  const pairs: Array<{ css: string; worst: number; best: number; depth: number }> = [];
  ancestorsOf(el, 5).forEach((ancestor, depth) => {
    for (const a of partsOf(ancestor)) {
      if (a.rank === Rank.Tag) continue;
      for (const p of own) {
        const worst = Math.max(a.rank, p.rank) + (a.text || p.text ? 0.5 : 0);
        pairs.push({ css: `${a.css} ${depth === 0 ? '> ' : ''}${p.css}`, worst, best: Math.min(a.rank, p.rank), depth });
      }
    }
  });
  pairs.sort((x, y) => x.worst - y.worst || x.depth - y.depth || x.best - y.best || x.css.length - y.css.length);
  for (const pair of pairs) if (only(pair.css)) return done(pair.css);

  return done(positionalPath(el, only));
}

/**
 * The last resort: from the nearest ancestor with a unique selector of its own (or from the
 * tree's root element), a `>` path down to `el`, with `:nth-of-type` only where siblings share a tag.
 */
function positionalPath(el: Element, only: (css: string, target?: Element) => boolean): string {
  const steps: string[] = [];
  for (let at: Element | null = el; at; at = at.parentElement) {
    const anchor = at === el ? undefined : partsOf(at).find((p) => p.rank < Rank.Tag && only(p.css, at!));
    if (anchor) return [anchor.css, ...steps].join(' > ');
    const same = at.parentElement ? [...at.parentElement.children].filter((c) => c.localName === at!.localName) : [at];
    steps.unshift(same.length > 1 ? `${tagOf(at)}:nth-of-type(${same.indexOf(at) + 1})` : tagOf(at));
  }
  // The full path from the tree's root element is unique within its tree; the shortest tail that is unique on the page will do.
  for (let i = steps.length - 1; i > 0; i--) if (only(steps.slice(i).join(' > '))) return steps.slice(i).join(' > ');
  return steps.join(' > ');
}
