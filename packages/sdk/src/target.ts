/** Where to search: the top document by default. */
export interface TargetScope {
  document: Document;
}

/** A tree that `querySelector` searches without crossing into shadow roots or frames. */
type Tree = Document | ShadowRoot;
type Found = { element: Element; selector: string };

const OBSERVE: MutationObserverInit = { subtree: true, childList: true, attributes: true };

/** Touchpoint's own nodes (`<touchpoint-ui>`, the team tools' `<touchpoint-…>`): never targets, never watched. */
const ours = (node: Node): boolean | undefined => (node as Element).localName?.startsWith('touchpoint-');

/**
 * Every open shadow root under `root`, depth-first in document order (closed ones read as
 * null), except Touchpoint's own (`<touchpoint-ui>`, the team tools' `<touchpoint-…>`): a
 * tour never points at itself, and `touchpoint check` never counts our widgets as matches.
 */
function* shadowRoots(root: Tree): Generator<ShadowRoot> {
  for (const el of root.querySelectorAll('*')) {
    const shadow = el.shadowRoot;
    if (shadow && !ours(el)) {
      yield shadow;
      yield* shadowRoots(shadow);
    }
  }
}

/** The trees to search, lazily, in queryDeep's order: the document, its shadow roots, then its frames (recursively). */
function* trees(doc: Document): Generator<Tree> {
  const seen: Tree[] = [doc];
  yield doc;
  for (const shadow of shadowRoots(doc)) {
    seen.push(shadow);
    yield shadow;
  }
  // Frames inside shadow roots count too: they belong to the page as much as the others.
  for (const tree of seen) {
    for (const frame of tree.querySelectorAll('iframe')) {
      let inner: Document | null = null;
      try {
        inner = frame.contentDocument; // null (or a throw, in some engines) when cross-origin
      } catch {
        // Cross-origin: not ours to search.
      }
      if (inner) yield* trees(inner);
    }
  }
}

/** The trees queryDeep searches, in its order: the document, its open shadow roots, then same-origin frames. */
export function searchTrees(root: Document): Array<Document | ShadowRoot> {
  return [...trees(root)];
}

function find(list: () => Iterable<Tree>, selectors: readonly string[]): Found | null {
  for (const selector of selectors) {
    try {
      for (const tree of list()) {
        const element = tree.querySelector(selector);
        if (element) return { element, selector };
      }
    } catch {
      // An invalid selector throws a SyntaxError; for a tour it only means "not found".
    }
  }
  return null;
}

/**
 * Finds the first element matching `selector`: in the document first; then inside open
 * shadow roots, depth-first in document order (a selector matches within one shadow tree,
 * it does not span boundaries); then in same-origin iframes, recursively in the same order.
 * Closed shadow roots and cross-origin frames are skipped. Null when nothing matches or the
 * selector is invalid; never throws.
 */
export function queryDeep(root: Document, selector: string): Element | null {
  return find(() => trees(root), [selector])?.element ?? null;
}

/**
 * Every element `selector` matches wherever queryDeep looks, in queryDeep's order (so the
 * first is the one a step would point at). Empty when the selector is invalid; never throws.
 * `list`: the trees to search, when the caller already has them (see searchTrees).
 */
export function queryAllDeep(root: Document, selector: string, list: Iterable<Tree> = trees(root)): Element[] {
  const all: Element[] = [];
  try {
    for (const tree of list) all.push(...tree.querySelectorAll(selector));
  } catch {
    return [];
  }
  return all;
}

/** The first selector of the list (in order) that matches anywhere queryDeep looks, with its element; null when none does. */
export function resolveTarget(root: Document, selectors: readonly string[]): Found | null {
  return find(() => trees(root), selectors);
}

/**
 * How many elements `selector` matches everywhere queryDeep looks (the document, open shadow
 * roots, same-origin frames): more than one means the target is ambiguous, since the tour
 * points at the first and the author may have meant another. 0 for an invalid selector.
 */
export function countMatches(root: Document, selector: string): number {
  return queryAllDeep(root, selector).length;
}

/** The document's window when it has one (so fake timers and frames' realms apply), else the globals. */
function host(root: Document): Window & typeof globalThis {
  return root.defaultView ?? (globalThis as Window & typeof globalThis);
}

/** Whether `node` (added to the page) brings trees to search: an open shadow root or a frame, itself or inside (only the added subtree is walked). */
const holdsTrees = (node: Node): boolean =>
  node.nodeType === 1 && [node as Element, ...(node as Element).querySelectorAll('*')].some((el) => el.shadowRoot || el.localName === 'iframe');

/** A searched tree still in the page: a shadow root whose host is connected, a document whose frame was not removed. */
const alive = (tree: Tree): boolean => ('host' in tree ? tree.host.isConnected : !!tree.defaultView);

/**
 * While nothing matches, the whole page is walked again this often: a shadow root attached to
 * an element already in the page (a custom element defined late) makes no mutation to see.
 */
const REWALK_MS = 500;

/**
 * Observes every tree under `root` and calls `check` with the list of trees (queryDeep's
 * order), at most once per animation frame (or microtask without requestAnimationFrame).
 * `check` returns true when the watch is over, false when it found its target, undefined
 * when nothing matches.
 * The list is kept, not rebuilt per mutation: it is walked again only when added nodes bring
 * a shadow root or a frame, a searched tree left the page, or (while `check` finds nothing)
 * every REWALK_MS. Mutations of Touchpoint's own nodes are
 * ignored (our shadow roots are never observed): repositioning a step never wakes the
 * watch. `missing`: nothing matches yet (checks at once, which starts the walks every
 * REWALK_MS). `now` checks at once; `stop` is idempotent.
 */
function watch(root: Document, check: (list: Tree[]) => boolean | undefined, missing: boolean): { stop: () => void; now: () => void } {
  const w = host(root);
  const raf = typeof w.requestAnimationFrame === 'function';
  let list: Tree[] = [];
  let dirty = true;
  let rewalk: number | undefined;
  let stopped = false;
  let pending = false;
  let frame: number | undefined;
  const stop = (): void => {
    stopped = true;
    observer.disconnect();
    if (frame !== undefined) w.cancelAnimationFrame(frame);
    w.clearTimeout(rewalk);
  };
  const current = (): Tree[] => {
    if (!dirty && list.every(alive)) return list;
    dirty = false;
    list = [...trees(root)];
    // A document's observer does not see mutations inside shadow roots or frames. (Observing
    // a tree again only renews the same options.)
    for (const tree of list) observer.observe(tree, OBSERVE);
    return list;
  };
  const now = (): void => {
    if (frame !== undefined) w.cancelAnimationFrame(frame);
    frame = undefined;
    pending = false;
    if (stopped) return;
    const outcome = check(current());
    if (outcome) stop();
    // A frame's document that loaded since, or a shadow root attached without a mutation, is
    // found by the next walk.
    else if (outcome === undefined)
      rewalk ??= w.setTimeout(() => {
        rewalk = undefined;
        dirty = true;
        schedule();
      }, REWALK_MS);
  };
  function schedule(): void {
    if (pending || stopped) return;
    pending = true;
    if (raf) frame = w.requestAnimationFrame(now);
    else w.queueMicrotask(now);
  }
  const observer = new w.MutationObserver((records) => {
    for (const record of records) {
      // Our own host added, moved or changed (we never touch the page's nodes in the same call);
      // not the app's nodes removed with it (its whole body replaced).
      const nodes = [...record.addedNodes, ...record.removedNodes];
      if ((nodes[0] ? nodes : [record.target]).every(ours)) continue;
      dirty ||= [...record.addedNodes].some(holdsTrees);
      schedule();
    }
  });
  current();
  if (missing) now();
  return { stop, now };
}

/**
 * Waits for one of `selectors` to match (resolveTarget's order), up to `timeoutMs`. Resolves
 * at once when one already matches; otherwise re-checks on DOM mutations anywhere queryDeep
 * looks, at most once per animation frame. At the timeout it checks one last time (frames do
 * not run in background tabs) and resolves null if still nothing. An aborted `signal` resolves
 * null, even when the target is present. Never rejects; leaves no observer, listener or timer.
 */
export function waitForTarget(root: Document, selectors: readonly string[], options: { timeoutMs: number; signal?: AbortSignal }): Promise<Found | null> {
  const { timeoutMs, signal } = options;
  return new Promise((resolve) => {
    const now = signal?.aborted ? null : resolveTarget(root, selectors);
    if (now || signal?.aborted) return resolve(now);
    const w = host(root);
    const finish = (result: Found | null): void => {
      stop();
      w.clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      resolve(result);
    };
    const abort = (): void => finish(null);
    const timer = w.setTimeout(() => finish(resolveTarget(root, selectors)), timeoutMs);
    signal?.addEventListener('abort', abort);
    const { stop } = watch(
      root,
      (list) => {
        const found = find(() => list, selectors);
        if (found) finish(found);
        return found ? true : undefined;
      },
      true,
    );
  });
}

/**
 * Keeps a found target fresh: calls `onChange(next)` when the first matching selector now
 * matches another element (the app re-rendered it), or, once `current` is disconnected and
 * nothing matches, with the element that comes back within `timeoutMs`, or with null when
 * none does (the watch then ends). While `current` is connected and no selector matches any
 * more (say, a class was removed), it is kept: no call. The same element coming back is no
 * change. With `current` null it waits for the target first, as waitForTarget does, and
 * reports it (at once, from within this call, when it is already there). Returns a stop
 * function (idempotent) that disconnects everything.
 */
export function watchTarget(
  root: Document,
  selectors: readonly string[],
  current: Element | null,
  onChange: (next: Element | null) => void,
  options: { timeoutMs: number },
): () => void {
  const w = host(root);
  let timer: number | undefined;
  let expired = false;
  const cancel = (): void => {
    if (timer !== undefined) w.clearTimeout(timer);
    timer = undefined;
    expired = false;
  };
  const watcher = watch(
    root,
    (list) => {
      const found = find(() => list, selectors)?.element;
      const gone = !found && !current?.isConnected;
      if (!gone) cancel();
      if (found && found !== current) {
        current = found;
        onChange(found);
      } else if (gone && expired) {
        onChange(null);
        return true;
      } else if (gone && timer === undefined) {
        // Check once more at the deadline, not blindly report null: frames may be paused.
        timer = w.setTimeout(() => {
          timer = undefined;
          expired = true;
          watcher.now();
        }, options.timeoutMs);
      }
      return found ? false : undefined;
    },
    !current,
  );
  return () => {
    watcher.stop();
    cancel();
  };
}
