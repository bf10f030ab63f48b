// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { queryDeep, resolveTarget } from '../target.js';
import { checkSelector, looksGenerated, proposeSelector } from './selector-proposal.js';

function page(html: string): void {
  document.body.innerHTML = html;
}
const $ = (css: string, root: ParentNode = document) => {
  const el = root.querySelector(css);
  if (!el) throw new Error(`no ${css}`);
  return el;
};

/** The proposal for `el`, checked the way a step resolves its target: it is `el`, and nothing else matches. */
function propose(el: Element) {
  const proposal = proposeSelector(document, el);
  expect(resolveTarget(document, [proposal.selector])?.element).toBe(el);
  return proposal;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('generated names', () => {
  it('tells generated class names and ids from stable ones', () => {
    for (const name of [
      '_x_1a2b3',
      'Button_primary__3xYz1',
      'Button-module__primary--3xYz1',
      'sc-bdVaJa',
      'css-1n7v3ny-Button',
      'jsx-2467',
      'w-[13px]',
      'md:flex',
      'w-1/2',
      'svelte-1xk2f0',
      'ember123',
    ])
      expect(looksGenerated(name), name).toBe(true);
    for (const name of ['btn', 'btn-primary', 'todo-list__item', 'heading2', 'col-12', 'new-todo', 'flex', 'px-4'])
      expect(looksGenerated(name), name).toBe(false);
    expect(looksGenerated(':r1:', 'id')).toBe(true);
    expect(looksGenerated('todo-1732', 'id')).toBe(true);
    expect(looksGenerated('550e8400-e29b-41d4-a716-446655440000', 'value')).toBe(true);
    expect(looksGenerated('save', 'id')).toBe(false);
  });
});

describe('proposeSelector', () => {
  it('prefers data-tour, then data-testid, then id, then role and name, then attributes, then classes', () => {
    page(`<button data-tour="save" data-testid="save-btn" id="save" aria-label="Save" name="save" class="btn">Save</button>`);
    expect(propose($('button')).selector).toBe('[data-tour="save"]');
    $('button').removeAttribute('data-tour');
    expect(propose($('button')).selector).toBe('[data-testid="save-btn"]');
    $('button').removeAttribute('data-testid');
    expect(propose($('button')).selector).toBe('#save');
    $('button').removeAttribute('id');
    expect(propose($('button')).selector).toBe('button[aria-label="Save"]');
    $('button').removeAttribute('aria-label');
    expect(propose($('button')).selector).toBe('button[name="save"]');
    $('button').removeAttribute('name');
    expect(propose($('button')).selector).toBe('button.btn');
  });

  it('skips generated class names and ids, and a marker that is not unique', () => {
    page(`<div class="_card_1a2b3"><button id=":r4:" class="sc-bdVaJa css-1n7v3ny w-[13px] export-button">Export</button></div>
          <div data-tour="row"><span class="_x_9f8e7">A</span></div><div data-tour="row" class="row--last"><span class="_x_9f8e7">B</span></div>`);
    const proposal = propose($('.export-button'));
    expect(proposal.selector).toBe('button.export-button');
    expect(proposal).toMatchObject({ count: 1, unique: true, warnings: [] });
    // The marker alone matches two rows: what tells them apart comes next.
    expect(propose($('.row--last')).selector).toBe('div.row--last');
    // Nothing but a generated class and a tag on the span itself: scoped by its row.
    expect(propose($('.row--last span')).selector).toBe('div.row--last > span');
  });

  it('scopes by an ancestor in a list, without positions when something tells the items apart', () => {
    page(`<ul data-testid="todos">
      <li data-id="a"><label>Milk</label><button class="destroy" aria-label="Delete"></button></li>
      <li data-id="b"><label>Eggs</label><button class="destroy" aria-label="Delete"></button></li></ul>`);
    const second = $('li[data-id="b"] button');
    const proposal = propose(second);
    // The ARIA name comes before classes (CONTRACT §7's order), scoped by the row's own attribute.
    expect(proposal.selector).toBe('li[data-id="b"] > button[aria-label="Delete"]');
    expect(proposal.warnings).toEqual(['locale-text']);
    expect(proposal.selector).not.toMatch(/nth/);
  });

  it('falls back to a position among identical siblings, and warns', () => {
    page(`<ul data-testid="todos"><li><span class="t">Milk</span></li><li><span class="t">Eggs</span></li></ul>`);
    const proposal = propose($('li:nth-child(2) span'));
    expect(proposal.selector).toBe('[data-testid="todos"] > li:nth-of-type(2) > span');
    expect(proposal.warnings).toContain('position');
  });

  it('warns when it reads text that changes with the locale', () => {
    page(`<button aria-label="Close">×</button><button aria-label="Open">+</button>`);
    const proposal = propose($('button[aria-label="Close"]'));
    expect(proposal.selector).toBe('button[aria-label="Close"]');
    expect(proposal.warnings).toEqual(['locale-text']);
  });

  it('proposes a selector inside an open shadow root that the SDK resolves there, and only there', () => {
    page(`<button class="menu">Light menu</button><x-toolbar></x-toolbar>`);
    const host = $('x-toolbar');
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = `<nav><button class="menu" data-testid="menu">Menu</button></nav>`;
    const inner = $('[data-testid="menu"]', shadow);
    const proposal = propose(inner);
    expect(proposal.selector).toBe('[data-testid="menu"]');
    expect(queryDeep(document, proposal.selector)).toBe(inner);
    // `button.menu` also matches the light DOM's button: the count says so.
    expect(checkSelector(document, 'button.menu', inner)).toMatchObject({ count: 2, unique: false, warnings: ['not-unique', 'other-element'] });
  });
});

describe('checkSelector', () => {
  it('counts matches, and says when a selector is invalid, matches nothing or several', () => {
    page(`<i class="x"></i><i class="x"></i>`);
    expect(checkSelector(document, 'i.x')).toMatchObject({ count: 2, unique: false, warnings: ['not-unique'] });
    expect(checkSelector(document, 'b')).toMatchObject({ count: 0, unique: false, warnings: ['no-match'] });
    expect(checkSelector(document, 'i[')).toMatchObject({ count: 0, unique: false, warnings: ['invalid'] });
    expect(checkSelector(document, 'i:nth-child(1)')).toMatchObject({ count: 1, unique: true, warnings: ['position'] });
  });
});
