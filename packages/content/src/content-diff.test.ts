import { describe, expect, it } from 'vitest';
import { diffContent, MAX_DIFF_FIELDS } from './content-diff.js';
import type { ContentDocument } from './document.js';

const base: ContentDocument = {
  version: 1,
  settings: { theme: { accent: '#4f46e5' } },
  flows: [
    {
      id: 'welcome',
      trigger: { on: 'page', url: '/app/*' },
      steps: [
        { id: 'add', title: 'Add a todo', body: 'Type.' },
        { id: 'done', title: { en: 'All set', ja: '完了' }, body: 'Done.' },
      ],
    },
  ],
  messages: [
    { id: 'news', kind: 'banner', title: 'New', body: 'Export is here' },
    { id: 'promo', kind: 'modal', title: 'Promo', body: 'Half price' },
  ],
  resources: { articles: [{ id: 'filters', title: 'Filtering', body: 'How' }] },
};
const copy = (): ContentDocument => structuredClone(base);

describe('diffContent', () => {
  it('finds nothing between equal documents', () => {
    expect(diffContent(base, copy())).toEqual([]);
  });

  it('lists items added, removed and changed per section and id, with the fields that changed', () => {
    const next = copy();
    next.messages![0]!.body = 'Export to CSV is here';
    next.messages!.splice(1, 1);
    next.messages!.push({ id: 'tip', kind: 'tooltip', target: '#x', body: 'Hi' });
    next.flows![0]!.steps[1]!.title = { en: 'All set', ja: 'できました' };
    next.resources!.articles!.push({ id: 'export', title: 'Export', body: 'CSV' });
    next.settings = { theme: { accent: '#000000' }, locale: 'ja' };
    expect(diffContent(base, next)).toEqual([
      { section: 'flows', id: 'welcome', change: 'changed', fields: ['steps.done.title.ja'] },
      { section: 'messages', id: 'news', change: 'changed', fields: ['body'] },
      { section: 'messages', id: 'tip', change: 'added' },
      { section: 'messages', id: 'promo', change: 'removed' },
      { section: 'resources.articles', id: 'export', change: 'added' },
      { section: 'settings', change: 'changed', fields: ['theme.accent', 'locale'] },
    ]);
  });

  it('keys lists of items by id inside an item: a step inserted first changes no other step', () => {
    const next = copy();
    next.flows![0]!.steps.unshift({ id: 'intro', title: 'Hello', body: 'Hi' });
    expect(diffContent(base, next)).toEqual([{ section: 'flows', id: 'welcome', change: 'changed', fields: ['steps.intro'] }]);
    const removed = copy();
    removed.flows![0]!.steps.pop();
    expect(diffContent(base, removed)).toEqual([{ section: 'flows', id: 'welcome', change: 'changed', fields: ['steps.done'] }]);
    const swapped = copy();
    swapped.flows![0]!.steps.reverse();
    expect(diffContent(base, swapped)).toEqual([{ section: 'flows', id: 'welcome', change: 'changed', fields: ['steps'] }]);
  });

  it('says when a section keeps its items in another order', () => {
    const next = copy();
    next.messages!.reverse();
    expect(diffContent(base, next)).toEqual([{ section: 'messages', change: 'reordered' }]);
  });

  it('compares sections that are one object, and sections added or removed', () => {
    const next: ContentDocument = { ...copy(), health: { signals: [{ event: 'Todo Added', weight: 2 }] } };
    delete next.settings;
    expect(diffContent(base, next)).toEqual([
      { section: 'settings', change: 'removed' },
      { section: 'health', change: 'added' },
    ]);
    expect(diffContent({ version: 1 }, { version: 1, flows: [] })).toEqual([]);
    expect(diffContent({ version: 1 }, base).map((c) => `${c.change} ${c.section} ${c.id ?? ''}`.trim())).toEqual([
      'added flows welcome',
      'added messages news',
      'added messages promo',
      'added resources.articles filters',
      'added settings',
    ]);
  });

  it('compares whatever JSON it is given, invalid documents included, and bounds the fields listed', () => {
    expect(diffContent(null, { version: 1, flows: 'nope' })).toEqual([
      { section: 'flows', change: 'changed', fields: ['(all)'] },
      { section: 'version', change: 'added' },
    ]);
    const wide = (n: number) => ({ version: 1, settings: Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, n])) });
    expect(diffContent(wide(1), wide(2))[0]!.fields).toHaveLength(MAX_DIFF_FIELDS);
  });
});
