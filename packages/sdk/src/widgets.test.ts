import { describe, expect, it } from 'vitest';
import type { DockView } from '@touchpoint/ui';
import { createFacts } from './facts.js';
import { createStore } from './storage.js';
import { contactOf, createWidgets } from './widgets.js';

const who = (groupTraits: Record<string, unknown>) => ({ anonymousId: 'a', traits: {}, groupTraits });
const text = (t: unknown) => String(t);

describe('the resource center’s contact entry', () => {
  const contact = { label: 'Talk to us', email: 'help@example.com', accountTrait: 'csm', tiers: ['high'] };

  it('goes to the account’s own manager for the listed tiers, else to the help address', () => {
    expect(contactOf(contact, who({ tier: 'high', csm: 'kim@vendor.example' }), text)).toEqual({ label: 'Talk to us', href: 'mailto:kim@vendor.example' });
    expect(contactOf(contact, who({ tier: 'low', csm: 'kim@vendor.example' }), text)).toEqual({ label: 'Talk to us', href: 'mailto:help@example.com' });
    expect(contactOf(contact, who({ tier: 'high' }), text)?.href).toBe('mailto:help@example.com');
    // Without tiers, any account with the trait; a booking link works as well as an address.
    expect(contactOf({ accountTrait: 'csm', url: 'https://example.com/help' }, who({ csm: 'https://cal.example.com/kim' }), text)).toEqual({
      label: undefined,
      href: 'https://cal.example.com/kim',
    });
    expect(contactOf(undefined, who({}), text)).toBeUndefined();
  });

  it('never makes a link of another scheme, whatever an account trait holds', () => {
    for (const bad of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'JavaScript:alert(1)//@x', 'vbscript:x']) {
      expect(contactOf({ accountTrait: 'csm' }, who({ csm: bad }), text)).toBeUndefined();
      expect(contactOf({ accountTrait: 'csm', email: 'help@example.com' }, who({ csm: bad }), text)?.href).toBe('mailto:help@example.com');
    }
  });
});

describe('the dock’s state', () => {
  function setup() {
    const drawn: Array<DockView | null> = [];
    const tracked: Array<[string, Record<string, unknown>]> = [];
    const facts = createFacts(
      async () => undefined,
      () => Date.now(),
    );
    const widgets = createWidgets({
      store: createStore(undefined, false, () => {}),
      facts,
      locale: 'en',
      identity: () => ({ anonymousId: 'a', traits: {}, groupTraits: {} }),
      url: () => 'https://app.example.com/',
      now: () => Date.now(),
      flowCompleted: () => false,
      track: (event, properties) => tracked.push([event, properties]),
      run: () => {},
      dock: (view) => drawn.push(view),
    });
    return { widgets, drawn, tracked, facts };
  }

  it('keeps the same localized articles between refreshes (the open panel keeps its search index), new ones per content', () => {
    const { widgets, drawn } = setup();
    const doc = { version: 1 as const, resources: { articles: [{ id: 'a', title: { en: 'Filters', ja: 'フィルター' }, body: 'Use **filters**.' }] } };
    widgets.setContent(doc);
    widgets.openResources('filt');
    widgets.refresh();
    const views = drawn.filter((v): v is DockView => !!v);
    expect(views.length).toBe(3);
    expect(views[2]!.resources!.articles).toBe(views[0]!.resources!.articles);
    expect(views[2]).toMatchObject({
      open: 'resources',
      search: { query: 'filt', key: 1 },
      resources: { articles: [{ id: 'a', title: 'Filters', body: 'Use **filters**.' }] },
    });
    widgets.setContent({ ...doc });
    expect(drawn[drawn.length - 1]!.resources!.articles).not.toBe(views[0]!.resources!.articles);
  });

  it('sends Checklist Item Completed once when an item’s event happens, and removes the dock when nothing is left to show', () => {
    const { widgets, drawn, tracked, facts } = setup();
    widgets.setContent({ version: 1, checklists: [{ id: 'c', title: 'Start', items: [{ id: 'i', title: 'Add', done: { event: 'Todo Added' } }] }] });
    expect(drawn[0]!.checklist!.items[0]!.done).toBe(false);
    // The engine records each event in the facts, then refreshes.
    facts.record('Todo Added', {}, Date.now());
    widgets.refresh();
    widgets.refresh();
    expect(tracked).toEqual([['Checklist Item Completed', { checklist_id: 'c', item_id: 'i' }]]);
    expect(drawn[drawn.length - 1]!.checklist!.items[0]!.done).toBe(true);
    widgets.setContent({ version: 1 });
    expect(drawn[drawn.length - 1]).toBeNull();
  });

  it('leaves a “feature used” item open for a brand-new user, and ticks it once the feature is used', () => {
    const { widgets, drawn, tracked, facts } = setup();
    widgets.setContent({
      version: 1,
      checklists: [{ id: 'c', title: 'Start', items: [{ id: 'i', title: 'Filter', done: { feature: 'filters', used: true } }] }],
    });
    expect(drawn[0]!.checklist!.items[0]!.done).toBe(false);
    expect(tracked).toEqual([]);
    facts.record('Feature Used', { feature_id: 'filters' }, Date.now());
    widgets.refresh();
    expect(drawn[drawn.length - 1]!.checklist!.items[0]!.done).toBe(true);
    expect(tracked).toEqual([['Checklist Item Completed', { checklist_id: 'c', item_id: 'i' }]]);
  });
});
