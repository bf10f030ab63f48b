import { describeElement, ELEMENT_PATH_LIMITS, type ElementDescriptor } from '@touchpoint/content';
import type { Platform } from './platform.js';
import { uuid } from './uuid.js';

/** The {@link Platform} of a real page. Every host-page access is guarded: a broken page never breaks the SDK. */
export function browserPlatform(): Platform {
  const w = window;
  // The time zone's name: the browser's own Temporal reads it at once (0.05 ms). Otherwise 3 s
  // later: a page's first Intl.DateTimeFormat costs it 10 to 25 ms (the zone data loads), which
  // must not delay the page nor its content, nor fall into an idle moment while the content is on
  // its way (an idle callback did: the answer then waited for it). A Temporal polyfill asks Intl
  // too, so only a native one counts: test() reads the function as its source,
  // `function timeZoneId() { [native code] }` (and a native one needs no `this`).
  let timezone: string | undefined;
  const read = (w as Window & { Temporal?: { Now?: { timeZoneId(): string } } }).Temporal?.Now?.timeZoneId;
  if (/native/.test(read as unknown as string)) timezone = read!();
  // (Intl is in every engine that runs this script.)
  else w.setTimeout(() => (timezone = Intl.DateTimeFormat().resolvedOptions().timeZone), 3000);
  const listen = (target: EventTarget, type: string, fn: (event: Event) => void, capture?: boolean) => {
    target.addEventListener(type, fn, capture);
    return () => target.removeEventListener(type, fn, capture);
  };
  return {
    now: () => Date.now(),
    random: () => Math.random(),
    uuid,
    storage() {
      try {
        return w.localStorage ?? undefined;
      } catch {
        // Sandboxed iframes and some privacy modes throw on the mere access.
        return undefined;
      }
    },
    session() {
      try {
        return w.sessionStorage ?? undefined;
      } catch {
        return undefined;
      }
    },
    replaceHash(hash) {
      try {
        const l = w.location;
        w.history.replaceState(w.history.state, '', l.pathname + l.search + hash);
      } catch {
        // A page that forbids it keeps its URL; the token then stays visible, nothing breaks.
      }
    },
    // Looked up on each call: the host may wrap fetch after we load.
    fetch: (url, init) => w.fetch(url, init),
    fetchLater: (w as Window & { fetchLater?: Platform['fetchLater'] }).fetchLater?.bind(w),
    setTimeout: w.setTimeout.bind(w),
    clearTimeout: w.clearTimeout.bind(w) as Platform['clearTimeout'],
    online: () => w.navigator.onLine !== false,
    document: () => document,
    page() {
      const l = w.location;
      return { url: l.href, path: l.pathname, search: l.search, hash: l.hash, title: document.title, referrer: document.referrer };
    },
    environment() {
      const n = w.navigator;
      return {
        userAgent: n.userAgent,
        locale: n.language,
        // (Read when each message is made: without a native Temporal, none in the first 3 s.)
        get timezone() {
          return timezone;
        },
        screen: { width: w.screen.width, height: w.screen.height },
      };
    },
    on(kind, fn) {
      if (kind === 'online') return listen(w, 'online', fn);
      if (kind === 'exit') {
        const offHidden = listen(document, 'visibilitychange', () => document.visibilityState === 'hidden' && fn());
        const offHide = listen(w, 'pagehide', fn);
        return () => (offHidden(), offHide());
      }
      return watchHistory(fn, listen);
    },
    onClick(fn) {
      // Capture phase: a host handler that stops propagation does not hide the click.
      const listener = (event: Event) => {
        const path: ElementDescriptor[] = [];
        for (const node of event.composedPath()) {
          const el = node as Element;
          if (typeof el.localName !== 'string' || !el.classList) continue;
          if (el.localName === 'touchpoint-ui') return;
          if (el.localName === 'body' || el.localName === 'html' || path.length === ELEMENT_PATH_LIMITS.depth) break;
          path.push(describeElement(el));
        }
        if (path.length) fn(path);
      };
      return listen(document, 'click', listener, true);
    },
  };
}

/**
 * SPA navigation without polling: `popstate` and `hashchange` cover back/forward and
 * anchors; `pushState`/`replaceState` emit no event, so they are wrapped. The wrapper
 * calls the original first, returns what it returns, and keeps no behaviour of its own
 * once unsubscribed (another script may have wrapped on top of it, so it cannot always
 * be taken off).
 */
function watchHistory(fn: () => void, listen: (t: EventTarget, type: string, fn: () => void) => () => void): () => void {
  const h = history;
  let active = true;
  const wrap = (name: 'pushState' | 'replaceState') => {
    const original = h[name];
    const wrapper = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      if (active) {
        try {
          fn();
        } catch {
          // Never let our listener break the host's navigation.
        }
      }
      return result;
    };
    h[name] = wrapper;
    return () => {
      if (h[name] === wrapper) h[name] = original;
    };
  };
  const offs = [wrap('pushState'), wrap('replaceState'), listen(window, 'popstate', fn), listen(window, 'hashchange', fn)];
  return () => {
    active = false;
    offs.forEach((off) => off());
  };
}
