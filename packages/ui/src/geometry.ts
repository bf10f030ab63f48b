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
}

/**
 * Calls `update` now, then in each animation frame in which what the placement depends on
 * changed: the target's box (it moved: a scroll of the page or of any container, a layout
 * shift, rows added above, a resize; or it appeared after having no box), its visible part,
 * the floating element's size, or the viewport's. Each frame reads first (boxes only: the
 * clipping ancestors are found once, and again when the target or the viewport changes
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
    const geometry = { visible: visibleRect(target, chain), width: floating.offsetWidth, height: floating.offsetHeight };
    const key = `${t.x} ${t.y} ${sized} ${JSON.stringify(geometry)}`;
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
