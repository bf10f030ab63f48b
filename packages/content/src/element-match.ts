import { parse, type AttributeSelector, type Selector } from 'css-what';
import { describedAttribute, ELEMENT_PATH_LIMITS, type ElementDescriptor } from './element-path.js';

/** Whether a stored click path (clicked element first, then its ancestors) hit a selector. */
export type ElementPathMatcher = (path: readonly ElementDescriptor[]) => boolean;

type Compound = (d: ElementDescriptor) => boolean;
/** One complex selector: its compounds left to right; `combinators[k]` joins compounds k and k + 1. */
interface Complex {
  compounds: Compound[];
  combinators: Array<'descendant' | 'child'>;
}

class Unsupported extends Error {}

/**
 * Compiles a feature's selector (or list of fallbacks) into a matcher over stored click
 * paths, with the meaning `closest(selector)` has in the SDK: the click counts when the
 * clicked element or one of its ancestors matches. Returns undefined when the selector needs
 * something a descriptor does not keep (text, other attributes, siblings, positions, states):
 * such a feature counts from its live `Feature Used` events only.
 */
export function compileElementMatcher(selector: string | readonly string[]): ElementPathMatcher | undefined {
  try {
    const chains = (typeof selector === 'string' ? [selector] : selector).flatMap((s) => parse(s).map(complex));
    return (path) => path.some((_, i) => chains.some((c) => matchesAt(c, c.compounds.length - 1, path, i)));
  } catch {
    return undefined;
  }
}

function complex(tokens: Selector[]): Complex {
  const out: Complex = { compounds: [], combinators: [] };
  let tests: Compound[] = [];
  const close = () => {
    if (!tests.length) throw new Unsupported('empty compound');
    const all = tests;
    out.compounds.push((d) => all.every((t) => t(d)));
    tests = [];
  };
  for (const t of tokens) {
    if (t.type === 'descendant' || t.type === 'child') {
      close();
      out.combinators.push(t.type);
    } else tests.push(compound(t));
  }
  close();
  return out;
}

function compound(t: Selector): Compound {
  switch (t.type) {
    case 'tag':
      return (d) => d.tag === t.name.toLowerCase();
    case 'universal':
      return () => true;
    case 'attribute':
      return attribute(t);
    case 'pseudo':
      if ((t.name === 'not' || t.name === 'is' || t.name === 'where') && Array.isArray(t.data)) {
        // Only compound arguments (no combinators) are decidable on one descriptor.
        const alternatives = t.data.map((tokens) => {
          if (tokens.some((x) => x.type === 'descendant' || x.type === 'child')) throw new Unsupported(':not() with combinators');
          const tests = tokens.map(compound);
          return (d: ElementDescriptor) => tests.every((f) => f(d));
        });
        const any = (d: ElementDescriptor) => alternatives.some((f) => f(d));
        return t.name === 'not' ? (d) => !any(d) : any;
      }
      throw new Unsupported(`:${t.name}`);
    default:
      throw new Unsupported(t.type);
  }
}

const ACTIONS = new Set(['exists', 'equals', 'element', 'start', 'end', 'any', 'hyphen']);

function attribute(t: AttributeSelector): Compound {
  const name = t.name.toLowerCase();
  if (name !== 'id' && name !== 'class' && !describedAttribute(name)) throw new Unsupported(`[${name}]`);
  const fold = t.ignoreCase === true;
  const want = fold ? t.value.toLowerCase() : t.value;
  if (!ACTIONS.has(t.action)) throw new Unsupported(t.action);
  const test = (raw: string): boolean => {
    const v = fold ? raw.toLowerCase() : raw;
    switch (t.action) {
      case 'exists':
        return true;
      case 'equals':
        return v === want;
      case 'element':
        return v.split(/\s+/).includes(want);
      case 'start':
        return want !== '' && v.startsWith(want);
      case 'end':
        return want !== '' && v.endsWith(want);
      case 'any':
        return want !== '' && v.includes(want);
      default:
        return v === want || v.startsWith(`${want}-`);
    }
  };
  return (d) => {
    const value = name === 'id' ? d.id : name === 'class' ? d.classes?.join(' ') : d.attrs?.[name];
    return value !== undefined && test(value);
  };
}

/** Whether compounds 0..k of `c` match with compound k on path[i] (ancestors come after i). */
function matchesAt(c: Complex, k: number, path: readonly ElementDescriptor[], i: number): boolean {
  if (!c.compounds[k]!(path[i]!)) return false;
  if (k === 0) return true;
  if (c.combinators[k - 1] === 'child') return i + 1 < path.length && matchesAt(c, k - 1, path, i + 1);
  for (let j = i + 1; j < path.length; j++) if (matchesAt(c, k - 1, path, j)) return true;
  return false;
}

/**
 * A stored `Element Clicked` path as descriptors, from untrusted JSON: entries that are not
 * well-formed descriptors are dropped, and the path is cut to the SDK's depth.
 */
export function readElementPath(value: unknown): ElementDescriptor[] {
  if (!Array.isArray(value)) return [];
  const out: ElementDescriptor[] = [];
  for (const v of value.slice(0, ELEMENT_PATH_LIMITS.depth)) {
    if (typeof v !== 'object' || v === null || typeof (v as ElementDescriptor).tag !== 'string') continue;
    const { tag, id, classes, attrs } = v as Record<string, unknown>;
    const d: ElementDescriptor = { tag: tag as string };
    if (typeof id === 'string') d.id = id;
    if (Array.isArray(classes)) d.classes = classes.filter((c): c is string => typeof c === 'string');
    if (typeof attrs === 'object' && attrs !== null && !Array.isArray(attrs)) {
      d.attrs = Object.fromEntries(Object.entries(attrs).filter((e): e is [string, string] => typeof e[1] === 'string'));
    }
    out.push(d);
  }
  return out;
}
