/**
 * Picking an element of the app: the element under the pointer is outlined, a click picks
 * it, Esc cancels. While picking, the app sees no pointer or mouse event at all (they are
 * stopped in the capture phase at its windows, before its own handlers), so a click on a
 * link or a button picks it without running it. Works in open shadow roots (the event's
 * composed path starts at the real element) and in same-origin frames (each frame's window
 * is listened to). From the keyboard: arrows walk to the parent or first child of what is
 * outlined, Enter picks it.
 */

export interface PickerOptions {
  document: Document;
  /** True for our own elements (the builder's host): never outlined or picked, and their events pass. */
  ours(node: EventTarget): boolean;
  /** True for our elements that use the arrow keys and Enter themselves (text fields, the panel's move handle): those keys pass. */
  keepsKeys?(node: EventTarget): boolean;
  /** Outlines `rect` (in the top page's viewport) around `element`; null hides the outline. */
  outline(element: Element | null, rect: DOMRect | null): void;
  pick(element: Element): void;
  cancel(): void;
}

/** Every event a click is made of: none reaches the app while picking. */
const SWALLOWED = ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'click', 'dblclick', 'auxclick', 'contextmenu', 'touchstart', 'touchend'];

/** The windows to listen to: the top one and every same-origin frame inside it. */
function windowsOf(doc: Document): Window[] {
  const list: Window[] = [];
  const visit = (d: Document) => {
    if (d.defaultView) list.push(d.defaultView);
    for (const frame of d.querySelectorAll('iframe')) {
      try {
        if (frame.contentDocument) visit(frame.contentDocument);
      } catch {
        // Cross-origin: not ours to pick in.
      }
    }
  };
  visit(doc);
  return list;
}

/** `el`'s box in the top page's viewport: a frame's content is offset by the frame's own box and border. */
export function rectInTop(el: Element, top: Document): DOMRect {
  const r = el.getBoundingClientRect();
  let x = r.left;
  let y = r.top;
  for (let doc = el.ownerDocument; doc !== top; ) {
    const frame = doc.defaultView?.frameElement;
    if (!frame) break;
    const f = frame.getBoundingClientRect();
    x += f.left + frame.clientLeft;
    y += f.top + frame.clientTop;
    doc = frame.ownerDocument;
  }
  return new DOMRect(x, y, r.width, r.height);
}

/** Starts picking; returns what stops it (idempotent). */
export function startPicker(o: PickerOptions): () => void {
  let current: Element | null = null;
  const windows = windowsOf(o.document);
  const elementOf = (event: Event): Element | null => {
    const first = event.composedPath()[0];
    return first && (first as Node).nodeType === 1 ? (first as Element) : null;
  };
  const show = (el: Element | null) => {
    current = el;
    o.outline(el, el ? rectInTop(el, o.document) : null);
  };
  const isOurs = (event: Event) => event.composedPath().some((t) => o.ours(t));

  const hover = (event: Event) => {
    if (isOurs(event)) return;
    const el = elementOf(event);
    if (el && el !== current) show(el);
  };
  const swallow = (event: Event) => {
    if (isOurs(event)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (event.type !== 'click') return;
    const el = elementOf(event) ?? current;
    if (el) finish(() => o.pick(el));
  };
  const key = (event: KeyboardEvent) => {
    const first = event.composedPath()[0];
    if (event.key !== 'Escape' && first && o.keepsKeys?.(first)) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopImmediatePropagation();
      finish(o.cancel);
      return;
    }
    // Keys other than arrows and Enter (Tab, typing in our panel's fields) pass.
    if (event.key !== 'Enter' && !event.key.startsWith('Arrow')) return;
    if (!current && event.key === 'Enter') return;
    const from = current ?? o.document.body;
    const next = !current
      ? from
      : event.key === 'ArrowUp'
        ? from.parentElement
        : event.key === 'ArrowDown'
          ? from.firstElementChild
          : event.key === 'ArrowRight'
            ? from.nextElementSibling
            : event.key === 'ArrowLeft'
              ? from.previousElementSibling
              : undefined;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (next) show(next);
    else if (next === undefined && current) {
      const el = current;
      finish(() => o.pick(el));
    }
  };
  const options = { capture: true } as const;
  for (const w of windows) {
    w.addEventListener('pointermove', hover, options);
    w.addEventListener('mouseover', hover, options);
    for (const type of SWALLOWED) w.addEventListener(type, swallow, options);
    w.addEventListener('keydown', key, options);
  }
  let stopped = false;
  function stop() {
    if (stopped) return;
    stopped = true;
    for (const w of windows) {
      w.removeEventListener('pointermove', hover, options);
      w.removeEventListener('mouseover', hover, options);
      for (const type of SWALLOWED) w.removeEventListener(type, swallow, options);
      w.removeEventListener('keydown', key, options);
    }
    o.outline(null, null);
  }
  function finish(then: () => void) {
    stop();
    then();
  }
  return stop;
}
