export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * One document level of a target's way up: the ancestors that clip it there, the frame that
 * holds that document (null at the top), and whether it is pinned there (it or an ancestor is
 * fixed or sticky: it may stay put in the viewport while the document scrolls).
 */
interface Level {
  win: Window;
  clips: Element[];
  frame: Element | null;
  pinned: boolean;
}

const CLIPS = /(hidden|scroll|auto|clip)/;

/**
 * The elements that clip `element` (overflow other than visible), document by document up
 * through same-origin frames; above a fixed element its scrolling ancestors no longer clip
 * it, as in the browser. Read once (a `getComputedStyle` per ancestor), then reused for
 * every frame: styles do not change when the page scrolls.
 */
export function clipChain(element: Element): Level[] {
  const levels: Level[] = [];
  let current: Element = element;
  for (;;) {
    const win = current.ownerDocument.defaultView;
    if (!win) return levels;
    const clips: Element[] = [];
    let fixed = false;
    let pinned = false;
    // The element itself, then its ancestors up to the first fixed one (which clip it).
    for (let a: Element | null = current; a && !fixed; a = parentOf(a)) {
      const style = win.getComputedStyle(a);
      if (a !== current && CLIPS.test(style.overflowX + style.overflowY)) clips.push(a);
      fixed = style.position === 'fixed';
      pinned ||= fixed || style.position === 'sticky';
    }
    let frame: Element | null = null;
    try {
      frame = win.frameElement;
    } catch {
      // A cross-origin parent: nothing more we may know.
    }
    levels.push({ win, clips, frame, pinned });
    if (!frame) return levels;
    current = frame;
  }
}

/**
 * The part of `element` a user can see, in the top window's viewport coordinates: its box
 * clipped by every clipping or scrolling ancestor (across shadow roots and same-origin
 * iframes) and by each viewport. Null when none of it is visible. `chain`: its clipChain,
 * when the caller keeps it (only boxes are read then: no style).
 */
export function visibleRect(element: Element, chain = clipChain(element)): Rect | null {
  return measure(chain, element.getBoundingClientRect()).visible;
}

/** A box (`rect`, in its own document's viewport; `chain`: its element's clipChain) in the top window's viewport coordinates, unclipped, and its visible part (see visibleRect). */
function measure(chain: Level[], rect: DOMRect): { box: Rect; visible: Rect | null } {
  let r = box(rect);
  const whole = { ...r };
  for (const { win, clips, frame } of chain) {
    for (const a of clips) {
      const b = a.getBoundingClientRect();
      r = intersect(r, { x: b.left + a.clientLeft, y: b.top + a.clientTop, width: a.clientWidth, height: a.clientHeight });
    }
    r = intersect(r, { x: 0, y: 0, width: win.innerWidth, height: win.innerHeight });
    if (!frame) break;
    const f = frame.getBoundingClientRect();
    const dx = f.left + frame.clientLeft;
    const dy = f.top + frame.clientTop;
    r = { ...r, x: r.x + dx, y: r.y + dy };
    whole.x += dx;
    whole.y += dy;
  }
  return { box: whole, visible: r.width > 0 && r.height > 0 ? r : null };
}

/**
 * Where a floating element is placed: in the layer (the top-layer box we draw in, whose corner
 * is at `origin` in the viewport; it scrolls with the document, and so does what is placed in
 * it), or `fixed` in the viewport (origin 0,0) when the target is pinned to the viewport.
 */
export interface Space {
  fixed: boolean;
  origin: { x: number; y: number };
  /**
   * Where the document scrolls, in the layer's coordinates: what is placed in the layer stays
   * inside it (beyond, the page would scroll further). Horizontally it spans both sides a page in
   * horizontal writing can overflow, left of the window (right-to-left) and right of it (any
   * other): the side a page does not scroll to is never reached, so covering it costs nothing.
   * (Vertically, only downwards: a page that overflows upwards, in a vertical writing mode whose
   * lines run upwards, is not covered above the window.)
   */
  page: { x: number; width: number; height: number };
}

/** What a step's placement depends on, measured once in a frame (before anything is written). */
export interface Geometry {
  /** The target's visible part (see visibleRect); null when none of it is. */
  visible: Rect | null;
  /** The floating element's size. */
  width: number;
  height: number;
  space: Space;
}

/**
 * Calls `update` now, then in each animation frame in which what the placement depends on
 * changed: the target's box (it moved: a scroll of any container, a layout shift, rows added
 * above, a resize; or it appeared after having no box), its visible part, the floating
 * element's size, or the viewport's. Boxes count in the floating element's space: while the
 * page scrolls, a target that scrolls with it keeps its place in the layer, and nothing is
 * written (the browser scrolls what we placed with the page); a target in a fixed or sticky
 * element is followed in the viewport, where what we place is fixed too. With `margin`: while
 * the floating element comes closer than that to the viewport's edge, it follows every scroll,
 * so that flip and shift can place it again (it then stays on the side it moved to until that
 * side no longer fits). Each frame reads first (boxes only: the clipping ancestors are found
 * once, and again when the target or the viewport changes size), and `update` writes after, so
 * our writes never force an extra layout; a frame in which nothing changed writes nothing.
 * Stops when the returned function is called.
 */
export function follow(target: Element, floating: HTMLElement, update: (geometry: Geometry) => void, margin?: number): () => void {
  // The top-layer box we draw in (also without top-layer support, where it is fixed at the viewport's corner).
  const layer = floating.closest('[popover]');
  let chain: Level[] | undefined;
  let size: number[] = [];
  let last: number[] = [];
  let frame = 0;
  const tick = () => {
    const t = target.getBoundingClientRect();
    const sized = [t.width, t.height, innerWidth, innerHeight];
    if (!same(sized, size)) chain = undefined;
    size = sized;
    chain ??= clipChain(target);
    const fixed = !!chain[chain.length - 1]?.pinned;
    const { x, y } = (!fixed && layer?.getBoundingClientRect()) || { x: 0, y: 0 };
    // (The scrolling size counts what we place too: the spotlight is never bigger than it was.)
    const { scrollWidth, scrollHeight, clientWidth, clientHeight } = document.documentElement;
    const { box, visible } = measure(chain, t);
    let out = false;
    // (Not before the first update has placed it: where it waits meanwhile says nothing.)
    if (margin !== undefined && last.length) {
      const f = floating.getBoundingClientRect();
      out = f.left < margin || f.top < margin || f.right > clientWidth - margin || f.bottom > clientHeight - margin;
    }
    const geometry = {
      visible,
      width: floating.offsetWidth,
      height: floating.offsetHeight,
      space: { fixed, origin: { x, y }, page: { x: clientWidth - scrollWidth, width: 2 * scrollWidth - clientWidth, height: scrollHeight } },
    };
    // Numbers, compared as numbers: a string key made each frame would be garbage each frame.
    const seen = visible ? [visible.x - x, visible.y - y, visible.width, visible.height] : [-1];
    const now = [
      box.x - x,
      box.y - y,
      ...sized,
      ...seen,
      geometry.width,
      geometry.height,
      +fixed,
      scrollWidth,
      scrollHeight,
      clientWidth,
      out ? x : 0,
      out ? y : 0,
      +out,
    ];
    // (Not while the page has no body, as while an app swaps it: floating-ui reads the body's style.)
    if (!same(now, last) && document.body) {
      update(geometry);
      last = now;
    }
    frame = requestAnimationFrame(tick);
  };
  tick();
  return () => cancelAnimationFrame(frame);
}

const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

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

/**
 * The spotlight's shape: whatever box it is drawn in (the SVG clips what overflows), minus a
 * rounded hole around `hole` (evenodd fill), in that box's coordinates.
 */
export function spotlightPath(hole: Rect | null, padding = 6, radius = 8): string {
  // (Ten million pixels: longer than any page's scrolling height.)
  const outer = 'M0 0H1e7V1e7H0Z';
  if (!hole) return outer;
  const x = hole.x - padding;
  const y = hole.y - padding;
  const w = hole.width + padding * 2;
  const h = hole.height + padding * 2;
  const r = Math.min(radius, w / 2, h / 2);
  const arc = `A${r} ${r} 0 0 1`;
  return `${outer}M${x + r} ${y}H${x + w - r}${arc} ${x + w} ${y + r}V${y + h - r}${arc} ${x + w - r} ${y + h}H${x + r}${arc} ${x} ${y + h - r}V${y + r}${arc} ${x + r} ${y}Z`;
}
