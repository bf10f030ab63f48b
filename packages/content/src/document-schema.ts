import { z } from 'zod';
import type { ContentDocument } from './document.js';
import { formatJsonPath } from './json-path.js';

/** One problem in a content document, at its JSON path (`flows[0].steps[2].target`). */
export interface ContentIssue {
  path: string;
  message: string;
}

export type ContentValidation = { ok: true; document: ContentDocument } | { ok: false; errors: ContentIssue[] };

const TEXT_MAX = 5000;
const id = z.string().regex(/^[A-Za-z0-9][\w.-]{0,99}$/, 'must be 1–100 letters, digits, "-", "_" or "." (starting with a letter or digit)');
const text = z.string().max(TEXT_MAX);
const localized = z.union([text, z.record(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a locale such as "en" or "ja-JP"'), text)]);
const selector = z.string().min(1).max(1000);
// Only links a browser will not run as code: http(s) and relative URLs.
const mediaUrl = z
  .string()
  .max(2048)
  .refine((u) => /^(https?:\/\/|\/|\.\.?\/)/i.test(u.trim()), 'must be an http(s) URL or a relative path');
const glob = z.string().min(1).max(2048);
const placement = z.enum(['top', 'top-start', 'top-end', 'bottom', 'bottom-start', 'bottom-end', 'left', 'left-start', 'left-end', 'right', 'right-start', 'right-end']);
const eventName = z.string().min(1).max(256);

const advance = z.union([
  z.literal('button'),
  z.strictObject({ click: z.literal(true) }),
  z.strictObject({ event: eventName }),
  z.strictObject({ url: glob }),
]);

const step = z.strictObject({
  id,
  target: z.union([selector, z.array(selector).min(1).max(10)]).optional(),
  placement: placement.optional(),
  title: localized.optional(),
  body: localized.optional(),
  image: mediaUrl.optional(),
  imageAlt: localized.optional(),
  video: mediaUrl.optional(),
  advance: advance.optional(),
  url: glob.optional(),
  kind: z.enum(['popover', 'tooltip', 'hotspot']).optional(),
  spotlight: z.boolean().optional(),
  timeout: z.number().min(0).max(120).optional(),
  onMissing: z.enum(['skip', 'end']).optional(),
});

const trigger = z.discriminatedUnion('on', [
  z.strictObject({ on: z.literal('page'), url: glob }),
  z.strictObject({ on: z.literal('event'), event: eventName, url: glob.optional() }),
  z.strictObject({ on: z.literal('click'), selector, url: glob.optional() }),
  z.strictObject({ on: z.literal('delay'), seconds: z.number().min(0).max(86_400), url: glob.optional() }),
  z.strictObject({ on: z.literal('manual') }),
]);

const repeat = z.union([z.enum(['once', 'until-completed', 'always']), z.strictObject({ everyDays: z.number().int().min(1).max(3650) })]);

const flow = z.strictObject({
  id,
  name: z.string().max(200).optional(),
  audience: z.unknown().optional(),
  trigger: trigger.optional(),
  repeat: repeat.optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  steps: z.array(step).min(1, 'a flow needs at least one step').max(50),
});

const theme = z.strictObject({
  accent: z.string().regex(/^(#[0-9a-fA-F]{3,8}|(rgb|hsl|oklch)a?\([\d\s.,%/-]+\))$/, 'must be a CSS colour: #rrggbb, rgb(), hsl() or oklch()').optional(),
  radius: z.union([z.number().min(0).max(48), z.string().regex(/^\d+(\.\d+)?(px|rem|em)$/, 'must be a length such as 8px')]).optional(),
  font: z.string().max(200).regex(/^[^;{}<>]*$/, 'must be a CSS font-family list').optional(),
  mode: z.enum(['light', 'dark', 'auto']).optional(),
});

const settings = z.looseObject({
  throttle: z.strictObject({ maxPerSession: z.number().int().min(0).optional(), minMinutesBetween: z.number().min(0).optional() }).optional(),
  theme: theme.optional(),
  locale: z.string().max(35).optional(),
  consent: z.enum(['granted', 'required']).optional(),
  identityVerification: z.boolean().optional(),
  holdout: z.number().min(0).max(100).optional(),
});

const documentSchema = z.looseObject({
  version: z.literal(1),
  settings: settings.optional(),
  flows: z.array(flow).max(500).optional(),
});

/**
 * Validates a content document. Every problem is reported at its JSON path; unknown keys
 * in flows, steps and themes are errors (a typo there would silently do nothing).
 * Ids must be unique: flows in the document, steps in their flow.
 */
export function validateContent(input: unknown): ContentValidation {
  const result = documentSchema.safeParse(input, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
  });
  if (!result.success) {
    return { ok: false, errors: result.error.issues.map((i) => ({ path: formatJsonPath(i.path), message: i.message })) };
  }
  const errors: ContentIssue[] = [];
  const flows = result.data.flows ?? [];
  duplicates(flows.map((f) => f.id)).forEach((i) => errors.push({ path: `flows[${i}].id`, message: `duplicate flow id "${flows[i]!.id}"` }));
  flows.forEach((f, fi) =>
    duplicates(f.steps.map((s) => s.id)).forEach((si) =>
      errors.push({ path: `flows[${fi}].steps[${si}].id`, message: `duplicate step id "${f.steps[si]!.id}" in flow "${f.id}"` }),
    ),
  );
  return errors.length ? { ok: false, errors } : { ok: true, document: result.data as ContentDocument };
}

/** Indexes of the values that already appeared earlier in the list. */
function duplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  values.forEach((v, i) => (seen.has(v) ? out.push(i) : seen.add(v)));
  return out;
}
