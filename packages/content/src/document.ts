/**
 * The content document (CONTRACT §6): the types of the parts the runtime acts on.
 * Sections not modelled yet (messages, checklists, resources, surveys, health) are kept
 * as they come.
 */

/** A user-facing string, or one per locale: `{ "en": "Next", "ja": "次へ" }`. */
export type LocalizedText = string | Record<string, string>;

export type Placement =
  | 'top'
  | 'top-start'
  | 'top-end'
  | 'bottom'
  | 'bottom-start'
  | 'bottom-end'
  | 'left'
  | 'left-start'
  | 'left-end'
  | 'right'
  | 'right-start'
  | 'right-end';

/**
 * How a step moves on: `"button"` (Next/Done, the default), a click on the target, an
 * event being tracked, or the URL coming to match a glob.
 */
export type Advance = 'button' | { click: true } | { event: string } | { url: string };

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
  kind?: 'popover' | 'tooltip' | 'hotspot';
  /** Dim the page around the target and keep focus in the step. @default true for targeted popovers */
  spotlight?: boolean;
  /** Seconds to wait for the target to appear. @default 5 */
  timeout?: number;
  /** When the target never appears: go to the next step, or end the flow. @default "skip" */
  onMissing?: 'skip' | 'end';
}

export type Trigger =
  | { on: 'page'; url: string }
  | { on: 'event'; event: string; url?: string }
  | { on: 'click'; selector: string; url?: string }
  | { on: 'delay'; seconds: number; url?: string }
  | { on: 'manual' };

/** `once`: shown once ever. `until-completed`: again until finished. `always`: every time it triggers. */
export type Repeat = 'once' | 'until-completed' | 'always' | { everyDays: number };

export interface Flow {
  id: string;
  name?: string;
  /** A segment id or a condition (evaluated from the targeting release on). */
  audience?: unknown;
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
  mode?: 'light' | 'dark' | 'auto';
}

export interface Settings {
  throttle?: { maxPerSession?: number; minMinutesBetween?: number };
  theme?: Theme;
  /** Fallback locale of localized strings. @default "en" */
  locale?: string;
  consent?: 'granted' | 'required';
  identityVerification?: boolean;
  holdout?: number;
}

export interface ContentDocument {
  version: 1;
  settings?: Settings;
  flows?: Flow[];
  [section: string]: unknown;
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
