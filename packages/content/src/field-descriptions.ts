/**
 * What each field of the content document means, in a sentence a PM reads as hover help in
 * an editor: the JSON Schema (json-schema.ts) carries them as `description`s. The table has
 * the document's shape; a test walks the schema and fails on any field described nowhere,
 * so a field added later is explained before it ships.
 */

/** A field's description, or its description and its own fields' (`*` for every key of a record). */
export type FieldDoc = string | { readonly about: string; readonly fields: FieldDocs };
export type FieldDocs = { readonly [field: string]: FieldDoc };

const d = (about: string, fields: FieldDocs): FieldDoc => ({ about, fields });

const ID = 'Unique id: 1–100 letters, digits, "-", "_" or ".", starting with a letter or digit. Reports and events name it.';
const NAME = 'A label for the people who write the content; never shown to users.';
const TITLE = 'Title shown to the user. Text, or one text per locale: { "en": "…", "ja": "…" }.';
const BODY = 'Body text: a small Markdown subset (bold, italic, links, lists, line breaks), never HTML. Text, or one per locale.';
const media = {
  image: 'URL of an image shown above the body (http(s), or a path on the same site).',
  imageAlt: 'Alternative text of the image, for screen readers.',
  video: 'URL of a video file the browser can play, shown above the body.',
} as const;

// Conditions hold conditions (`all`, `any`, `not`): the table refers to itself.
const condition: Record<string, FieldDoc> = {};
const comparison = {
  op: 'How to compare: eq, neq, gt, gte, lt or lte.',
  value: 'The number to compare with.',
} as const;
Object.assign(condition, {
  trait: 'A trait of the user (given to identify()) to test, such as role or plan.',
  account: "A trait of the user's account (given to group()) to test, such as tier or seats.",
  op: 'How to compare: eq, neq, in, nin, gt, gte, lt, lte, contains, exists, not_exists, before, after.',
  value: 'What to compare with: a text, number or list (for in/nin); for before/after a date or "+30d"/"-7d" relative to now.',
  event: 'An event name: the user did it (with count and withinDays to say how often and how recently).',
  count: d('How many times the event must have happened.', comparison),
  withinDays: 'Only count the last N days (0: today).',
  feature: 'A feature id (from features): the user used it (or not, with used: false).',
  used: 'true: the user used the feature; false: never did. Default true.',
  url: 'A URL glob the current page must match: * matches anything; query and hash optional.',
  segment: 'A segment id: the user is in that segment.',
  health: d("The account's health score (0–100) compared with a number.", comparison),
  lastSeen: d("Days since the user's last event, as the collector knows it (journeys: users who stopped coming).", {
    op: 'How to compare: eq, neq, gt, gte, lt or lte.',
    days: 'The number of days (fractions are fine): gte 7 is a week or more without an event.',
  }),
  all: d('Every one of these conditions holds.', condition),
  any: d('At least one of these conditions holds.', condition),
  not: d('This condition does not hold.', condition),
});

const trigger = d('What starts it. Without a trigger, only startFlow()/show() or a checklist starts it.', {
  on: 'page (a URL matches), event (an event is tracked), click (an element is clicked), delay (seconds on a page) or manual.',
  url: 'URL glob of the pages where it may start: /app/* matches every page under /app.',
  event: 'The event name that starts it (on: event).',
  selector: 'CSS selector of the element whose click starts it (on: click).',
  seconds: 'Seconds after the page loads before it starts (on: delay).',
});
const eligibility = {
  audience: d('Who sees it: a segment id, or a condition. Everyone when absent.', condition),
  trigger,
  repeat: d('How often it shows again: once (default), until-completed, always, or { "everyDays": N }.', {
    everyDays: 'Show again at most once every N days.',
  }),
  priority: 'When several could show at once, the highest priority shows first (-1000 to 1000; default 0).',
} as const;

const action = d('What the button does: "dismiss", open a URL, start a flow, or track an event.', {
  url: 'The URL to open (http(s), mailto, or a path on the same site).',
  newTab: 'Open the URL in a new tab.',
  flow: 'The id of the flow to start.',
  event: 'The event name to track.',
  properties: 'Properties sent with the event.',
});
const cta = d('The call-to-action button.', { label: 'The button text. Text, or one per locale.', action });
const messageContent = { title: TITLE, body: BODY, ...media, cta } as const;

const experiment = (variantFields: FieldDocs) =>
  d('An A/B test of the copy: users are split between variants (and a control group that sees nothing).', {
    id: 'Unique experiment id, across flows and messages; reports name it.',
    goal: d('What counts as a conversion.', {
      event: 'The event name that counts as a conversion.',
      withinDays: 'Only if it happens within N days of the first view (default 7).',
    }),
    control: 'Percentage of users held out as a control group (0–100); they see nothing and still count.',
    minimumDetectableEffect: 'The smallest lift worth detecting (0.1 = 10%): sizes the sample the report asks for.',
    variants: d('The variants; users are split by weight.', {
      id: 'The variant id, unique in the experiment.',
      weight: 'Relative share of users.',
      ...variantFields,
    }),
  });

const STEP: FieldDocs = {
  id: 'Step id, unique in the flow; reports name it.',
  target: 'CSS selector of the element the step points at; a list is tried in order (fallbacks). None: a centred step.',
  placement: 'Where the step sits against its target: top, bottom, left or right, each with -start or -end. Default bottom.',
  title: TITLE,
  body: BODY,
  ...media,
  advance: d('What moves to the next step: "button" (default), { "click": true } on the target, { "event": NAME } or { "url": GLOB }.', {
    click: 'true: a click on the target moves on.',
    event: 'The event that moves on when tracked.',
    url: 'The URL glob that moves on when the user gets there.',
  }),
  url: 'URL glob of the page where the step lives; the flow resumes there after navigation or reload.',
  kind: 'popover (a tour step with Back/Next, default), tooltip (a small bubble) or hotspot (a beacon that opens a tooltip).',
  spotlight: 'Dim the page around the target and keep focus in the step. Default true for targeted popovers.',
  timeout: 'Seconds to wait for the target to appear (0–120; default 5).',
  onMissing: 'When the target never appears: skip (go to the next step, default) or end the flow.',
};

/** Every field of the content document, described. */
export const FIELD_DESCRIPTIONS: FieldDocs = {
  $schema: 'The JSON Schema editors check this document with: @touchpoint/content/content.schema.json or the collector’s /content.schema.json.',
  version: 'The format of this document: always 1.',
  settings: d('Settings for the whole project.', {
    throttle: d('How much unsolicited content a user sees.', {
      maxPerSession: 'At most this many flows, messages or surveys start by themselves in one session.',
      minMinutesBetween: 'Minutes to wait after one shows before another starts by itself.',
    }),
    theme: d('How the widgets look.', {
      accent: 'Accent colour of buttons and highlights: #rrggbb, rgb(), hsl() or oklch().',
      radius: 'Corner radius: a number of pixels (0–48) or a length such as 8px.',
      font: 'A CSS font-family list, such as "Inter", system-ui, sans-serif.',
      mode: 'light, dark, or auto (follows the user’s system).',
    }),
    locale: 'The locale used when a text has none for the user’s, such as "en".',
    consent: 'granted: track at once; required: send and store nothing before consent(true).',
    identityVerification: 'Require a userHash (HMAC of the user id with the secret key) to read a user’s profile.',
    holdout: 'Percentage of users who see no unsolicited content at all, to measure what it is worth (0–100).',
    captureClicks: 'Record clicks on the page so that features defined later count past clicks.',
    emailsPerWeek: 'The most journey emails one user gets in any 7 days (default 3); more are skipped as capped.',
  }),
  features: d('The features of your app whose use is tracked.', {
    id: ID,
    name: NAME,
    selector: 'CSS selector of the element whose use counts as using the feature.',
    on: 'The DOM event that counts: click (default), change, submit, input or focus.',
    event: 'An event name that counts as using the feature (instead of, or besides, a selector).',
  }),
  segments: d('Named conditions (who is who), used by id as an audience: { "id": "free-admins", "all": […] }.', { id: ID, name: NAME }),
  flows: d('Product tours: steps shown in order.', {
    id: ID,
    name: NAME,
    experiment: experiment({
      steps: d("Each step's copy in this variant, by step id.", { '*': d('The copy of one step in this variant.', { title: TITLE, body: BODY, ...media }) }),
    }),
    ...eligibility,
    steps: d('The steps, in order (at least one).', STEP),
  }),
  messages: d('Modals, banners, slideouts, tooltips and hotspots.', {
    id: ID,
    kind: 'modal, banner, slideout, tooltip (needs a target) or hotspot (needs a target).',
    name: NAME,
    ...eligibility,
    target: 'CSS selector of the element a tooltip or hotspot points at; a list is tried in order.',
    placement: 'Where a tooltip sits against its target: top, bottom, left or right, each with -start or -end.',
    position: 'Where a banner (top, bottom) or slideout (top-start, top-end, bottom-start, bottom-end) shows.',
    experiment: experiment({ content: d("The variant's copy.", messageContent) }),
    ...messageContent,
  }),
  checklists: d('Onboarding checklists: items that tick themselves off.', {
    id: ID,
    title: TITLE,
    audience: eligibility.audience,
    items: d('The items, in order.', {
      id: 'Item id, unique in the checklist.',
      title: TITLE,
      description: 'A line under the title. Text, or one per locale.',
      done: d('When the item is done: { "flow": ID } finished, or a condition.', { flow: 'The id of the flow whose completion ticks the item.', ...condition }),
      action,
    }),
  }),
  resources: d('The resource center: help articles and a contact.', {
    articles: d('Help articles, searchable in the resource center.', {
      id: ID,
      title: TITLE,
      body: BODY,
      tags: 'Words that help search find the article.',
      url: 'A link to the full article.',
      ...media,
    }),
    contact: d('How users reach a human.', {
      label: 'The contact button text. Text, or one per locale.',
      email: 'The email address to write to.',
      url: 'A link to a contact page or chat.',
      accountTrait: 'An account trait holding the account’s own contact (a CSM’s email), used first.',
      tiers: 'Only accounts of these tiers get the accountTrait contact.',
    }),
  }),
  surveys: d('NPS, rating, choice and text surveys.', {
    id: ID,
    kind: 'nps (0–10), rating, choice (needs choices) or text.',
    question: 'The question. Text, or one per locale.',
    choices: 'The answers to choose from (choice surveys, 2–12).',
    multiple: 'Allow more than one choice.',
    ...eligibility,
  }),
  health: d('Account health scores and their alerts.', {
    windowDays: 'Days of usage the score looks at (default 14).',
    signals: d('What raises the score, each with a weight.', {
      event: 'An event name whose use counts.',
      feature: 'A feature id whose use counts.',
      weight: 'How much it counts (0–100).',
    }),
    alerts: d('Webhooks called when an account’s score falls below a threshold.', {
      below: 'The score (0–100) under which the alert fires.',
      webhook: 'The https URL the alert is posted to (signed).',
    }),
  }),
  journeys: d('Automated actions when usage changes, run by the collector for users who newly match an audience.', {
    id: ID,
    name: NAME,
    audience: d('Who enters: a segment id, or a condition over what the collector knows (such as lastSeen).', condition),
    action: d('What happens for each user who enters: one of email, show or webhook.', {
      email: d('An email to the user, with a one-click unsubscribe link.', {
        subject: 'The subject line. Text, or one per locale (the user’s locale trait picks).',
        body: 'The message: the Markdown subset, sent as HTML and plain text. Text, or one per locale.',
        to: 'The trait holding the address, as "trait:NAME". Default "trait:email".',
      }),
      show: 'The id of a flow, message or survey shown on the user’s next visit, without waiting for its trigger.',
      webhook: 'The https URL called for each entry (signed like health alerts).',
    }),
    repeat: d('Whether a user may enter again: once (default), always, until-completed (until the goal is reached), or { "everyDays": N }.', {
      everyDays: 'Enter again at most once every N days.',
    }),
    goal: d('What counts as converted after entering. Default: any event within 7 days.', {
      event: 'The event that counts as converted. Any event when absent.',
      withinDays: 'Days after entering within which the goal counts.',
    }),
    holdout: 'Percentage of entering users who get no action, to compare against (0–100).',
  }),
};
