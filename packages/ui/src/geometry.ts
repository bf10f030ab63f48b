export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One document level of a target's way up: the ancestors that clip it there, and the frame that holds that document (null at the top). */
interface Level {
  win: Window;
  clips: Element[];
  frame: Element | null;
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
    let fixed = win.getComputedStyle(current).position === 'fixed';
    for (let a = parentOf(current); a && !fixed; a = parentOf(a)) {
      const style = win.getComputedStyle(a);
      if (CLIPS.test(style.overflowX + style.overflowY)) clips.push(a);
      fixed = style.position === 'fixed';
    }
    let frame: Element | null = null;
    try {
      frame = win.frameElement;
    } catch {
      // A cross-origin parent: nothing more we may know.
    }
    levels.push({ win, clips, frame });
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
  let r = box(element.getBoundingClientRect());
  for (const { win, clips, frame } of chain) {
    for (const a of clips) {
      const b = a.getBoundingClientRect();
      r = intersect(r, { x: b.left + a.clientLeft, y: b.top + a.clientTop, width: a.clientWidth, height: a.clientHeight });
    }
    r = intersect(r, { x: 0, y: 0, width: win.innerWidth, height: win.innerHeight });
    if (!frame) break;
    const f = frame.getBoundingClientRect();
    r = { ...r, x: r.x + f.left + frame.clientLeft, y: r.y + f.top + frame.clientTop };
  }
  return r.width > 0 && r.height > 0 ? r : null;
}

/** What a step's placement depends on, measured once in a frame (before anything is written). */
export interface Geometry {
  /** The target's visible part (see visibleRect); null when none of it is. */
  visible: Rect | null;
  /** The floating element's size. */
  width: number;
  height: number;
  /**
   * Where the floating element's containing block starts, in viewport coordinates: a position
   * in it is a viewport position minus this. In the top layer that block scrolls with the page.
   */
  origin: { x: number; y: number };
}

/**
 * Calls `update` now, then in each animation frame in which what the placement depends on
 * changed: the target's box (it moved: a scroll of any container, a layout shift, rows added
 * above, a resize; or it appeared after having no box), its visible part, the floating
 * element's size, or the viewport's. Boxes count relative to the floating element's
 * containing block: while the page scrolls, a target that scrolls with it keeps its place
 * there, and nothing is written: the browser scrolls what we placed with the page, as it
 * does the page itself. Unless the floating element no longer fits the viewport: then it
 * follows every scroll, so that flip and shift can bring it back (placed again, it stays on
 * the side it moved to until that side no longer fits). Each frame reads first (boxes only:
 * the clipping ancestors are found once, and again when the target or the viewport changes
 * size), and `update` writes after, so our writes never force an extra layout; a frame in
 * which nothing changed writes nothing. Stops when the returned function is called.
 */
export function follow(target: Element, floating: HTMLElement, update: (geometry: Geometry) => void): () => void {
  let chain: Level[] | undefined;
  let size = '';
  let last = '';
  let frame = 0;
  const tick = () => {
    const t = target.getBoundingClientRect();
    const sized = `${t.width} ${t.height} ${innerWidth} ${innerHeight}`;
    if (sized !== size) chain = undefined;
    size = sized;
    chain ??= clipChain(target);
    // (No offset parent when fixed, or without a top layer, where the layer is fixed: viewport coordinates.)
    const { x, y } = floating.offsetParent?.getBoundingClientRect() ?? { x: 0, y: 0 };
    const f = floating.getBoundingClientRect();
    const out = f.left < 0 || f.top < 0 || f.right > innerWidth || f.bottom > innerHeight;
    const visible = visibleRect(target, chain);
    const geometry = { visible, width: floating.offsetWidth, height: floating.offsetHeight, origin: { x, y } };
    const seen = visible && [visible.x - x, visible.y - y, visible.width, visible.height];
    const key = `${t.x - x} ${t.y - y} ${sized} ${seen} ${geometry.width} ${geometry.height} ${out && `${x} ${y}`}`;
    if (key !== last) update(geometry);
    last = key;
    frame = requestAnimationFrame(tick);
  };
  tick();
  return () => cancelAnimationFrame(frame);
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

/** Where the spotlight's SVG goes in the layer, and its path: in the layer's coordinates (see Geometry.origin). */
export interface SpotlightBox {
  x: number;
  y: number;
  width: number;
  height: number;
  d: string;
}

/**
 * The spotlight around `hole` (the target's visible part, in viewport coordinates): a box
 * reaching a viewport's width and height beyond the hole on every side, minus a rounded hole
 * (evenodd fill). Placed in the layer, it scrolls with the page and still covers the viewport
 * wherever the page scrolls while any of the hole shows: nothing to redraw meanwhile. Without
 * a hole: null (the caller covers the viewport itself).
 */
export function spotlightBox(
  hole: Rect | null,
  origin: { x: number; y: number },
  viewWidth: number,
  viewHeight: number,
  padding = 6,
  radius = 8,
): SpotlightBox | null {
  if (!hole) return null;
  const w = hole.width + padding * 2;
  const h = hole.height + padding * 2;
  const width = w + viewWidth * 2;
  const height = h + viewHeight * 2;
  const x = viewWidth;
  const y = viewHeight;
  const r = Math.min(radius, w / 2, h / 2);
  const arc = `A${r} ${r} 0 0 1`;
  return {
    x: hole.x - padding - origin.x - viewWidth,
    y: hole.y - padding - origin.y - viewHeight,
    width,
    height,
    d: `${COVER}M${x + r} ${y}H${x + w - r}${arc} ${x + w} ${y + r}V${y + h - r}${arc} ${x + w - r} ${y + h}H${x + r}${arc} ${x} ${y + h - r}V${y + r}${arc} ${x + r} ${y}Z`,
  };
}

/** A path covering any SVG box it is drawn in (the SVG clips what overflows it). */
export const COVER = 'M0 0H1e5V1e5H0Z';
