// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { compileElementMatcher, readElementPath } from './element-match.js';
import { describeElement, ELEMENT_PATH_LIMITS, type ElementDescriptor } from './element-path.js';

/** The descriptor path the SDK records for a click on `el`: itself, then its ancestors below body. */
function pathOf(el: Element): ElementDescriptor[] {
  const out: ElementDescriptor[] = [];
  for (let e: Element | null = el; e && e.localName !== 'body' && e.localName !== 'html'; e = e.parentElement) out.push(describeElement(e));
  return out;
}

describe('element descriptors', () => {
  it('keep tag, id, classes, data-*, role and type, and never text, values, hrefs or labels', () => {
    document.body.innerHTML = `<a id="buy" class="btn primary" href="/secret?token=1" data-track="buy" role="button" aria-label="Pay Jane" title="t">Pay Jane Doe</a><input type="email" value="jane@example.com" name="email">`;
    expect(describeElement(document.querySelector('a')!)).toEqual({
      tag: 'a',
      id: 'buy',
      classes: ['btn', 'primary'],
      attrs: { 'data-track': 'buy', role: 'button' },
    });
    const input = describeElement(document.querySelector('input')!);
    expect(input).toEqual({ tag: 'input', attrs: { type: 'email' } });
    expect(JSON.stringify(input)).not.toContain('jane');
  });

  it('are bounded: long values and extra classes are left out', () => {
    const el = document.createElement('div');
    el.id = 'x'.repeat(ELEMENT_PATH_LIMITS.length + 1);
    for (let i = 0; i < 40; i++) el.classList.add(`c${i}`);
    el.setAttribute('data-long', 'y'.repeat(500));
    const d = describeElement(el);
    expect([d.id, d.classes?.length, d.attrs]).toEqual([undefined, ELEMENT_PATH_LIMITS.classes, undefined]);
  });
});

describe('selectors matched against stored click paths', () => {
  const page = `
    <nav id="top" class="bar" data-area="nav">
      <ul class="menu"><li class="item"><button class="btn export" data-action="export" type="button"><span class="icon">⇩</span></button></li></ul>
    </nav>
    <main role="main"><section class="card" data-kind="report-weekly"><div><a class="link x-y" data-id="42">open</a></div></section></main>`;
  const selectors = [
    '.export',
    'button.export',
    '#top .export',
    '#top > .export',
    'nav ul > li button',
    'nav > li button',
    '[data-action]',
    '[data-action="export"]',
    '[data-action=EXPORT]',
    '[data-kind^="report"]',
    '[data-kind$=weekly]',
    '[data-kind*="rt-w"]',
    '[data-kind|=report]',
    '.card a',
    '.card > a',
    'main[role=main] .link',
    '[role="main"] > section > div > a',
    'a:not(.x-y)',
    'a:not(.nope)',
    ':is(.link, .zzz)',
    '.menu .item .btn .icon',
    'span',
    '*',
    '.link.x-y',
    '.x',
    '#top',
    'section div',
    'nav .card',
    '.bar, .card',
    'button[type=button]',
  ];
  const clickable = ['span.icon', 'button', 'li', 'a.link', 'section', 'nav'];

  it('agrees with the browser’s closest() for every selector and clicked element', () => {
    document.body.innerHTML = page;
    for (const target of clickable) {
      const el = document.querySelector(target)!;
      for (const selector of selectors) {
        const match = compileElementMatcher(selector);
        expect(match, selector).toBeDefined();
        expect([target, selector, match!(pathOf(el))]).toEqual([target, selector, el.closest(selector) !== null]);
      }
    }
  });

  it('takes a list of fallback selectors, and the case-insensitive flag', () => {
    document.body.innerHTML = page;
    expect(compileElementMatcher('[data-action=EXPORT i]')!(pathOf(document.querySelector('button')!))).toBe(true);
    const match = compileElementMatcher(['.nothing', '[data-id="42"]'])!;
    expect(match(pathOf(document.querySelector('a')!))).toBe(true);
    expect(match(pathOf(document.querySelector('button')!))).toBe(false);
  });

  it('gives up (undefined) on what a descriptor cannot tell: text, other attributes, siblings, positions, states', () => {
    for (const selector of [
      'a[href]',
      '[aria-label=Pay]',
      'li + li',
      'li ~ li',
      'li:nth-child(2)',
      'a:hover',
      'button:has(span)',
      'a:not(nav a)',
      'p::before',
      '[title]',
      '((',
    ]) {
      expect(compileElementMatcher(selector), selector).toBeUndefined();
    }
  });
});

describe('stored paths read from untrusted JSON', () => {
  it('keeps well-formed descriptors and drops or cleans the rest, so matching never throws', () => {
    const junk = [
      null,
      3,
      'a',
      { tag: 7 },
      { tag: 'div', classes: 'x y', attrs: [1] },
      { tag: 'a', id: 'k', classes: ['c', 5], attrs: { 'data-x': '1', 'data-y': {} } },
    ];
    const path = readElementPath(junk);
    expect(path).toEqual([{ tag: 'div' }, { tag: 'a', id: 'k', classes: ['c'], attrs: { 'data-x': '1' } }]);
    expect(compileElementMatcher('a.c[data-x="1"] , div .c')!(path)).toBe(true);
    expect(readElementPath({ length: 3 })).toEqual([]);
    expect(readElementPath(Array.from({ length: 100 }, () => ({ tag: 'b' })))).toHaveLength(12);
  });
});
