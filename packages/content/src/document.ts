/**
 * The content document (CONTRACT §6), as the types users, the SDK, the collector and the
 * dashboard read. Written by hand for readers (named, documented field by field); the schema
 * in document-schema.ts is held identical to them by document-types.test-d.ts, and both take
 * their closed sets of values from document-enums.ts.
 */

import type {
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

/** A user-facing string, or one per locale: `{ "en": "Next", "ja": "次へ" }`. */
export type LocalizedText = string | Record<string, string>;

/** Where a step or a tooltip sits against its target. */
export type Placement = (typeof PLACEMENTS)[number];

/**
 * How a step moves on: `"button"` (Next/Done, the default), a click on the target, an
 * event being tracked, or the URL coming to match a glob.
 */
export type Advance = 'button' | { click: true } | { event: string } | { url: string };

/** A step's look: see {@link STEP_KINDS}. */
export type StepKind = (typeof STEP_KINDS)[number];
/** See {@link MESSAGE_KINDS}. */
export type MessageKind = (typeof MESSAGE_KINDS)[number];
/** See {@link MESSAGE_POSITIONS}. */
export type MessagePosition = (typeof MESSAGE_POSITIONS)[number];
/** See {@link SURVEY_KINDS}. */
export type SurveyKind = (typeof SURVEY_KINDS)[number];

export interface Step {
  id: string;
  /** CSS selector of the element the step points at; a list is tried in order (fallbacks). None: a centred step. */
  target?: string | string[];
  /** @default "bottom" */
  placement?: Placement;
  title?: LocalizedText;
  /** Markdown subset: bold, italic, links, lists, line breaks. Never HTML. */
  body?: LocalizedText;
  /** Image URL shown above the body. */
  image?: string;
  /** Alternative text of the image. */
  imageAlt?: LocalizedText;
  /** Video URL (a file the browser can play) shown above the body. */
  video?: string;
  /** @default "button" */
  advance?: Advance;
  /** URL glob where the step lives; the flow resumes there after navigation or reload. */
  url?: string;
  /**
   * `popover`: a tour step (with Back/Next). `tooltip`: a small bubble at the target.
   * `hotspot`: a pulsing beacon on the target that opens a tooltip when clicked.
   * @default "popover"
   */
  kind?: StepKind;
  /** Dim the page around the target and keep focus in the step. @default true for targeted popovers */
  spotlight?: boolean;
  /** Seconds to wait for the target to appear. @default 5 */
  timeout?: number;
  /** When the target never appears: go to the next step, or end the flow. @default "skip" */
  onMissing?: (typeof ON_MISSING)[number];
}

/** What starts a flow, message or survey: page, event, click, delay or manual. */
export type TriggerKind = Trigger['on'];

export type Trigger =
  | { on: 'page'; url: string }
  | { on: 'event'; event: string; url?: string }
  | { on: 'click'; selector: string; url?: string }
  | { on: 'delay'; seconds: number; url?: string }
  | { on: 'manual' };

/** `once`: shown once ever. `until-completed`: again until finished. `always`: every time it triggers. */
export type Repeat = (typeof REPEAT_MODES)[number] | { everyDays: number };

/** Comparison operators of `trait` and `account` conditions (CONTRACT §6). */
export type Operator = (typeof OPERATORS)[number];

/** A number compared with an operator: `{ "op": "lt", "value": 3 }`. */
export interface NumberComparison {
  op: (typeof NUMBER_OPERATORS)[number];
  value: number;
}

/** Days compared with an operator: `{ "op": "gte", "days": 7 }`. */
export interface DaysComparison {
  op: (typeof NUMBER_OPERATORS)[number];
  days: number;
}

/**
 * Who content is for. Leaves test the user's traits, the account's traits, event counts,
 * feature use, the URL, the account's health score, or a named segment; `all`, `any` and
 * `not` combine them. Missing data and type mismatches are false, never errors.
 */
export type Condition =
  | { trait: string; op: Operator; value?: unknown }
  | { account: string; op: Operator; value?: unknown }
  | { event: string; count?: NumberComparison; withinDays?: number }
  | { feature: string; used?: boolean; withinDays?: number }
  | { url: string }
  | { segment: string }
  | { health: NumberComparison }
  | { lastSeen: DaysComparison }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** A named, reusable condition: `{ "id": "free-admins", "all": [...] }`. */
export type Segment = Condition & { id: string; name?: string };

/** A segment id or an inline condition. */
export type Audience = string | Condition;

/** What a call-to-action does. */
export type Action = { url: string; newTab?: boolean } | { flow: string } | { event: string; properties?: Record<string, unknown> } | 'dismiss';

export interface Cta {
  label: LocalizedText;
  action: Action;
}

/** The parts of a message an experiment variant may override. */
export interface MessageContent {
  title?: LocalizedText;
  body?: LocalizedText;
  image?: string;
  imageAlt?: LocalizedText;
  video?: string;
  cta?: Cta;
}

export interface Experiment {
  id: string;
  /** The event that counts as converting, within `withinDays` of first exposure. */
  goal: { event: string; withinDays?: number };
  /** Percentage of the audience held out: they see nothing and still count. @default 0 */
  control?: number;
  /** Minimum detectable effect, relative, for the sample-size estimate. @default 0.1 */
  minimumDetectableEffect?: number;
  variants: Array<{ id: string; weight: number; content: MessageContent }>;
}

export interface Message extends MessageContent {
  id: string;
  kind: MessageKind;
  name?: string;
  audience?: Audience;
  /** @default { on: "manual" } */
  trigger?: Trigger;
  /** @default "once" */
  repeat?: Repeat;
  /** @default 0 */
  priority?: number;
  /** For tooltips and hotspots: the element they point at (fallbacks as a list). */
  target?: string | string[];
  placement?: Placement;
  /** Banners: the top or bottom edge. Slideouts: a corner. */
  position?: MessagePosition;
  experiment?: Experiment;
}

export interface Feature {
  id: string;
  name?: string;
  /** A CSS selector whose elements count as using the feature. */
  selector?: string;
  /** The DOM event that counts. @default "click" */
  on?: (typeof FEATURE_EVENTS)[number];
  /** Or: a tracked event that counts as using the feature. */
  event?: string;
}

export interface ChecklistItem {
  id: string;
  title: LocalizedText;
  description?: LocalizedText;
  /** When the item is done: a condition (an event, a trait…) or a flow completed. */
  done: Condition | { flow: string };
  action?: Action;
}

export interface Checklist {
  id: string;
  title: LocalizedText;
  audience?: Audience;
  items: ChecklistItem[];
}

export interface Article {
  id: string;
  title: LocalizedText;
  body: LocalizedText;
  tags?: string[];
  url?: string;
  image?: string;
  imageAlt?: LocalizedText;
  video?: string;
}

export interface Resources {
  articles: Article[];
  contact?: { label?: LocalizedText; email?: string; url?: string; accountTrait?: string; tiers?: string[] };
}

export interface Survey {
  id: string;
  kind: SurveyKind;
  question: LocalizedText;
  choices?: LocalizedText[];
  multiple?: boolean;
  audience?: Audience;
  trigger?: Trigger;
  repeat?: Repeat;
  priority?: number;
}

export interface HealthSettings {
  windowDays?: number;
  signals: Array<{ event: string; weight: number } | { feature: string; weight: number }>;
  alerts?: Array<{ below: number; webhook: string }>;
}

/** The copy of a step that a flow experiment's variant may replace. */
export type StepCopy = Partial<Pick<Step, 'title' | 'body' | 'image' | 'imageAlt' | 'video'>>;

/** A flow's A/B test: each variant overrides the copy of steps, by step id. */
export interface FlowExperiment extends Omit<Experiment, 'variants'> {
  variants: Array<{ id: string; weight: number; steps?: Record<string, StepCopy> }>;
}

export interface Flow {
  id: string;
  name?: string;
  /** Test the copy of this flow's steps. */
  experiment?: FlowExperiment;
  /** Who the flow is for: a segment id or a condition. */
  audience?: Audience;
  /** @default { on: "manual" } */
  trigger?: Trigger;
  /** @default "once" */
  repeat?: Repeat;
  /** Higher wins when several could start. @default 0 */
  priority?: number;
  steps: Step[];
}

export interface Theme {
  /** Main colour of buttons, progress and the beacon. @default "#4f46e5" */
  accent?: string;
  /** Corner radius, CSS length or pixels. @default 10 */
  radius?: number | string;
  /** CSS font-family. @default system UI font */
  font?: string;
  /** @default "auto" (follows prefers-color-scheme) */
  mode?: (typeof THEME_MODES)[number];
}

export interface Settings {
  throttle?: { maxPerSession?: number; minMinutesBetween?: number };
  theme?: Theme;
  /** Fallback locale of localized strings. @default "en" */
  locale?: string;
  consent?: (typeof CONSENT_MODES)[number];
  identityVerification?: boolean;
  holdout?: number;
  /**
   * Record each click as a privacy-safe element path (`Element Clicked`), so features defined
   * later count past clicks. @default true
   */
  captureClicks?: boolean;
  /** The most journey emails one user gets in any 7 days; an entry over it is recorded `skipped: capped`. @default 3 */
  emailsPerWeek?: number;
}

export interface ContentDocument {
  /** The JSON Schema an editor checks the document against: `@touchpoint/content/content.schema.json`. */
  $schema?: string;
  version: 1;
  settings?: Settings;
  features?: Feature[];
  segments?: Segment[];
  flows?: Flow[];
  messages?: Message[];
  checklists?: Checklist[];
  resources?: Resources;
  surveys?: Survey[];
  health?: HealthSettings;
  journeys?: Journey[];
}

/**
 * What a journey does for each user who enters it: an email (to the user's `email` trait unless
 * `to` names another trait: `"trait:work_email"`), content shown on the user's next visit, or a
 * signed webhook.
 */
export type JourneyAction = { email: { subject: LocalizedText; body: LocalizedText; to?: string } } | { show: string } | { webhook: string };

/**
 * An automated action when usage changes (CONTRACT §6), run by the collector over the users it
 * knows: a user enters when they newly match `audience`, and the action runs once per entry.
 */
export interface Journey {
  id: string;
  /** A label for the people who write the content. */
  name?: string;
  /** Who enters: a segment id or a condition over the server's facts (`lastSeen`, events, traits…). */
  audience: Audience;
  action: JourneyAction;
  /**
   * Whether a user may enter again: `once` (the default: one entry ever), `always` (each time
   * they newly match), `until-completed` (again until they reached the goal), `{ everyDays }`
   * (again once that many days passed since their last entry).
   */
  repeat?: Repeat;
  /** What counts as converted after entering. @default any event within 7 days */
  goal?: { event?: string; withinDays: number };
  /** A percentage of entering users who get no action, to measure what the journey is worth. */
  holdout?: number;
}

/** The step's target selectors, as a list. */
export function targetSelectors(step: Pick<Step, 'target'>): string[] {
  return step.target === undefined ? [] : Array.isArray(step.target) ? step.target : [step.target];
}

/**
 * Picks the string for `locale` from a localized text: exact (`ja-JP`), then language
 * (`ja`), then `fallback`, then English, then the first given. Plain strings are returned as they are.
 */
export function localize(text: LocalizedText | undefined, locale: string, fallback = 'en'): string | undefined {
  if (text === undefined || typeof text === 'string') return text;
  const language = locale.split('-')[0]!;
  return text[locale] ?? text[language] ?? text[fallback] ?? text.en ?? Object.values(text)[0];
}
