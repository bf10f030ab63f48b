import type { ContentDocument } from './document.js';

/**
 * Who may see a field of the content document: `browser` fields go to every visitor's
 * browser with the published content (`GET /v1/content?key=WRITE_KEY`); `server` fields
 * stay on the collector (and the dashboard, which reads with the secret key).
 */
export type FieldAudience = 'browser' | 'server';

/**
 * A field's audience, or a table of its own fields' audiences. In a table, `*` stands for
 * every key of a record (a flow variant's `steps`, keyed by step id), and `""` for the
 * field's plain (non-object) form when it may be either (`repeat: "once"` or
 * `{ "everyDays": 30 }`).
 */
export type FieldTable = FieldAudience | { readonly [key: string]: FieldTable };

const B = 'browser';
const S = 'server';

// Targeting conditions, audiences and selectors are evaluated in the browser as a whole.
const trigger = { on: B, url: B, event: B, selector: B, seconds: B } as const;
const repeat = { '': B, everyDays: B } as const;
const media = { image: B, imageAlt: B, video: B } as const;
// What an experiment is for and how it is judged is for the vendor's reports, not for visitors.
const experiment = { id: B, goal: S, control: B, minimumDetectableEffect: S } as const;
const action = { '': B, url: B, newTab: B, flow: B, event: B, properties: B } as const;
const messageContent = { title: B, body: B, ...media, cta: { label: B, action } } as const;
// Names are labels for the people who write the content; the browser runs on ids.
const eligibility = { audience: B, trigger, repeat, priority: B } as const;

/**
 * Every field of the content document, classified. The classification is complete: a test
 * walks the document's schema and fails on any field missing here, so a field added later
 * (a webhook, an email body) must be classified before it ships, and until it is,
 * {@link browserContent} leaves it out.
 */
export const CONTENT_FIELDS: FieldTable = {
  // An editor's hint, public anyway.
  $schema: B,
  version: B,
  settings: {
    throttle: { maxPerSession: B, minMinutesBetween: B },
    theme: { accent: B, radius: B, font: B, mode: B },
    locale: B,
    consent: B,
    identityVerification: B,
    holdout: B,
    captureClicks: B,
    // A journey setting: journeys run on the collector.
    emailsPerWeek: S,
  },
  features: { id: B, name: S, selector: B, on: B, event: B },
  segments: B,
  flows: {
    id: B,
    name: S,
    experiment: { ...experiment, variants: { id: B, weight: B, steps: { '*': { title: B, body: B, ...media } } } },
    ...eligibility,
    steps: {
      id: B,
      target: B,
      placement: B,
      title: B,
      body: B,
      ...media,
      advance: { '': B, click: B, event: B, url: B },
      url: B,
      kind: B,
      spotlight: B,
      timeout: B,
      onMissing: B,
    },
  },
  messages: {
    id: B,
    kind: B,
    name: S,
    ...eligibility,
    target: B,
    placement: B,
    position: B,
    experiment: { ...experiment, variants: { id: B, weight: B, content: messageContent } },
    ...messageContent,
  },
  checklists: { id: B, title: B, audience: B, items: { id: B, title: B, description: B, done: B, action } },
  resources: {
    articles: { id: B, title: B, body: B, tags: B, url: B, ...media },
    contact: { label: B, email: B, url: B, accountTrait: B, tiers: B },
  },
  surveys: { id: B, kind: B, question: B, choices: B, multiple: B, ...eligibility },
  // Scoring signals and alert webhooks (which carry tokens in their URLs) are the collector's.
  health: S,
  // Who a journey targets, its emails and webhooks are the collector's: a `show` action reaches
  // the user's browser through their profile, never through the published document.
  journeys: S,
};

/**
 * The browser's copy of a content document: only the fields {@link CONTENT_FIELDS} gives to
 * the browser. Fields it does not know are left out too (fail closed).
 */
export function browserContent(document: ContentDocument): Partial<ContentDocument> {
  return project(document, CONTENT_FIELDS) as Partial<ContentDocument>;
}

function project(value: unknown, table: FieldTable): unknown {
  if (table === 'browser') return value;
  if (Array.isArray(value)) return value.map((item) => project(item, table));
  if (value === null || typeof value !== 'object') return table === 'server' || table[''] !== 'browser' ? undefined : value;
  if (table === 'server') return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // Own entries only: a key such as "constructor" is no entry of the table's prototype.
    const child = Object.hasOwn(table, '*') ? table['*'] : Object.hasOwn(table, key) ? table[key] : undefined;
    if (child === undefined || child === 'server') continue;
    const kept = project(item, child);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}
