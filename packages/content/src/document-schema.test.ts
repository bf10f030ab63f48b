import { describe, expect, it } from 'vitest';
import { validateContent } from './validate-content.js';

/** The content document of CONTRACT §6, complete. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fixture the tests break in many ways
const contract = (): any => ({
  version: 1,
  settings: {
    throttle: { maxPerSession: 2, minMinutesBetween: 10 },
    theme: { accent: '#4f46e5', mode: 'auto' },
    locale: 'en',
    consent: 'granted',
    identityVerification: false,
    holdout: 5,
  },
  features: [{ id: 'add-todo', name: 'Add a todo', selector: '.new-todo', on: 'change' }],
  segments: [
    {
      id: 'free-admins',
      all: [
        { trait: 'role', op: 'eq', value: 'admin' },
        { account: 'tier', op: 'in', value: ['low', 'tech'] },
        { event: 'Todo Added', count: { op: 'lt', value: 3 }, withinDays: 30 },
      ],
    },
  ],
  flows: [
    {
      id: 'welcome',
      name: 'Welcome tour',
      audience: 'free-admins',
      trigger: { on: 'page', url: '/app/*' },
      repeat: 'once',
      priority: 10,
      steps: [
        {
          id: 'add',
          target: '.new-todo',
          placement: 'bottom',
          title: 'Add your first todo',
          body: 'Type and press **Enter**.',
          advance: { event: 'Todo Added' },
        },
        { id: 'done', title: 'All set', body: "That's it." },
      ],
    },
    { id: 'export-tour', steps: [{ id: 'one', title: 'Export' }] },
  ],
  messages: [
    {
      id: 'export-news',
      kind: 'modal',
      audience: { trait: 'plan', op: 'eq', value: 'free' },
      trigger: { on: 'page', url: '/app/reports' },
      experiment: {
        id: 'export-copy',
        goal: { event: 'Report Exported', withinDays: 7 },
        control: 10,
        variants: [
          { id: 'a', weight: 50, content: { title: 'Export is here', body: '…', cta: { label: 'Try it', action: { flow: 'export-tour' } } } },
          { id: 'b', weight: 50, content: { title: 'Save hours with Export', body: '…', cta: { label: 'Show me', action: { flow: 'export-tour' } } } },
        ],
      },
    },
  ],
  checklists: [
    { id: 'getting-started', title: 'Get started', items: [{ id: 'first', title: 'Add a todo', done: { event: 'Todo Added' }, action: { flow: 'welcome' } }] },
  ],
  resources: { articles: [{ id: 'filters', title: 'Filtering todos', body: '…', tags: ['filters'] }] },
  surveys: [{ id: 'nps', kind: 'nps', question: 'How likely are you to recommend us?', trigger: { on: 'delay', seconds: 30 }, repeat: { everyDays: 90 } }],
  health: {
    windowDays: 14,
    signals: [
      { event: 'Todo Added', weight: 2 },
      { feature: 'add-todo', weight: 1 },
    ],
    alerts: [{ below: 40, webhook: 'https://crm.example.com/hooks/touchpoint' }],
  },
});

const errorsOf = (doc: unknown) => {
  const r = validateContent(doc);
  return r.ok ? [] : r.errors;
};

describe('validateContent', () => {
  it('accepts the complete example of the contract', () => {
    const doc = contract();
    expect(validateContent(doc)).toEqual({ ok: true, document: doc });
  });

  it('names the exact path inside conditions, through all/any/not and unions', () => {
    const doc = contract();
    doc.segments[0]!.all[0] = { trait: 'role', op: 'equals' as 'eq', value: 'admin' };
    (doc.messages[0] as Record<string, unknown>).audience = { not: { any: [{ event: 'X', count: { op: 'lt', value: 'three' } }] } };
    expect(errorsOf(doc)).toEqual([
      { path: 'segments[0].all[0].op', message: expect.stringContaining('must be one of eq, neq,') },
      { path: 'messages[0].audience.not.any[0].count.value', message: expect.stringContaining('number') },
    ]);
  });

  it('takes every condition window it ever took (more than 0, at most 3650 days, fractions too), and 0 (today)', () => {
    const doc = contract();
    doc.segments[0]!.all = [
      { event: 'A', withinDays: 0 },
      { feature: 'add-todo', withinDays: 400 },
      { event: 'A', withinDays: 730 },
      { feature: 'add-todo', withinDays: 0.5 },
      { event: 'A', withinDays: 3650 },
      { event: 'A', withinDays: 3651 },
      { feature: 'add-todo', withinDays: -1 },
    ];
    expect(errorsOf(doc).map((e) => e.path)).toEqual(['segments[0].all[5].withinDays', 'segments[0].all[6].withinDays']);
  });

  it('reports unknown keys, wrong types and bad values at their paths', () => {
    const result = errorsOf({
      version: 2,
      flows: [
        { id: 'a', steps: [{ id: 's', target: '', placement: 'middle', advnce: 'button' }], trigger: { on: 'page' } },
        { id: 'bad id!', steps: [] },
      ],
      settings: { theme: { accent: 'red; background: url(x)' } },
    });
    expect(result.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        'version',
        'flows[0].steps[0].target',
        'flows[0].steps[0].placement',
        'flows[0].steps[0].advnce',
        'flows[0].trigger.url',
        'flows[1].id',
        'flows[1].steps',
        'settings.theme.accent',
      ]),
    );
    expect(result.find((e) => e.path === 'flows[0].steps[0].advnce')?.message).toBe('unknown field "advnce" (did you mean "advance"?)');
  });

  it('catches selectors a browser would throw on', () => {
    const doc = contract();
    doc.flows[0]!.steps[0]!.target = ['.ok', 'div['] as unknown as string;
    doc.features[0]!.selector = '##bad';
    expect(errorsOf(doc)).toEqual([
      { path: 'features[0].selector', message: 'is not a valid CSS selector; got "##bad"' },
      { path: 'flows[0].steps[0].target[1]', message: 'is not a valid CSS selector; got "div["' },
    ]);
  });

  it('catches unknown segments, flows and features wherever they are referenced', () => {
    const doc = contract();
    doc.flows[0]!.audience = 'nobody';
    doc.segments[0]!.all.push({ feature: 'ghost', used: true } as never);
    doc.messages[0]!.experiment.variants[1]!.content.cta.action = { flow: 'missing-tour' };
    doc.checklists[0]!.items[0]!.done = { flow: 'nope' } as never;
    doc.health.signals[1] = { feature: 'gone', weight: 1 } as never;
    expect(errorsOf(doc)).toEqual([
      { path: 'segments[0].all[3].feature', message: 'unknown feature "ghost"; the features are add-todo' },
      { path: 'flows[0].audience', message: 'unknown segment "nobody"; the segments are free-admins' },
      { path: 'messages[0].experiment.variants[1].content.cta.action.flow', message: 'unknown flow "missing-tour"; the flows are welcome, export-tour' },
      { path: 'checklists[0].items[0].done.flow', message: 'unknown flow "nope"; the flows are welcome, export-tour' },
      { path: 'health.signals[1].feature', message: 'unknown feature "gone"; the features are add-todo' },
    ]);
  });

  it('catches segment cycles, however long', () => {
    const doc = contract();
    doc.segments = [
      { id: 'a', any: [{ segment: 'b' }] },
      { id: 'b', all: [{ not: { segment: 'c' } }] },
      { id: 'c', all: [{ segment: 'a' }] },
      { id: 'self', all: [{ segment: 'self' }] },
    ] as never;
    doc.flows[0]!.audience = 'a';
    expect(errorsOf(doc)).toEqual([
      { path: 'segments[0]', message: 'segments refer to each other in a cycle: a → b → c → a' },
      { path: 'segments[3]', message: 'segments refer to each other in a cycle: self → self' },
    ]);
  });

  it('requires content ids to be unique across flows, messages, checklists and surveys', () => {
    const doc = contract();
    doc.surveys[0]!.id = 'welcome';
    doc.flows[0]!.steps[1]!.id = 'add';
    expect(errorsOf(doc)).toEqual([
      { path: 'flows[0].steps[1].id', message: 'duplicate step id "add" in flow "welcome"' },
      { path: 'surveys[0].id', message: 'duplicate content id "welcome" (also in flows)' },
    ]);
  });

  it('checks flow experiments: overrides name existing steps, experiment ids are unique', () => {
    const doc = contract();
    doc.flows[0]!.experiment = {
      id: 'export-copy',
      goal: { event: 'Todo Added' },
      variants: [
        { id: 'a', weight: 1, steps: { add: { title: 'Add one now' }, nope: { title: 'x' } } },
        { id: 'b', weight: 1 },
      ],
    };
    expect(errorsOf(doc)).toEqual([
      { path: 'flows[0].experiment.variants[0].steps.nope', message: 'flow "welcome" has no step "nope"; its steps are add, done' },
      { path: 'messages[0].experiment.id', message: 'duplicate experiment id "export-copy" (also in flows[0])' },
    ]);
  });

  it('refuses links that leave the site while looking relative, in CTAs, articles, contact and media (was: accepted)', () => {
    const offSite = ['//evil.example', '/\\evil.example', '/\t/evil.example', '\\\\evil.example', ' //evil.example/x'];
    for (const url of offSite) {
      const doc = contract();
      doc.messages[0]!.experiment!.variants[0]!.content.cta!.action = { url } as never;
      (doc as { resources: unknown }).resources = { articles: [{ id: 'a', title: 'A', body: 'B', url, image: url }], contact: { url } };
      expect(
        errorsOf(doc).map((e) => e.path),
        JSON.stringify(url),
      ).toEqual([
        'messages[0].experiment.variants[0].content.cta.action.url',
        'resources.articles[0].url',
        'resources.articles[0].image',
        'resources.contact.url',
      ]);
    }
    const fine = contract();
    fine.messages[0]!.experiment!.variants[0]!.content.cta!.action = { url: '/app/reports?tab=2#top' } as never;
    (fine as { resources: unknown }).resources = {
      articles: [{ id: 'a', title: 'A', body: 'B', url: 'https://docs.example.com/a', image: '../img/a.png' }],
      contact: { url: 'mailto:help@example.com' },
    };
    expect(errorsOf(fine)).toEqual([]);
  });

  it('accepts theme fonts the browser takes as a font-family list, and refuses the rest (was: "bold 72px/3 serif" and url(…) accepted)', () => {
    const font = (f: string) => {
      const doc = contract();
      doc.settings = { ...doc.settings, theme: { font: f } } as never;
      return errorsOf(doc).map((e) => e.path);
    };
    for (const f of [
      'Inter',
      '"Open Sans", sans-serif',
      "'Noto Sans JP', system-ui",
      '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto',
      '游ゴシック体, YuGothic, serif',
      'Helvetica Neue',
      'ui-sans-serif',
    ]) {
      expect(font(f), f).toEqual([]);
    }
    for (const f of [
      'bold 72px/3 serif',
      'url(https://x.example/f.woff)',
      'Inter;',
      '12px Arial',
      'inherit, serif',
      'Arial,,serif',
      '"unterminated',
      'Arial, 3D',
      '',
      'a\\62 c',
    ]) {
      expect(font(f), f).toEqual(['settings.theme.font']);
    }
  });

  it('refuses a document nested deeper than its bound, with the path, instead of overflowing the stack (was: 500)', () => {
    const deep = JSON.parse(
      `{"version":1,"flows":[{"id":"f","audience":${'{"not":'.repeat(20_000)}{"trait":"a","op":"exists"}${'}'.repeat(20_000)},"steps":[{"id":"a"}]}]}`,
    );
    const result = validateContent(deep);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { path: expect.stringMatching(/^flows\[0\]\.audience(\.not)+$/), message: 'is nested deeper than 64 levels' },
    ]);
    expect(validateContent(JSON.parse('{"version":1,"__proto__":{"x":1}}'))).toMatchObject({ ok: false, errors: [{ path: '__proto__' }] });
  });

  it('refuses script URLs, targetless tooltips and choice surveys without choices', () => {
    const doc = contract();
    doc.flows[0]!.steps[0]!.image = 'javascript:alert(1)' as never;
    doc.messages.push({ id: 'tip', kind: 'tooltip', cta: { label: 'Go', action: { url: 'javascript:alert(1)' } } } as never);
    doc.surveys.push({ id: 'pick', kind: 'choice', question: 'Which?' } as never);
    expect(errorsOf(doc)).toEqual([
      { path: 'flows[0].steps[0].image', message: 'must be an http(s) URL or a relative path on the same site; got "javascript:alert(1)"' },
      { path: 'messages[1].cta.action.url', message: 'must be an http(s) or mailto URL, or a relative path on the same site; got "javascript:alert(1)"' },
      { path: 'messages[1].target', message: 'tooltips and hotspots need a target' },
      { path: 'surveys[1].choices', message: 'choice surveys need at least two choices' },
    ]);
  });

  it('refuses a blank question, choice, checklist or item title, or article title, in any language given (was: published as a blank)', () => {
    const doc = contract() as any;
    doc.surveys.push({ id: 'blank', kind: 'choice', question: '  ', choices: ['A', ''] });
    doc.checklists = [{ id: 'c', title: { en: 'Start', ja: '' }, items: [{ id: 'i', title: '', done: { event: 'E' } }] }];
    doc.resources = { articles: [{ id: 'a', title: {}, body: '' }] };
    expect(errorsOf(doc)).toEqual([
      { path: 'checklists[0].title', message: 'must not be empty: users would see a blank' },
      { path: 'checklists[0].items[0].title', message: 'must not be empty: users would see a blank; got ""' },
      { path: 'resources.articles[0].title', message: 'must not be empty: users would see a blank' },
      { path: 'surveys[1].question', message: 'must not be empty: users would see a blank; got "  "' },
      { path: 'surveys[1].choices[1]', message: 'must not be empty: users would see a blank; got ""' },
    ]);
  });

  it('refuses a lastSeen of part of a day, which whole-day targeting could never meet as written (was: accepted)', () => {
    const doc = contract() as any;
    doc.segments.push({ id: 'away', all: [{ lastSeen: { op: 'gte', days: 7.5 } }] });
    expect(errorsOf(doc)).toEqual([{ path: `segments[${doc.segments.length - 1}].all[0].lastSeen.days`, message: expect.stringMatching(/whole number/) }]);
  });
});
