import { parse as parseSelector } from 'css-what';
import { z } from 'zod';
import type { Condition } from './document.js';
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
import { safeUrl } from './safe-url.js';

const TEXT_MAX = 5000;
const id = z.string().regex(/^[A-Za-z0-9][\w.-]{0,99}$/, 'must be 1–100 letters, digits, "-", "_" or "." (starting with a letter or digit)');
const text = z.string().max(TEXT_MAX);
const localized = z.union([text, z.record(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a locale such as "en" or "ja-JP"'), text)]);
/** Text a user must see to make sense of what shows (a question, a title): not blank, in any language given. */
const shown = localized.refine(
  (v) => (typeof v === 'string' ? [v] : Object.values(v)).every((t) => t.trim() !== '') && (typeof v === 'string' || Object.keys(v).length > 0),
  'must not be empty: users would see a blank',
);
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
    // Whole days, as targeting counts them ("last seen 7 days ago"): 7.5 could never be met as written.
    z.strictObject({ lastSeen: z.strictObject({ op: z.enum(NUMBER_OPERATORS), days: conditionDays.int() }) }),
    z.strictObject({ all: z.array(condition).min(1).max(50) }),
    z.strictObject({ any: z.array(condition).min(1).max(50) }),
    z.strictObject({ not: condition }),
  ]);
/** A condition (CONTRACT §6): a segment is one, with an id. */
export const condition: z.ZodType<Condition, Condition> = z.lazy(conditionForms);
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
  title: shown,
  audience: audience.optional(),
  items: z
    .array(
      z.strictObject({
        id,
        title: shown,
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
        title: shown,
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
    question: shown,
    choices: z.array(shown).min(2).max(12).optional(),
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

const journeyAction = z.union([
  z.strictObject({
    email: z.strictObject({
      subject: shown,
      body: shown,
      to: z
        .string()
        .regex(/^trait:[\w.-]{1,256}$/, 'must name the trait holding the address, such as "trait:email"')
        .optional(),
    }),
  }),
  z.strictObject({ show: id }),
  z.strictObject({ webhook: z.url({ protocol: /^https?$/ }).max(2048) }),
]);

const journey = z.strictObject({
  id,
  name: z.string().max(200).optional(),
  audience,
  action: journeyAction,
  repeat: repeat.optional(),
  goal: z.strictObject({ event: eventName.optional(), withinDays }).optional(),
  holdout: z.number().min(0).max(100).optional(),
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
  emailsPerWeek: z.number().int().min(0).max(1000).optional(),
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
  journeys: z.array(journey).max(100).optional(),
});
