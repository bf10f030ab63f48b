import { autoUpdate } from '@floating-ui/dom';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Calls `update` now, then whenever `target` may have moved or changed size, until the returned
 * stop function is called: on scroll in any of its (or `floating`'s) ancestors, on window resize,
 * when `floating` resizes, and in every animation frame in which the target's box differs from
 * the last. The frame check is the one that cannot miss: floating-ui's default layout-shift
 * watch is an IntersectionObserver fitted around the box the target has when watching starts,
 * so a target that appears with no box (sliding open, scaling in, shown after `display: none`)
 * is never watched, and each later move (rows added above it) went unnoticed until a scroll.
 * Its cost is one `getBoundingClientRect` a frame while a step shows.
 */
export function follow(target: Element, floating: HTMLElement, update: () => void): () => void {
  return autoUpdate(target, floating, update, { animationFrame: true, layoutShift: false });
}

const CLIPS = /(hidden|scroll|auto|clip)/;

/**
 * The part of `element` a user can see, in the top window's viewport coordinates: its box
 * clipped by every clipping or scrolling ancestor (across shadow roots and same-origin
 * iframes) and by each viewport. Null when none of it is visible. Fixed elements are not
 * clipped by their scrolling ancestors, as in the browser.
 */
export function visibleRect(element: Element): Rect | null {
  let r = box(element.getBoundingClientRect());
  let current: Element = element;
  for (;;) {
    const win = current.ownerDocument.defaultView;
    if (!win) return null;
    let fixed = win.getComputedStyle(current).position === 'fixed';
    for (let a = parentOf(current); a && !fixed; a = parentOf(a)) {
      const style = win.getComputedStyle(a);
      if (CLIPS.test(style.overflowX + style.overflowY)) {
        const b = a.getBoundingClientRect();
        r = intersect(r, { x: b.left + a.clientLeft, y: b.top + a.clientTop, width: a.clientWidth, height: a.clientHeight });
      }
      fixed = style.position === 'fixed';
    }
    r = intersect(r, { x: 0, y: 0, width: win.innerWidth, height: win.innerHeight });
    let frame: Element | null = null;
    try {
      frame = win.frameElement;
    } catch {
      // A cross-origin parent: nothing more we may know.
    }
    if (!frame) break;
    const f = frame.getBoundingClientRect();
    r = { ...r, x: r.x + f.left + frame.clientLeft, y: r.y + f.top + frame.clientTop };
    current = frame;
  }
  return r.width > 0 && r.height > 0 ? r : null;
}

function parentOf(element: Element): Element | null {
  if (element.parentElement) return element.parentElement;
  // Crossing out of a shadow root: its host is the next box up.
  return (element.getRootNode() as ShadowRoot).host ?? null;
}

function box(r: DOMRect): Rect {
  return { x: r.left, y: r.top, width: r.width, height: r.height };
}

function intersect(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x), height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y) };
}

/** The spotlight's shape: the whole viewport, minus a rounded hole around `hole` (evenodd fill). */
export function spotlightPath(hole: Rect | null, width: number, height: number, padding = 6, radius = 8): string {
  const outer = `M0 0H${width}V${height}H0Z`;
  if (!hole) return outer;
  const x = hole.x - padding;
  const y = hole.y - padding;
  const w = hole.width + padding * 2;
  const h = hole.height + padding * 2;
  const r = Math.min(radius, w / 2, h / 2);
  const arc = `A${r} ${r} 0 0 1`;
  return `${outer}M${x + r} ${y}H${x + w - r}${arc} ${x + w} ${y + r}V${y + h - r}${arc} ${x + w - r} ${y + h}H${x + r}${arc} ${x} ${y + h - r}V${y + r}${arc} ${x + r} ${y}Z`;
}
