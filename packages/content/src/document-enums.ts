/**
 * The closed sets of values of the content document (CONTRACT §6), each written once: the
 * schema validates with them, the types are read from them, and the SDK re-checks items
 * against them at run time. Plain arrays, so a browser bundle that imports one pays for the
 * strings, not for the validator.
 */

/** Where a step or a tooltip sits against its target (floating-ui's placements). */
export const PLACEMENTS = [
  'top',
  'top-start',
  'top-end',
  'bottom',
  'bottom-start',
  'bottom-end',
  'left',
  'left-start',
  'left-end',
  'right',
  'right-start',
  'right-end',
] as const;

/** `popover`: a tour step (with Back/Next). `tooltip`: a small bubble at the target. `hotspot`: a beacon that opens a tooltip. */
export const STEP_KINDS = ['popover', 'tooltip', 'hotspot'] as const;

/** What a step does when its target never appears: go to the next step, or end the flow. */
export const ON_MISSING = ['skip', 'end'] as const;

/** What moves a step on: `"button"`, or the key of its object form (`{ "click": true }`, `{ "event": … }`, `{ "url": … }`). */
export const ADVANCE_MODES = ['button', 'click', 'event', 'url'] as const;

/** What starts a flow, message or survey: the `on` of a trigger. */
export const TRIGGER_KINDS = ['page', 'event', 'click', 'delay', 'manual'] as const;

/** How often content shows again, besides `{ "everyDays": N }`. */
export const REPEAT_MODES = ['once', 'until-completed', 'always'] as const;

/** Comparison operators of `trait` and `account` conditions. */
export const OPERATORS = ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists', 'not_exists', 'before', 'after'] as const;

/** Operators that compare a number (`count`, `health`). */
export const NUMBER_OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const;

/** The kinds of message; tooltips and hotspots need a target. */
export const MESSAGE_KINDS = ['modal', 'banner', 'slideout', 'tooltip', 'hotspot'] as const;

/** Where a banner (top or bottom edge) or a slideout (a corner) shows. */
export const MESSAGE_POSITIONS = ['top', 'bottom', 'top-start', 'top-end', 'bottom-start', 'bottom-end'] as const;

/** The kinds of survey; `choice` needs at least two choices. */
export const SURVEY_KINDS = ['nps', 'rating', 'choice', 'text'] as const;

/** The DOM events that may count as using a feature. */
export const FEATURE_EVENTS = ['click', 'change', 'submit', 'input', 'focus'] as const;

/** Colour schemes of the theme; `auto` follows prefers-color-scheme. */
export const THEME_MODES = ['light', 'dark', 'auto'] as const;

/** Whether tracking waits for `consent(true)`. */
export const CONSENT_MODES = ['granted', 'required'] as const;
