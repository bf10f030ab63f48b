import type { ContentDocument, Segment } from './document.js';
import { condition, contentDocumentSchema } from './document-schema.js';
import { referenceIssues } from './content-references.js';
import { createIssueReader, type PathIssue } from './issue-messages.js';
import { jsonBoundsIssue } from './json-bounds.js';
import { formatJsonPath } from './json-path.js';
import { webhookUrlProblem } from './network-address.js';

/** One problem in a content document, at its JSON path (`flows[0].steps[2].target`), in plain words. */
export interface ContentIssue {
  path: string;
  message: string;
}

export type ContentValidation =
  | { ok: true; document: ContentDocument }
  | {
      ok: false;
      errors: ContentIssue[];
      /** The document breaks the bounds every check needs (too deep, too wide, a prototype key): that is its one error, and nothing else was checked. */
      unchecked?: true;
    };

export interface ContentValidationOptions {
  /**
   * Accept webhooks to loopback, private and link-local addresses (a self-hosted CRM on the
   * same network). Off, they are refused: a webhook there reaches what the internet should not.
   * @default false
   */
  allowPrivateWebhooks?: boolean;
}

const CONDITION_KEYS = 'trait, account, event, feature, url, segment, health, lastSeen, all, any or not';

// Room for conditions nested thirty levels deep and 2,000 articles; not for a stack overflow.
const DOCUMENT_BOUNDS = { depth: 64, keys: 1000, items: 5000 };

/**
 * Validates a content document in one pass: every problem comes back at once, at its JSON
 * path, in the order of the document, in plain words with what was given and the likely
 * meant value (`must be one of page, event, click, delay, manual; got "pagee" (did you mean
 * "page"?)`). Unknown keys are errors (a typo would silently do nothing); so are selectors a
 * browser would throw on, duplicate ids (content ids are unique across flows, messages,
 * checklists and surveys, since `show()` and `explain()` take any of them), references to
 * segments, flows, features, steps or shown content that do not exist (reported with the structural errors,
 * not after they are fixed), segments that refer to themselves through others, webhooks to
 * private addresses (see {@link webhookUrlProblem}) unless allowed, and a document nested
 * deeper than 64 levels or with prototype keys (see `jsonBoundsIssue`), which is all that is
 * reported then.
 */
export function validateContent(input: unknown, options: ContentValidationOptions = {}): ContentValidation {
  // Shape first: the schema and the checks below recurse through conditions.
  const bounds = jsonBoundsIssue(input, DOCUMENT_BOUNDS);
  if (bounds) return { ok: false, unchecked: true, errors: [{ path: formatJsonPath(bounds.path), message: bounds.message }] };
  const reader = createIssueReader();
  const parse = { reportInput: true, error: reader.errorMap };
  const result = contentDocumentSchema.safeParse(input, parse);
  // A segment's own fields sit beside its condition's: a typo of either is suggested.
  const segmentReader = createIssueReader({ extraFields: ['id', 'name'] });
  // Segments are conditions with an id: the schema leaves the condition part loose, and each
  // one is checked here, in place, so that its errors have paths.
  const rawSegments = (input as { segments?: unknown } | null)?.segments;
  const segmentErrors = (Array.isArray(rawSegments) ? rawSegments : []).flatMap((segment, i) => {
    if (!segment || typeof segment !== 'object') return [];
    const { id: _id, name: _name, ...rest } = segment as Record<string, unknown>;
    if (!Object.keys(rest).length) return [{ path: ['segments', i], message: `a segment needs a condition beside its id: ${CONDITION_KEYS}` }];
    const parsed = condition.safeParse(rest, { reportInput: true, error: segmentReader.errorMap });
    return parsed.success ? [] : segmentReader.flatten(parsed.error.issues, ['segments', i]);
  });
  const structural = [...segmentErrors, ...(result.success ? [] : reader.flatten(result.error.issues, []))];
  // References, uniqueness and webhooks are read from the raw input, whatever else is wrong;
  // where the schema already found a problem at the same place, that one is enough.
  const taken = new Set(structural.map((e) => formatJsonPath(e.path)));
  const semantic = [...referenceIssues(input), ...webhookIssues(input, options)].filter((e) => !taken.has(formatJsonPath(e.path)));
  const issues = [...structural, ...semantic];
  if (!issues.length && result.success) {
    // No segment failed its condition check: each segment is a `Segment`.
    return { ok: true, document: result.data as ContentDocument & { segments?: Segment[] } };
  }
  const ordered = issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => compareInDocument(input, a.issue.path, b.issue.path) || a.i - b.i)
    .map(({ issue }) => ({ path: formatJsonPath(issue.path), message: issue.message }));
  return { ok: false, errors: ordered };
}

function webhookIssues(input: unknown, options: ContentValidationOptions): PathIssue[] {
  const doc = input as { health?: { alerts?: unknown }; journeys?: unknown } | null;
  const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
  // Health alerts' and journeys' webhooks: the same machinery calls both.
  const webhooks: Array<[unknown, PropertyKey[]]> = [
    ...list(doc?.health?.alerts).map((alert, i): [unknown, PropertyKey[]] => [
      (alert as { webhook?: unknown } | null)?.webhook,
      ['health', 'alerts', i, 'webhook'],
    ]),
    ...list(doc?.journeys).map((journey, i): [unknown, PropertyKey[]] => [
      ((journey as { action?: { webhook?: unknown } } | null)?.action ?? undefined)?.webhook,
      ['journeys', i, 'action', 'webhook'],
    ]),
  ];
  return webhooks.flatMap(([webhook, path]) => {
    const problem = typeof webhook === 'string' ? webhookUrlProblem(webhook, options.allowPrivateWebhooks) : undefined;
    return problem ? [{ path, message: problem }] : [];
  });
}

/**
 * Orders two paths as their places appear in the document: by index in lists, by the order
 * of keys in objects (a missing key after the present ones), a parent before its children.
 */
function compareInDocument(doc: unknown, a: PropertyKey[], b: PropertyKey[]): number {
  let node = doc;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return rank(node, a[i]!) - rank(node, b[i]!);
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[a[i]!] : undefined;
  }
  return a.length - b.length;
}

function rank(node: unknown, key: PropertyKey): number {
  if (typeof key === 'number') return key;
  if (!node || typeof node !== 'object') return 0;
  const keys = Object.keys(node);
  const at = keys.indexOf(String(key));
  return at < 0 ? keys.length : at;
}
