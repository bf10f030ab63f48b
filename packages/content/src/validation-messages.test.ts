import { describe, expect, it } from 'vitest';
import { validateContent } from './validate-content.js';

/** A small valid document; each case below breaks it in one way. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fixture the cases break in many ways
const base = (): any => ({
  version: 1,
  settings: { theme: { accent: '#4f46e5' } },
  features: [{ id: 'add-todo', selector: '.new-todo' }],
  segments: [{ id: 'free-admins', trait: 'role', op: 'eq', value: 'admin' }],
  flows: [
    {
      id: 'welcome',
      audience: 'free-admins',
      trigger: { on: 'page', url: '/app/*' },
      repeat: 'once',
      steps: [{ id: 'add', target: '.new-todo', placement: 'bottom', title: 'Add one', timeout: 5, advance: 'button' }],
    },
  ],
  messages: [{ id: 'news', kind: 'modal', title: 'News', cta: { label: 'Go', action: { flow: 'welcome' } } }],
  resources: { articles: [], contact: { email: 'help@example.com' } },
  health: { signals: [{ feature: 'add-todo', weight: 1 }], alerts: [{ below: 40, webhook: 'https://crm.example.com/hook' }] },
});

const errorsOf = (doc: unknown) => {
  const r = validateContent(doc);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
};

// [what a PM got wrong, how, the exact lines]
const CASES: Array<[string, (d: ReturnType<typeof base>) => void, string[]]> = [
  [
    'unknown enum value, with did-you-mean (a discriminated union)',
    (d) => (d.flows[0].trigger.on = 'pagee'),
    ['flows[0].trigger.on: must be one of page, event, click, delay, manual; got "pagee" (did you mean "page"?)'],
  ],
  [
    'unknown enum value (a plain enum)',
    (d) => (d.flows[0].steps[0].placement = 'botom'),
    [expect.stringMatching(/placement: must be one of top, .*; got "botom" \(did you mean "bottom"\?\)$/)] as never,
  ],
  [
    'unknown enum value inside a union of a word and an object',
    (d) => (d.flows[0].repeat = 'onse'),
    ['flows[0].repeat: must be one of once, until-completed, always; got "onse" (did you mean "once"?)'],
  ],
  ['a missing discriminator', (d) => delete d.flows[0].trigger.on, ['flows[0].trigger.on: is required: one of page, event, click, delay, manual']],
  ['wrong type', (d) => (d.flows[0].steps[0].timeout = '5'), ['flows[0].steps[0].timeout: must be a number; got "5"']],
  ['wrong type: a list expected', (d) => (d.flows[0].steps = 'add'), ['flows[0].steps: must be a list; got "add"']],
  ['wrong type: true or false', (d) => (d.flows[0].steps[0].spotlight = 'yes'), ['flows[0].steps[0].spotlight: must be true or false; got "yes"']],
  [
    'none of a union’s kinds',
    (d) => (d.flows[0].steps[0].advance = 'click'),
    ['flows[0].steps[0].advance: must be "button", { "click": true }, { "event": … } or { "url": … }; got "click"'],
  ],
  ['missing required field', (d) => delete d.flows[0].steps[0].id, ['flows[0].steps[0].id: is required']],
  ['missing required field in a union branch', (d) => delete d.flows[0].trigger.url, ['flows[0].trigger.url: is required']],
  ['unknown field, with did-you-mean', (d) => (d.flows[0].steps[0].titel = 'x'), ['flows[0].steps[0].titel: unknown field "titel" (did you mean "title"?)']],
  ['unknown field at the root', (d) => (d.setings = {}), ['setings: unknown field "setings" (did you mean "settings"?)']],
  [
    'unknown field, nothing close: the fields there',
    (d) => (d.messages[0].cta.colour = 'red'),
    ['messages[0].cta.colour: unknown field "colour"; the fields here are label, action'],
  ],
  ['out of range (number)', (d) => (d.flows[0].steps[0].timeout = 500), ['flows[0].steps[0].timeout: must be at most 120; got 500']],
  ['out of range (below)', (d) => (d.health.signals[0].weight = -1), ['health.signals[0].weight: must be at least 0; got -1']],
  [
    'out of range (text length)',
    (d) => (d.flows[0].steps[0].title = 'x'.repeat(5001)),
    ['flows[0].steps[0].title: must be at most 5000 characters long (it has 5001)'],
  ],
  ['an empty list', (d) => (d.flows[0].steps = []), ['flows[0].steps: a flow needs at least one step']],
  [
    'bad format: colour',
    (d) => (d.settings.theme.accent = 'red'),
    ['settings.theme.accent: must be a CSS colour: #rrggbb, rgb(), hsl() or oklch(); got "red"'],
  ],
  ['bad format: selector', (d) => (d.flows[0].steps[0].target = 'div['), ['flows[0].steps[0].target: is not a valid CSS selector; got "div["']],
  [
    'bad format: URL',
    (d) => (d.health.alerts[0].webhook = 'crm/hook'),
    ['health.alerts[0].webhook: must be a URL such as https://example.com/path; got "crm/hook"'],
  ],
  [
    'bad format: email',
    (d) => (d.resources.contact.email = 'help'),
    ['resources.contact.email: must be an email address such as help@example.com; got "help"'],
  ],
  [
    'bad format: id',
    (d) => (d.messages[0].id = 'big news'),
    ['messages[0].id: must be 1–100 letters, digits, "-", "_" or "." (starting with a letter or digit); got "big news"'],
  ],
  [
    'unknown segment, with did-you-mean',
    (d) => (d.flows[0].audience = 'free-admin'),
    ['flows[0].audience: unknown segment "free-admin" (did you mean "free-admins"?)'],
  ],
  [
    'unknown flow, with did-you-mean',
    (d) => (d.messages[0].cta.action.flow = 'welcom'),
    ['messages[0].cta.action.flow: unknown flow "welcom" (did you mean "welcome"?)'],
  ],
  [
    'unknown feature, nothing close',
    (d) => (d.health.signals[0].feature = 'export'),
    ['health.signals[0].feature: unknown feature "export"; the features are add-todo'],
  ],
  [
    'unknown step of a flow experiment, with did-you-mean',
    (d) => (d.flows[0].experiment = { id: 'copy', goal: { event: 'Todo Added' }, variants: [{ id: 'a', weight: 1, steps: { ad: { title: 'Add now' } } }] }),
    ['flows[0].experiment.variants[0].steps.ad: flow "welcome" has no step "ad" (did you mean "add"?)'],
  ],
  [
    'an experiment goal with a typo',
    (d) => (d.flows[0].experiment = { id: 'copy', goal: { evnt: 'Todo Added' }, variants: [{ id: 'a', weight: 1 }] }),
    ['flows[0].experiment.goal.evnt: unknown field "evnt" (did you mean "event"?)', 'flows[0].experiment.goal.event: is required'],
  ],
  [
    'structural errors and unknown references together, in document order',
    (d) => {
      d.flows[0].audience = 'admins';
      d.flows[0].steps[0].placement = 'middle';
      d.messages[0].cta.action.flow = 'tour';
    },
    [
      'flows[0].audience: unknown segment "admins"; the segments are free-admins',
      expect.stringMatching(/^flows\[0\]\.steps\[0\]\.placement: must be one of top, /),
      'messages[0].cta.action.flow: unknown flow "tour"; the flows are welcome',
    ] as never,
  ],
  [
    'a reference inside a broken item still checked',
    (d) => d.flows.push({ id: 'second', audience: 'nobody', steps: [{ id: 'x', timeout: 'soon' }] }),
    ['flows[1].audience: unknown segment "nobody"; the segments are free-admins', 'flows[1].steps[0].timeout: must be a number; got "soon"'],
  ],
  [
    'a condition with a wrong operator, at its path',
    (d) => (d.messages[0].audience = { all: [{ trait: 'plan', op: 'equal', value: 'free' }] }),
    [
      'messages[0].audience.all[0].op: must be one of eq, neq, in, nin, gt, gte, lt, lte, contains, exists, not_exists, before, after; got "equal" (did you mean "eq"?)',
    ],
  ],
  [
    'an empty condition: what a condition may be',
    (d) => (d.flows[0].audience = {}),
    [
      'flows[0].audience: must be { "trait": …, "op": … }, { "account": …, "op": … }, { "event": … }, { "feature": … }, { "url": … }, { "segment": … }, { "health": … }, { "lastSeen": … }, { "all": … }, { "any": … } or { "not": … }; got an empty object',
    ],
  ],
  [
    'a typo in a segment’s own field',
    (d) => (d.segments[0] = { id: 'free-admins', nmae: 'Free admins', trait: 'role', op: 'eq', value: 'admin' }),
    ['segments[0].nmae: unknown field "nmae" (did you mean "name"?)'],
  ],
  [
    'a segment without a condition',
    (d) => (d.segments[0] = { id: 'free-admins', name: 'Free admins' }),
    ['segments[0]: a segment needs a condition beside its id: trait, account, event, feature, url, segment, health, lastSeen, all, any or not'],
  ],
  [
    'unknown field in one form of a union (each form knows its own fields)',
    (d) => (d.messages[0].audience = { trait: 'plan', op: 'eq', value: 'free', vlaue: 'x' }),
    ['messages[0].audience.vlaue: unknown field "vlaue" (did you mean "value"?)'],
  ],
  [
    'a word cut short',
    (d) => (d.messages[0].kind = 'slide'),
    ['messages[0].kind: must be one of modal, banner, slideout, tooltip, hotspot; got "slide" (did you mean "slideout"?)'],
  ],
];

describe('validation messages a PM understands', () => {
  it('the base document is valid', () => {
    expect(errorsOf(base())).toEqual([]);
  });

  it.each(CASES)('%s', (_, breakIt, lines) => {
    const doc = base();
    breakIt(doc);
    expect(errorsOf(doc)).toEqual(lines);
  });

  it('never speaks zod: no "Invalid input", "expected … received", "Unrecognized key" or "discriminator" in any case', () => {
    for (const [, breakIt] of CASES) {
      const doc = base();
      breakIt(doc);
      for (const line of errorsOf(doc)) expect(line).not.toMatch(/Invalid (input|option|discriminator)|received|Unrecognized|Too (big|small)|expected string/i);
    }
  });
});
