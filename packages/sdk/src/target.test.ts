// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countMatches, queryDeep, resolveTarget, waitForTarget, watchTarget } from './target.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Appends `html` to `parent` (the body by default). */
function add(html: string, parent: ParentNode = document.body): void {
  const template = document.createElement('template');
  template.innerHTML = html;
  parent.append(template.content);
}

function byId(id: string, root: ParentNode = document): Element {
  const el = root.querySelector(`#${id}`);
  if (!el) throw new Error(`no #${id}`);
  return el;
}

/** A host element in the body with an open (or closed) shadow root. */
function shadowHost(mode: ShadowRootMode = 'open', parent: ParentNode = document.body): ShadowRoot {
  const host = document.createElement('div');
  parent.append(host);
  return host.attachShadow({ mode });
}

/** A same-origin about:blank frame in the body, and its document. */
function frame(): Document {
  const iframe = document.createElement('iframe');
  document.body.append(iframe);
  const doc = iframe.contentDocument;
  if (!doc) throw new Error('no contentDocument');
  return doc;
}

afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('queryDeep and resolveTarget', () => {
  it('finds a plain element', () => {
    add('<button id="save" class="primary">Save</button>');
    expect(queryDeep(document, 'button.primary')).toBe(byId('save'));
    expect(queryDeep(document, '.missing')).toBeNull();
  });

  it('tries selectors in order: a missing first one falls back, and the first present one wins', () => {
    add('<p id="a"></p><p id="b"></p>');
    expect(resolveTarget(document, ['#missing', '#b'])).toEqual({ element: byId('b'), selector: '#b' });
    expect(resolveTarget(document, ['#b', '#a'])).toEqual({ element: byId('b'), selector: '#b' });
    expect(resolveTarget(document, ['#x', '#y'])).toBeNull();
    expect(resolveTarget(document, [])).toBeNull();
  });

  it('treats an invalid selector as not found, and moves on to the next one', () => {
    add('<p id="a"></p>');
    expect(() => queryDeep(document, '##bad')).not.toThrow();
    expect(queryDeep(document, '##bad')).toBeNull();
    expect(resolveTarget(document, ['##bad', '#a'])?.element).toBe(byId('a'));
  });

  it('pierces open shadow roots, nested ones too, after the document itself', () => {
    const outer = shadowHost();
    add('<span id="in-outer" class="t"></span>', outer);
    const inner = shadowHost('open', outer);
    add('<b id="deep"></b>', inner);
    expect(queryDeep(document, '#deep')).toBe(byId('deep', inner));
    expect(queryDeep(document, '.t')).toBe(byId('in-outer', outer));
    add('<span id="light" class="t"></span>');
    expect(queryDeep(document, '.t')).toBe(byId('light'));
  });

  it('searches shadow roots depth-first in document order', () => {
    const first = shadowHost();
    const nested = shadowHost('open', first);
    const second = shadowHost();
    add('<i id="n" class="t"></i>', nested);
    add('<i id="s" class="t"></i>', second);
    expect(queryDeep(document, '.t')).toBe(byId('n', nested));
  });

  // Not tested here: that '#host span' does not match a span inside #host's shadow root.
  // Browsers agree (a selector matches within one tree), but happy-dom's ShadowRoot
  // querySelector walks up through the host, so it needs the real-browser test.

  it('does not pierce closed shadow roots', () => {
    const closed = shadowHost('closed');
    add('<b id="hidden"></b>', closed);
    expect(queryDeep(document, '#hidden')).toBeNull();
  });

  it('searches same-origin iframes after the document and its shadow roots', () => {
    const doc = frame();
    const el = doc.createElement('em');
    el.className = 'f';
    doc.body.append(el);
    expect(queryDeep(document, 'em.f')).toBe(el);
    const shadow = shadowHost();
    add('<em id="sh" class="f"></em>', shadow);
    expect(queryDeep(document, 'em.f')).toBe(byId('sh', shadow));
  });

  it('searches srcdoc iframes once loaded', async () => {
    const iframe = document.createElement('iframe');
    iframe.srcdoc = '<p id="inside">hi</p>';
    document.body.append(iframe);
    await sleep(30);
    expect(queryDeep(document, '#inside')?.textContent).toBe('hi');
  });

  it('skips frames whose document cannot be read (cross-origin)', () => {
    const blocked = document.createElement('iframe');
    Object.defineProperty(blocked, 'contentDocument', {
      get: () => {
        throw new DOMException('Blocked a frame', 'SecurityError');
      },
    });
    const nulled = document.createElement('iframe');
    Object.defineProperty(nulled, 'contentDocument', { get: () => null });
    document.body.append(blocked, nulled);
    const doc = frame();
    const el = doc.createElement('u');
    doc.body.append(el);
    expect(() => queryDeep(document, 'u')).not.toThrow();
    expect(queryDeep(document, 'u')).toBe(el);
    expect(queryDeep(document, 'nothing')).toBeNull();
  });
});

describe('waitForTarget', () => {
  it('resolves at once with an element already there', async () => {
    add('<p id="a"></p>');
    await expect(waitForTarget(document, ['#missing', '#a'], { timeoutMs: 100 })).resolves.toEqual({
      element: byId('a'),
      selector: '#a',
    });
  });

  it('resolves when the element is added later', async () => {
    setTimeout(() => add('<button id="late"></button>'), 50);
    const found = await waitForTarget(document, ['#late'], { timeoutMs: 1000 });
    expect(found?.element).toBe(byId('late'));
    expect(found?.element.isConnected).toBe(true);
  });

  it('resolves when an attribute change makes an element match', async () => {
    add('<button id="b"></button>');
    setTimeout(() => byId('b').classList.add('ready'), 50);
    expect((await waitForTarget(document, ['.ready'], { timeoutMs: 1000 }))?.element).toBe(byId('b'));
  });

  it('sees elements added later inside an existing shadow root', async () => {
    const shadow = shadowHost();
    setTimeout(() => add('<button id="sb"></button>', shadow), 50);
    const found = await waitForTarget(document, ['#sb'], { timeoutMs: 1000 });
    expect(found?.element).toBe(byId('sb', shadow));
  });

  it('sees elements added later inside a shadow root that itself appeared later', async () => {
    let shadow: ShadowRoot | undefined;
    setTimeout(() => (shadow = shadowHost()), 20);
    setTimeout(() => shadow && add('<button id="later"></button>', shadow), 60);
    const found = await waitForTarget(document, ['#later'], { timeoutMs: 1000 });
    expect(found?.element.id).toBe('later');
  });

  it('sees a shadow root attached to an element already in the page (no mutation to observe), within the next walk', async () => {
    vi.useFakeTimers();
    add('<div id="host"></div>');
    const pending = waitForTarget(document, ['#deep'], { timeoutMs: 5000 });
    await vi.advanceTimersByTimeAsync(100);
    byId('host').attachShadow({ mode: 'open' }).innerHTML = '<p id="deep"></p>';
    await vi.advanceTimersByTimeAsync(600);
    expect((await pending)?.element.id).toBe('deep');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sees elements added later inside a same-origin iframe', async () => {
    const doc = frame();
    setTimeout(() => {
      const el = doc.createElement('span');
      el.id = 'in-frame';
      doc.body.append(el);
    }, 50);
    const found = await waitForTarget(document, ['#in-frame'], { timeoutMs: 1000 });
    expect(found?.element.ownerDocument).toBe(doc);
  });

  it('resolves null at the timeout', async () => {
    const started = Date.now();
    expect(await waitForTarget(document, ['#never'], { timeoutMs: 100 })).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('resolves null on an invalid selector, without throwing', async () => {
    expect(await waitForTarget(document, ['##bad'], { timeoutMs: 50 })).toBeNull();
  });

  it('resolves null on abort and leaves no timer or frame behind', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const pending = waitForTarget(document, ['#x'], { timeoutMs: 5000, signal: controller.signal });
    add('<p></p>'); // a mutation schedules a check
    await Promise.resolve();
    expect(vi.getTimerCount()).toBe(3); // the timeout, the next walk of the page, and that check's frame
    controller.abort();
    expect(await pending).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
    add('<p id="x"></p>'); // observers are disconnected: nothing new gets scheduled
    await Promise.resolve();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves null with an already aborted signal, even when the target is there', async () => {
    add('<p id="x"></p>');
    expect(await waitForTarget(document, ['#x'], { timeoutMs: 100, signal: AbortSignal.abort() })).toBeNull();
  });

  it('works with fake timers, coalesces a burst of mutations, and cleans up at the timeout', async () => {
    vi.useFakeTimers();
    const pending = waitForTarget(document, ['#x'], { timeoutMs: 5000 });
    for (let i = 0; i < 50; i++) add('<p></p>');
    await Promise.resolve();
    expect(vi.getTimerCount()).toBe(3); // the timeout, the next walk of the page, and a single pending check
    await vi.advanceTimersByTimeAsync(5000);
    expect(await pending).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('finds, at the deadline, an element whose check had not run yet', async () => {
    vi.useFakeTimers();
    const pending = waitForTarget(document, ['#x'], { timeoutMs: 100 });
    await vi.advanceTimersByTimeAsync(99);
    add('<p id="x"></p>');
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending)?.element).toBe(byId('x'));
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('watchTarget', () => {
  it('reports the new element when the target is removed and re-rendered later', async () => {
    add('<button id="t1" class="t"></button>');
    const calls: (Element | null)[] = [];
    const stop = watchTarget(document, ['.t'], byId('t1'), (next) => calls.push(next), { timeoutMs: 1000 });
    byId('t1').remove();
    await sleep(50);
    expect(calls).toEqual([]);
    add('<button id="t2" class="t"></button>');
    await sleep(50);
    expect(calls).toEqual([byId('t2')]);
    stop();
  });

  it('reports an element replaced within one task', async () => {
    add('<button id="t1" class="t"></button>');
    const calls: (Element | null)[] = [];
    const stop = watchTarget(document, ['.t'], byId('t1'), (next) => calls.push(next), { timeoutMs: 1000 });
    byId('t1').replaceWith(Object.assign(document.createElement('button'), { id: 't2', className: 't' }));
    await sleep(50);
    expect(calls).toEqual([byId('t2')]);
    stop();
  });

  it('with no current element: reports one already there at once, one added later, or null once at the timeout', async () => {
    add('<button id="here" class="h"></button>');
    const calls: (Element | null)[] = [];
    const stopHere = watchTarget(document, ['.h'], null, (next) => calls.push(next), { timeoutMs: 1000 });
    expect(calls).toEqual([byId('here')]);
    stopHere();
    vi.useFakeTimers();
    const later: (Element | null)[] = [];
    const stopLater = watchTarget(document, ['.later'], null, (next) => later.push(next), { timeoutMs: 1000 });
    add('<button id="l1" class="later"></button>');
    await vi.advanceTimersByTimeAsync(50);
    expect(later).toEqual([byId('l1')]);
    stopLater();
    const none: (Element | null)[] = [];
    watchTarget(document, ['.never'], null, (next) => none.push(next), { timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(999);
    expect(none).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(none).toEqual([null]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps following re-renders inside a shadow root', async () => {
    const shadow = shadowHost();
    add('<button id="t1" class="t"></button>', shadow);
    const calls: (Element | null)[] = [];
    const stop = watchTarget(document, ['.t'], byId('t1', shadow), (next) => calls.push(next), { timeoutMs: 1000 });
    byId('t1', shadow).remove();
    await sleep(20);
    add('<button id="t2" class="t"></button>', shadow);
    await sleep(20);
    byId('t2', shadow).remove();
    await sleep(20);
    add('<button id="t3" class="t"></button>', shadow);
    await sleep(20);
    expect(calls.map((el) => el?.id)).toEqual(['t2', 't3']);
    stop();
  });

  it('does not report the same element coming back', async () => {
    add('<button id="t1" class="t"></button><div id="box"></div>');
    const el = byId('t1');
    const calls: (Element | null)[] = [];
    const stop = watchTarget(document, ['.t'], el, (next) => calls.push(next), { timeoutMs: 100 });
    el.remove();
    await sleep(30);
    byId('box').append(el);
    await sleep(150);
    expect(calls).toEqual([]);
    stop();
  });

  it('reports null once when the target does not come back in time, then stops watching', async () => {
    add('<button id="t1" class="t"></button>');
    const calls: (Element | null)[] = [];
    watchTarget(document, ['.t'], byId('t1'), (next) => calls.push(next), { timeoutMs: 100 });
    byId('t1').remove();
    await sleep(60);
    expect(calls).toEqual([]);
    await sleep(100);
    expect(calls).toEqual([null]);
    add('<button class="t"></button>');
    await sleep(50);
    expect(calls).toEqual([null]);
  });

  it('stops calling back after stop(), and leaves no timer behind', async () => {
    vi.useFakeTimers();
    add('<button id="t1" class="t"></button>');
    const calls: (Element | null)[] = [];
    const stop = watchTarget(document, ['.t'], byId('t1'), (next) => calls.push(next), { timeoutMs: 1000 });
    byId('t1').remove();
    await vi.advanceTimersByTimeAsync(50); // the removal is seen: a timeout is pending
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    stop();
    expect(vi.getTimerCount()).toBe(0);
    add('<button class="t"></button>');
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('countMatches (touchpoint check: ambiguous targets)', () => {
  it('counts matches in the document, open shadow roots and same-origin frames; 0 for an invalid selector', () => {
    add('<li class="row">a</li><li class="row">b</li>');
    shadowHost('open').innerHTML = '<li class="row">c</li>';
    shadowHost('closed').innerHTML = '<li class="row">hidden</li>';
    frame().body.innerHTML = '<li class="row">d</li>';
    expect(countMatches(document, '.row')).toBe(4);
    expect(countMatches(document, '.none')).toBe(0);
    expect(countMatches(document, 'li[')).toBe(0);
  });

  it("never looks inside Touchpoint's own shadow roots (our widgets are no targets, and no matches)", () => {
    const ours = document.createElement('touchpoint-ui');
    document.body.append(ours);
    ours.attachShadow({ mode: 'open' }).innerHTML = '<button class="primary">Next</button>';
    expect(resolveTarget(document, ['button.primary'])).toBeNull();
    add('<button class="primary">Save</button>');
    expect(countMatches(document, 'button.primary')).toBe(1);
  });
});
