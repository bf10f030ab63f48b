import { parse as parseSelector } from 'css-what';
import { z } from 'zod';
import type { Condition, ContentDocument, Segment } from './document.js';
import {
  CONSENT_MODES,
  FEATURE_EVENTS,
  MESSAGE_KINDS,
  MESSAGE_POSITIONS,
  NUMBER_OPERATORS,
  ON_MISSING,
  OPERATORS,
  PLACEMENTS,
  REPEAT_MODES,
  STEP_KINDS,
  SURVEY_KINDS,
  THEME_MODES,
} from './document-enums.js';
import { jsonBoundsIssue } from './json-bounds.js';
import { formatJsonPath } from './json-path.js';
import { webhookUrlProblem } from './network-address.js';
import { safeUrl } from './safe-url.js';

/** One problem in a content document, at its JSON path (`flows[0].steps[2].target`). */
export interface ContentIssue {
  path: string;
  message: string;
}

export type ContentValidation = { ok: true; document: ContentDocument } | { ok: false; errors: ContentIssue[] };

// Room for conditions nested thirty levels deep and 2,000 articles; not for a stack overflow.
const DOCUMENT_BOUNDS = { depth: 64, keys: 1000, items: 5000 };

export interface ContentValidationOptions {
  /**
   * Accept webhooks to loopback, private and link-local addresses (a self-hosted CRM on the
   * same network). Off, they are refused: a webhook there reaches what the internet should not.
   * @default false
   */
  allowPrivateWebhooks?: boolean;
}

const TEXT_MAX = 5000;
const id = z.string().regex(/^[A-Za-z0-9][\w.-]{0,99}$/, 'must be 1–100 letters, digits, "-", "_" or "." (starting with a letter or digit)');
const text = z.string().max(TEXT_MAX);
const localized = z.union([text, z.record(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a locale such as "en" or "ja-JP"'), text)]);
// A selector that a browser would throw on (`div[`) is caught here, not on end users' pages.
const selector = z
  .string()
  .min(1)
  .max(1000)
  .refine((s) => {
    try {
      parseSelector(s);
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid CSS selector');
const selectors = z.union([selector, z.array(selector).min(1).max(10)]);
// Only links a browser will not run as code and that do not leave the site while looking
// relative: http(s), mailto and same-site relative URLs, as the URL parser reads them.
const linkUrl = z
  .string()
  .max(2048)
  .refine((u) => safeUrl(u), 'must be an http(s) or mailto URL, or a relative path on the same site');
const mediaUrl = z
  .string()
  .max(2048)
  .refine((u) => safeUrl(u, /^https?:/i), 'must be an http(s) URL or a relative path on the same site');
const glob = z.string().min(1).max(2048);
const eventName = z.string().min(1).max(256);
const key = z.string().min(1).max(256);
const placement = z.enum(PLACEMENTS);
const priority = z.number().int().min(-1000).max(1000);
const withinDays = z.number().positive().max(3650);
// A condition's window in days (0 is today; fractions are fine: see windowStart): what
// conditions always took, and 0. The profile keeps daily counts as far back as they need.
const conditionDays = z.number().min(0).max(3650);
const numberComparison = z.strictObject({ op: z.enum(NUMBER_OPERATORS), value: z.number() });
const operator = z.enum(OPERATORS);

// Recursive: TypeScript cannot infer a type that refers to itself, so `condition` is
// declared as the hand-written `Condition`, and `conditionForms`, one level of it, is what
// the type test (document-types.test-d.ts) holds equal to `Condition`.
/** The forms of a condition; `all`, `any` and `not` hold conditions again. */
export const conditionForms = () =>
  z.union([
    z.strictObject({ trait: key, op: operator, value: z.unknown().optional() }),
    z.strictObject({ account: key, op: operator, value: z.unknown().optional() }),
    z.strictObject({ event: eventName, count: numberComparison.optional(), withinDays: conditionDays.optional() }),
    z.strictObject({ feature: id, used: z.boolean().optional(), withinDays: conditionDays.optional() }),
    z.strictObject({ url: glob }),
    z.strictObject({ segment: id }),
    z.strictObject({ health: numberComparison }),
    z.strictObject({ all: z.array(condition).min(1).max(50) }),
    z.strictObject({ any: z.array(condition).min(1).max(50) }),
    z.strictObject({ not: condition }),
  ]);
const condition: z.ZodType<Condition, Condition> = z.lazy(conditionForms);
const audience = z.union([id, condition]);

const advance = z.union([z.literal('button'), z.strictObject({ click: z.literal(true) }), z.strictObject({ event: eventName }), z.strictObject({ url: glob })]);

const trigger = z.discriminatedUnion('on', [
  z.strictObject({ on: z.literal('page'), url: glob }),
  z.strictObject({ on: z.literal('event'), event: eventName, url: glob.optional() }),
  z.strictObject({ on: z.literal('click'), selector, url: glob.optional() }),
  z.strictObject({ on: z.literal('delay'), seconds: z.number().min(0).max(86_400), url: glob.optional() }),
  z.strictObject({ on: z.literal('manual') }),
]);

const repeat = z.union([z.enum(REPEAT_MODES), z.strictObject({ everyDays: z.number().int().min(1).max(3650) })]);

const step = z.strictObject({
  id,
  target: selectors.optional(),
  placement: placement.optional(),
  title: localized.optional(),
  body: localized.optional(),
  image: mediaUrl.optional(),
  imageAlt: localized.optional(),
  video: mediaUrl.optional(),
  advance: advance.optional(),
  url: glob.optional(),
  kind: z.enum(STEP_KINDS).optional(),
  spotlight: z.boolean().optional(),
  timeout: z.number().min(0).max(120).optional(),
  onMissing: z.enum(ON_MISSING).optional(),
});

const stepCopy = z.strictObject({
  title: localized.optional(),
  body: localized.optional(),
  image: mediaUrl.optional(),
  imageAlt: localized.optional(),
  video: mediaUrl.optional(),
});
const experimentBase = {
  id,
  goal: z.strictObject({ event: eventName, withinDays: withinDays.optional() }),
  control: z.number().min(0).max(100).optional(),
  minimumDetectableEffect: z.number().gt(0).max(10).optional(),
};
const flowExperiment = z.strictObject({
  ...experimentBase,
  variants: z
    .array(z.strictObject({ id, weight: z.number().min(0).max(1_000_000), steps: z.record(id, stepCopy).optional() }))
    .min(1)
    .max(10),
});

const flow = z.strictObject({
  id,
  name: z.string().max(200).optional(),
  experiment: flowExperiment.optional(),
  audience: audience.optional(),
  trigger: trigger.optional(),
  repeat: repeat.optional(),
  priority: priority.optional(),
  steps: z.array(step).min(1, 'a flow needs at least one step').max(50),
});

const action = z.union([
  z.literal('dismiss'),
  z.strictObject({ url: linkUrl, newTab: z.boolean().optional() }),
  z.strictObject({ flow: id }),
  z.strictObject({ event: eventName, properties: z.record(z.string(), z.unknown()).optional() }),
]);
const cta = z.strictObject({ label: localized, action });
const messageContent = {
  title: localized.optional(),
  body: localized.optional(),
  image: mediaUrl.optional(),
  imageAlt: localized.optional(),
  video: mediaUrl.optional(),
  cta: cta.optional(),
};

const experiment = z.strictObject({
  ...experimentBase,
  variants: z
    .array(z.strictObject({ id, weight: z.number().min(0).max(1_000_000), content: z.strictObject(messageContent) }))
    .min(1)
    .max(10),
});

const message = z
  .strictObject({
    id,
    kind: z.enum(MESSAGE_KINDS),
    name: z.string().max(200).optional(),
    audience: audience.optional(),
    trigger: trigger.optional(),
    repeat: repeat.optional(),
    priority: priority.optional(),
    target: selectors.optional(),
    placement: placement.optional(),
    position: z.enum(MESSAGE_POSITIONS).optional(),
    experiment: experiment.optional(),
    ...messageContent,
  })
  .refine((m) => (m.kind !== 'tooltip' && m.kind !== 'hotspot') || m.target !== undefined, {
    message: 'tooltips and hotspots need a target',
    path: ['target'],
  });

const feature = z
  .strictObject({ id, name: z.string().max(200).optional(), selector: selector.optional(), on: z.enum(FEATURE_EVENTS).optional(), event: eventName.optional() })
  .refine((f) => f.selector !== undefined || f.event !== undefined, { message: 'a feature needs a selector or an event', path: ['selector'] });

const checklist = z.strictObject({
  id,
  title: localized,
  audience: audience.optional(),
  items: z
    .array(
      z.strictObject({
        id,
        title: localized,
        description: localized.optional(),
        done: z.union([z.strictObject({ flow: id }), condition]),
        action: action.optional(),
      }),
    )
    .min(1)
    .max(30),
});

const resources = z.strictObject({
  articles: z
    .array(
      z.strictObject({
        id,
        title: localized,
        body: localized,
        tags: z.array(z.string().max(50)).max(20).optional(),
        url: linkUrl.optional(),
        image: mediaUrl.optional(),
        imageAlt: localized.optional(),
        video: mediaUrl.optional(),
      }),
    )
    .max(2000),
  contact: z
    .strictObject({
      label: localized.optional(),
      email: z.email().optional(),
      url: linkUrl.optional(),
      accountTrait: key.optional(),
      tiers: z.array(z.string().max(50)).optional(),
    })
    .optional(),
});

const survey = z
  .strictObject({
    id,
    kind: z.enum(SURVEY_KINDS),
    question: localized,
    choices: z.array(localized).min(2).max(12).optional(),
    multiple: z.boolean().optional(),
    audience: audience.optional(),
    trigger: trigger.optional(),
    repeat: repeat.optional(),
    priority: priority.optional(),
  })
  .refine((s) => s.kind !== 'choice' || (s.choices?.length ?? 0) >= 2, { message: 'choice surveys need at least two choices', path: ['choices'] });

const health = z.strictObject({
  windowDays: z.number().int().min(1).max(365).optional(),
  signals: z
    .array(
      z.union([z.strictObject({ event: eventName, weight: z.number().min(0).max(100) }), z.strictObject({ feature: id, weight: z.number().min(0).max(100) })]),
    )
    .min(1)
    .max(50),
  alerts: z
    .array(z.strictObject({ below: z.number().min(0).max(100), webhook: z.url({ protocol: /^https?$/ }) }))
    .max(20)
    .optional(),
});

// A font-family list as CSS reads it: family names, quoted (no escapes) or as words, and
// generic families, separated by commas. Not a `font` shorthand (`bold 72px/3 serif`), not a
// function (`url(…)`), not names CSS reserves, which the browser refuses.
const FONT_WORD = String.raw`-?[_\p{L}][\w\p{L}-]*|--[\w\p{L}-]*`;
const FONT_FAMILY = String.raw`"[^"\\\n]*"|'[^'\\\n]*'|(?:${FONT_WORD})(?:\s+(?:${FONT_WORD}))*`;
const FONT_LIST = new RegExp(String.raw`^\s*(?:${FONT_FAMILY})(?:\s*,\s*(?:${FONT_FAMILY}))*\s*$`, 'u');
// What CSS reserves inside an unquoted name: a lone CSS-wide keyword, or a generic family
// as the first of several words (`serif Pro` must be quoted).
const reservedName = (words: string[]) =>
  words.length === 1
    ? /^(inherit|initial|unset|revert|revert-layer|default)$/i.test(words[0]!)
    : /^(serif|sans-serif|cursive|fantasy|monospace|system-ui|emoji|math|fangsong|ui-[a-z-]+)$/i.test(words[0]!);
const noReservedName = (font: string) =>
  !font
    .replace(/"[^"]*"|'[^']*'/g, '""')
    .split(',')
    .some((family) => reservedName(family.trim().split(/\s+/)));
const FONT_MESSAGE = 'must be a CSS font-family list, such as "Inter", system-ui, sans-serif';

const theme = z.strictObject({
  accent: z
    .string()
    .regex(/^(#[0-9a-fA-F]{3,8}|(rgb|hsl|oklch)a?\([\d\s.,%/-]+\))$/, 'must be a CSS colour: #rrggbb, rgb(), hsl() or oklch()')
    .optional(),
  radius: z.union([z.number().min(0).max(48), z.string().regex(/^\d+(\.\d+)?(px|rem|em)$/, 'must be a length such as 8px')]).optional(),
  font: z.string().max(200).regex(FONT_LIST, FONT_MESSAGE).refine(noReservedName, FONT_MESSAGE).optional(),
  mode: z.enum(THEME_MODES).optional(),
});

const settings = z.strictObject({
  throttle: z.strictObject({ maxPerSession: z.number().int().min(0).optional(), minMinutesBetween: z.number().min(0).optional() }).optional(),
  theme: theme.optional(),
  locale: z.string().max(35).optional(),
  consent: z.enum(CONSENT_MODES).optional(),
  identityVerification: z.boolean().optional(),
  holdout: z.number().min(0).max(100).optional(),
  captureClicks: z.boolean().optional(),
});

/** The content document's schema (CONTRACT §6). Also the source of the generated JSON Schema. */
export const contentDocumentSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  settings: settings.optional(),
  features: z.array(feature).max(500).optional(),
  segments: z
    .array(z.intersection(z.object({ id, name: z.string().max(200).optional() }), z.record(z.string(), z.unknown())))
    .max(500)
    .optional(),
  flows: z.array(flow).max(500).optional(),
  messages: z.array(message).max(500).optional(),
  checklists: z.array(checklist).max(50).optional(),
  resources: resources.optional(),
  surveys: z.array(survey).max(100).optional(),
  health: health.optional(),
});

type ParsedDocument = z.output<typeof contentDocumentSchema>;

/**
 * Validates a content document. Every problem is reported at its JSON path. Unknown keys
 * are errors (a typo would silently do nothing); so are selectors a browser would throw on,
 * duplicate ids (content ids are unique across flows, messages, checklists and surveys,
 * since `show()` and `explain()` take any of them), references to segments, flows or
 * features that do not exist, segments that refer to themselves through others,
 * webhooks to private addresses (see {@link webhookUrlProblem}) unless allowed, and a
 * document nested deeper than 64 levels or with prototype keys (see `jsonBoundsIssue`).
 */
export function validateContent(input: unknown, options: ContentValidationOptions = {}): ContentValidation {
  // Shape first: the schema and the checks below recurse through conditions.
  const bounds = jsonBoundsIssue(input, DOCUMENT_BOUNDS);
  if (bounds) return { ok: false, errors: [{ path: formatJsonPath(bounds.path), message: bounds.message }] };
  const result = contentDocumentSchema.safeParse(input, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
  });
  // Segments are conditions with an id: each one's condition part is checked in place,
  // whether or not the rest of the document is valid, so all errors come back at once.
  const rawSegments = (input as { segments?: unknown } | null)?.segments;
  const segmentErrors = (Array.isArray(rawSegments) ? rawSegments : []).flatMap((segment, i) => {
    if (!segment || typeof segment !== 'object') return [];
    const { id: _id, name: _name, ...rest } = segment as Record<string, unknown>;
    const parsed = condition.safeParse(rest);
    return parsed.success ? [] : flatten(parsed.error.issues, ['segments', i]);
  });
  // The schema leaves a segment's condition part loose (checked above, in place, so that
  // its errors have paths); when none failed, each segment is a `Segment`.
  const segmentsValid = (d: ParsedDocument): d is ParsedDocument & { segments?: Segment[] } => !segmentErrors.length;
  if (!result.success || !segmentsValid(result.data)) {
    return { ok: false, errors: [...segmentErrors, ...(result.success ? [] : flatten(result.error.issues, []))] };
  }
  const doc: ContentDocument = result.data;
  const segments = doc.segments ?? [];
  const errors: ContentIssue[] = [];
  const push = (path: PropertyKey[], message: string) => errors.push({ path: formatJsonPath(path), message });

  const ids = (section: keyof ContentDocument) => new Set(((doc[section] as Array<{ id: string }>) ?? []).map((x) => x.id));
  const segmentIds = ids('segments');
  const flowIds = ids('flows');
  const featureIds = ids('features');

  const seen = new Map<string, string>();
  for (const section of ['flows', 'messages', 'checklists', 'surveys'] as const) {
    (doc[section] ?? []).forEach((item, i) => {
      const other = seen.get(item.id);
      if (other) push([section, i, 'id'], `duplicate content id "${item.id}" (also in ${other})`);
      else seen.set(item.id, section);
    });
  }
  for (const section of ['segments', 'features'] as const) {
    const local = new Set<string>();
    (doc[section] ?? []).forEach((item, i) =>
      local.has(item.id) ? push([section, i, 'id'], `duplicate ${section.slice(0, -1)} id "${item.id}"`) : local.add(item.id),
    );
  }
  // Experiment ids are unique across flows and messages; a flow variant overrides steps that exist.
  const experimentIds = new Map<string, string>();
  const checkExperiment = (expId: string | undefined, path: PropertyKey[]) => {
    if (!expId) return;
    const other = experimentIds.get(expId);
    if (other) push([...path, 'experiment', 'id'], `duplicate experiment id "${expId}" (also in ${other})`);
    else experimentIds.set(expId, formatJsonPath(path));
  };
  (doc.flows ?? []).forEach((f, fi) => {
    checkExperiment(f.experiment?.id, ['flows', fi]);
    const stepIds = new Set(f.steps.map((s) => s.id));
    f.experiment?.variants.forEach((v, vi) => {
      for (const stepId of Object.keys(v.steps ?? {})) {
        if (!stepIds.has(stepId)) push(['flows', fi, 'experiment', 'variants', vi, 'steps', stepId], `flow "${f.id}" has no step "${stepId}"`);
      }
    });
  });
  (doc.messages ?? []).forEach((m, mi) => checkExperiment(m.experiment?.id, ['messages', mi]));
  (doc.flows ?? []).forEach((f, fi) => {
    const local = new Set<string>();
    f.steps.forEach((s, si) => (local.has(s.id) ? push(['flows', fi, 'steps', si, 'id'], `duplicate step id "${s.id}" in flow "${f.id}"`) : local.add(s.id)));
  });

  const checkCondition = (c: unknown, path: PropertyKey[]) => {
    walkConditions(c, path, (leaf, at) => {
      if ('segment' in leaf && !segmentIds.has(leaf.segment)) push([...at, 'segment'], `unknown segment "${leaf.segment}"`);
      if ('feature' in leaf && !featureIds.has(leaf.feature)) push([...at, 'feature'], `unknown feature "${leaf.feature}"`);
    });
  };
  const checkAudience = (a: unknown, path: PropertyKey[]) => {
    if (typeof a === 'string') {
      if (!segmentIds.has(a)) push(path, `unknown segment "${a}"`);
    } else if (a !== undefined) checkCondition(a, path);
  };
  const checkAction = (a: unknown, path: PropertyKey[]) => {
    if (a && typeof a === 'object' && 'flow' in a && !flowIds.has((a as { flow: string }).flow))
      push([...path, 'flow'], `unknown flow "${(a as { flow: string }).flow}"`);
  };

  segments.forEach((s, i) => checkCondition(s, ['segments', i]));
  (doc.flows ?? []).forEach((f, i) => checkAudience(f.audience, ['flows', i, 'audience']));
  (doc.messages ?? []).forEach((m, i) => {
    checkAudience(m.audience, ['messages', i, 'audience']);
    checkAction(m.cta?.action, ['messages', i, 'cta', 'action']);
    m.experiment?.variants.forEach((v, vi) => checkAction(v.content.cta?.action, ['messages', i, 'experiment', 'variants', vi, 'content', 'cta', 'action']));
  });
  (doc.surveys ?? []).forEach((s, i) => checkAudience(s.audience, ['surveys', i, 'audience']));
  (doc.checklists ?? []).forEach((c, i) => {
    checkAudience(c.audience, ['checklists', i, 'audience']);
    c.items.forEach((item, j) => {
      const at = ['checklists', i, 'items', j];
      if ('flow' in item.done) {
        if (!flowIds.has(item.done.flow)) push([...at, 'done', 'flow'], `unknown flow "${item.done.flow}"`);
      } else checkCondition(item.done, [...at, 'done']);
      checkAction(item.action, [...at, 'action']);
    });
  });
  doc.health?.signals.forEach((s, i) => {
    if ('feature' in s && !featureIds.has(s.feature)) push(['health', 'signals', i, 'feature'], `unknown feature "${s.feature}"`);
  });
  doc.health?.alerts?.forEach((a, i) => {
    const problem = webhookUrlProblem(a.webhook, options.allowPrivateWebhooks);
    if (problem) push(['health', 'alerts', i, 'webhook'], problem);
  });

  // Segment cycles: a → b → a would never finish evaluating.
  const refs = new Map(segments.map((s) => [s.id, segmentRefs(s)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (sid: string, trail: string[]): string[] | undefined => {
    if (state.get(sid) === 'done') return undefined;
    if (state.get(sid) === 'visiting') return [...trail.slice(trail.indexOf(sid)), sid];
    state.set(sid, 'visiting');
    for (const next of refs.get(sid) ?? []) {
      const cycle = visit(next, [...trail, sid]);
      if (cycle) return cycle;
    }
    state.set(sid, 'done');
    return undefined;
  };
  segments.forEach((s, i) => {
    if (state.get(s.id) === 'done') return;
    const cycle = visit(s.id, []);
    if (!cycle) return;
    // Reported once, at the first segment of the cycle in the document.
    cycle.forEach((member) => state.set(member, 'done'));
    push(['segments', i], `segments refer to each other in a cycle: ${cycle.join(' → ')}`);
  });

  return errors.length ? { ok: false, errors } : { ok: true, document: doc };
}

type Issue = z.core.$ZodIssue;

/**
 * Zod reports a failed union as one issue at the union, holding each branch's issues.
 * Report instead the issues of the branch that fits best (fewest issues): for
 * `{ "trait": "plan", "op": "equals" }` that is `op`, not "no branch matched".
 */
function flatten(issues: readonly Issue[], base: PropertyKey[]): ContentIssue[] {
  const out: ContentIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length) {
      const best = issue.errors.reduce((a, b) => (misfit(b) < misfit(a) ? b : a));
      out.push(...flatten(best, path));
    } else if (issue.code === 'unrecognized_keys') {
      out.push({ path: formatJsonPath(path), message: `unknown key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map((k) => `"${k}"`).join(', ')}` });
    } else {
      out.push({ path: formatJsonPath(path), message: issue.message });
    }
  }
  return out;
}

/**
 * How badly a union branch fits: an issue at the branch's own root (wrong type, unknown
 * keys: the input is not this kind of thing at all) outweighs any number of issues deeper
 * in (the input is this kind of thing, with mistakes).
 */
function misfit(issues: readonly Issue[]): number {
  return issues.reduce(
    (sum, i) =>
      sum +
      (i.code === 'invalid_union' && i.errors.length ? Math.min(...i.errors.map(misfit)) : i.path.length === 0 || i.code === 'unrecognized_keys' ? 100 : 1),
    0,
  );
}

/** Calls `visit` on every leaf condition under `c`, with its path. */
function walkConditions(c: unknown, path: PropertyKey[], visit: (leaf: Record<string, string>, path: PropertyKey[]) => void) {
  if (!c || typeof c !== 'object') return;
  const node = c as Record<string, unknown>;
  if (Array.isArray(node.all)) node.all.forEach((x, i) => walkConditions(x, [...path, 'all', i], visit));
  else if (Array.isArray(node.any)) node.any.forEach((x, i) => walkConditions(x, [...path, 'any', i], visit));
  else if (node.not) walkConditions(node.not, [...path, 'not'], visit);
  else visit(node as Record<string, string>, path);
}

function segmentRefs(c: unknown): string[] {
  const out: string[] = [];
  walkConditions(c, [], (leaf) => {
    if (typeof leaf.segment === 'string') out.push(leaf.segment);
  });
  return out;
}
