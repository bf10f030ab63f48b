import type { ElementDescriptor } from '@touchpoint/content';

/**
 * Everything the runtime needs from the browser, as a few small functions. The runtime
 * never touches `window` or `document` itself, so its logic runs in unit tests with a
 * fake platform and in the browser with {@link browserPlatform}.
 */
export interface Platform {
  /** Milliseconds since the epoch. */
  now(): number;
  /** A number in [0, 1). */
  random(): number;
  /** A fresh v4 UUID. */
  uuid(): string;
  /** The page's localStorage, or undefined when there is none or reaching it throws. */
  storage(): Storage | undefined;
  /** The tab's sessionStorage (what lasts for this tab only), or undefined as for `storage`. */
  session(): Storage | undefined;
  /** Replaces the URL's fragment without a navigation or a history entry. */
  replaceHash(hash: string): void;
  fetch(url: string, init: RequestInit): Promise<Response>;
  /**
   * A request the browser itself sends when the page is gone, even when the page never ran
   * its exit handlers (`fetchLater`); aborted with `init.signal`. Throws over the browser's
   * quota. Missing where the browser has no such request.
   */
  fetchLater?(url: string, init: RequestInit): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  /** False only when the browser knows it is offline. */
  online(): boolean;
  /** The page's document, for tours; undefined where there is none (tests, workers). */
  document(): Document | undefined;
  /** What a `page` call and each message's context describe. */
  page(): PageInfo;
  environment(): EnvironmentInfo;
  /**
   * Subscribes to a browser happening; returns the unsubscribe function.
   * - `online`: the network came back.
   * - `exit`: the page is being hidden or unloaded, the last moment to send anything.
   * - `navigate`: the URL changed without a full load (History API, back/forward, hash).
   */
  on(kind: 'online' | 'exit' | 'navigate', fn: () => void): () => void;
  /**
   * Subscribes to the user's clicks anywhere in the page (open shadow roots included, our own
   * UI excluded), each described as privacy-safe element descriptors, clicked element first.
   */
  onClick(fn: (path: ElementDescriptor[]) => void): () => void;
}

export interface PageInfo {
  url: string;
  path: string;
  search: string;
  hash: string;
  title: string;
  referrer: string;
}

export interface EnvironmentInfo {
  userAgent: string;
  locale: string;
  /** The IANA zone; without the browser's own Temporal, none in the first 3 s (see browser-platform). */
  timezone?: string;
  screen: { width: number; height: number };
}
