import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';

/** A problem at a path of keys and indexes, before the path is formatted. */
export interface PathIssue {
  path: PropertyKey[];
  message: string;
}

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;
// What the error map reads of a schema: its definition's type and the parts that describe it.
type Def = { type: string; values?: unknown[]; entries?: Record<string, unknown>; options?: Schema[]; shape?: Record<string, Schema>; getter?: () => Schema };
type Schema = { _zod: { def: Def; optin?: string } };

/**
 * Zod's issues in plain words, at exact paths: `must be one of page, event, click, delay,
 * manual; got "pagee" (did you mean "page"?)`, not the library's jargon ("Invalid
 * discriminator value", "Expected string, received number") nor a failed union's noise.
 * `errorMap` goes to `safeParse` (with `reportInput: true`), which calls it for issues
 * whose schema has no message of its own; `flatten` then turns the result into one issue
 * per problem, adding what was given and the likely meant value. One reader per parse: it
 * remembers each object's fields for "unknown field" suggestions.
 */
export function createIssueReader(options: { extraFields?: readonly string[] } = {}) {
  // The fields each strict object allows, by the input object that had unknown ones and by
  // those unknown keys: each branch of a union reports the same input with its own keys.
  const fields = new WeakMap<object, Map<string, string[]>>();
  const fieldsKey = (keys: readonly string[]) => keys.join('\u0000');

  const errorMap = (issue: RawIssue): string | undefined => {
    const schema = issue.inst as Schema | undefined;
    switch (issue.code) {
      case 'invalid_type':
        return issue.input === undefined ? 'is required' : `must be ${kindName(issue.expected)}`;
      case 'invalid_value':
        return issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of ${issue.values.map(String).join(', ')}`;
      case 'too_big':
        return tooBig(issue.origin, Number(issue.maximum), issue.inclusive !== false);
      case 'too_small':
        return tooSmall(issue.origin, Number(issue.minimum), issue.inclusive !== false);
      case 'invalid_format':
        return FORMATS[issue.format] ?? `must be a valid ${issue.format}`;
      case 'unrecognized_keys':
        if (issue.input && typeof issue.input === 'object' && schema?._zod.def.shape) {
          const byKeys = fields.get(issue.input) ?? new Map<string, string[]>();
          byKeys.set(fieldsKey(issue.keys), [...Object.keys(schema._zod.def.shape), ...(options.extraFields ?? [])]);
          fields.set(issue.input, byKeys);
        }
        return 'unknown field';
      case 'invalid_union':
        // A missing field that may take several forms is missing first: its forms are in the hover help.
        if (issue.input === undefined) return 'is required';
        return schema?._zod.def.options ? `must be ${alternatives(schema._zod.def.options)}` : undefined;
      default:
        return undefined;
    }
  };

  const flatten = (issues: readonly Issue[], base: PropertyKey[]): PathIssue[] => {
    const out: PathIssue[] = [];
    for (const issue of issues) {
      const path = [...base, ...issue.path];
      const input = (issue as { input?: unknown }).input;
      if (issue.code === 'invalid_union' && 'discriminator' in issue && typeof issue.discriminator === 'string') {
        // A discriminated union whose tag is missing or unknown: the path already ends at the tag.
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        const tag = input && typeof input === 'object' ? (input as Record<string, unknown>)[issue.discriminator] : undefined;
        out.push({
          path,
          message: tag === undefined ? `is required: one of ${options.join(', ')}` : `must be one of ${options.join(', ')}${given(tag, options)}`,
        });
      } else if (issue.code === 'invalid_union' && issue.errors.length) {
        const best = issue.errors.reduce((a, b) => (misfit(b) < misfit(a) ? b : a));
        // The input is none of the union's kinds at all (or only missed its one fixed value,
        // as "click" misses "button", or is an empty {} that every kind misses): say what the kinds are.
        if (misfit(best) >= TYPE_MISMATCH || missedLiteral(best) || (isEmptyObject(input) && onlyMissing(best)))
          out.push({ path, message: input === undefined ? issue.message : `${issue.message}${given(input)}` });
        else out.push(...flatten(best, path));
      } else if (issue.code === 'unrecognized_keys') {
        const known = (input && typeof input === 'object' ? fields.get(input)?.get(fieldsKey(issue.keys)) : undefined) ?? [];
        for (const key of issue.keys) {
          const guess = didYouMean(key, known);
          const hint = guess ? ` (did you mean "${guess}"?)` : known.length ? `; the fields here are ${known.join(', ')}` : '';
          out.push({ path: [...path, key], message: `unknown field "${key}"${hint}` });
        }
      } else if (issue.code === 'invalid_key') {
        out.push({ path, message: `the key ${JSON.stringify(String(input))} ${issue.issues[0]?.message ?? 'is not allowed here'}` });
      } else {
        out.push({ path, message: issue.message + detail(issue, input) });
      }
    }
    return out;
  };

  return { errorMap, flatten };
}

const FORMATS: Record<string, string> = {
  url: 'must be a URL such as https://example.com/path',
  email: 'must be an email address such as help@example.com',
  regex: 'is not in the expected format',
};

/** What was given, after a message that says what was expected. */
function detail(issue: Issue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined ? '' : given(input);
    case 'invalid_value':
      return given(
        input,
        issue.values.filter((v): v is string => typeof v === 'string'),
      );
    case 'too_big':
    case 'too_small':
      if (typeof input === 'number') return given(input);
      if (typeof input === 'string') return input.length ? ` (it has ${input.length})` : '';
      return Array.isArray(input) && input.length ? ` (it has ${input.length})` : '';
    case 'invalid_format':
    case 'custom':
      return input === undefined || (input !== null && typeof input === 'object') ? '' : given(input);
    default:
      return '';
  }
}

/** `; got "pagee" (did you mean "page"?)`: the value as the document has it, and the closest allowed value. */
function given(input: unknown, allowed: readonly string[] = []): string {
  const guess = typeof input === 'string' ? didYouMean(input, allowed) : undefined;
  return `; got ${show(input)}${guess ? ` (did you mean "${guess}"?)` : ''}`;
}

/** A value as a PM would recognize it in the file, short. */
function show(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return isEmptyObject(value) ? 'an empty object' : 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
  return String(value);
}

function kindName(expected: string): string {
  return (
    { string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', object: 'an object', array: 'a list', record: 'an object' }[
      expected
    ] ?? expected
  );
}

function tooBig(origin: string, max: number, inclusive: boolean): string {
  if (origin === 'number' || origin === 'int') return inclusive ? `must be at most ${max}` : `must be less than ${max}`;
  if (origin === 'string') return `must be at most ${max} characters long`;
  if (origin === 'array') return `must have at most ${max} item${max === 1 ? '' : 's'}`;
  return 'is too big';
}

function tooSmall(origin: string, min: number, inclusive: boolean): string {
  if (origin === 'number' || origin === 'int') return inclusive ? `must be at least ${min}` : `must be more than ${min}`;
  if (origin === 'string') return min <= 1 ? 'must not be empty' : `must be at least ${min} characters long`;
  if (origin === 'array') return min <= 1 ? 'must have at least one item' : `must have at least ${min} items`;
  return 'is too small';
}

/** The kinds a union takes, as a PM reads them: `"button", { "click": true }, { "event": … } or { "url": … }`. */
function alternatives(options: Schema[]): string {
  const names = [...new Set(options.flatMap(describe))];
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? 'something else');
}

function describe(schema: Schema): string[] {
  const def = schema._zod.def;
  switch (def.type) {
    case 'lazy':
      return def.getter ? describe(def.getter()) : [];
    case 'union':
      return (def.options ?? []).flatMap(describe);
    case 'literal':
      return (def.values ?? []).map((v) => JSON.stringify(v));
    case 'enum':
      return [`one of ${Object.values(def.entries ?? {}).join(', ')}`];
    case 'object': {
      // An object form is named by its required fields, with their value when it is fixed.
      const required = Object.entries(def.shape ?? {}).filter(([, s]) => s._zod.optin !== 'optional');
      if (!required.length) return ['an object'];
      return [`{ ${required.map(([k, s]) => `"${k}": ${s._zod.def.type === 'literal' ? JSON.stringify(s._zod.def.values?.[0]) : '…'}`).join(', ')} }`];
    }
    default:
      return [kindName(def.type)];
  }
}

// A union branch the input is not even the kind of (wrong type, unknown fields at its root)
// fits worse than any number of mistakes inside a branch of the right kind.
const TYPE_MISMATCH = 1000;
const WRONG_SHAPE = 100;

/**
 * How badly a union branch fits: an issue at the branch's own root that is about the input's
 * type outweighs one about its shape (unknown keys, a wrong value), which outweighs any number
 * of issues deeper in (the input is this kind of thing, with mistakes).
 */
function misfit(issues: readonly Issue[]): number {
  return issues.reduce((sum, i) => sum + issueMisfit(i), 0);
}

const isEmptyObject = (x: unknown) => !!x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 0;

/** The branch only lacks required fields of its own (an empty `{}` given for an object form). */
const onlyMissing = (issues: readonly Issue[]) =>
  issues.every((i) => i.code === 'invalid_type' && i.path.length === 1 && (i as { input?: unknown }).input === undefined);

/** The best branch only failed as a fixed value (`"button"`): not a sign the input meant that branch. */
function missedLiteral(issues: readonly Issue[]): boolean {
  return issues.length === 1 && issues[0]!.code === 'invalid_value' && issues[0]!.path.length === 0 && issues[0]!.values.length === 1;
}

function issueMisfit(i: Issue): number {
  // Deeper in, any mistake is one mistake: a required field that is itself a union (a missing
  // localized `body`) is not the branch being the wrong kind of thing.
  if (i.path.length && i.code !== 'unrecognized_keys') return 1;
  if (i.code === 'invalid_union' && i.errors.length) return Math.min(...i.errors.map(misfit));
  if (i.code === 'invalid_type') return TYPE_MISMATCH;
  const input = (i as { input?: unknown }).input;
  // A literal or enum given another type of value (an object where "button" was possible).
  if (i.code === 'invalid_value' && !i.values.some((v) => typeof v === typeof input)) return TYPE_MISMATCH;
  return WRONG_SHAPE;
}
