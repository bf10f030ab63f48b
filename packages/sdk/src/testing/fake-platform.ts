import { randomUUID } from 'node:crypto';
import type { ElementDescriptor } from '@touchpoint/content';
import type { Platform } from '../platform.js';

/** What the fake network saw: one entry per request. */
export interface SentRequest {
  url: string;
  body: { batch: Array<Record<string, any>>; writeKey: string; sentAt: string; dropped?: number; droppedBy?: Record<string, number> };
  keepalive: boolean;
  /** Time of the request by the (fake) clock. */
  at: number;
}

/** A request armed with fetchLater: what the browser would send if the page died now. */
export interface ArmedRequest {
  url: string;
  body: SentRequest['body'];
  signal: AbortSignal;
}

export type Responder = (request: SentRequest) => Response | 'network-error';

/** A localStorage stand-in. `failWrites` makes it behave as a full one; `failAll` as a forbidden one. */
export class MemoryStorage implements Storage {
  private map = new Map<string, string>();
  failWrites = false;
  failAll = false;
  get length() {
    this.check();
    return this.map.size;
  }
  key(i: number) {
    this.check();
    return [...this.map.keys()][i] ?? null;
  }
  getItem(key: string) {
    this.check();
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.check();
    if (this.failWrites) throw new DOMException('quota exceeded', 'QuotaExceededError');
    this.map.set(key, String(value));
  }
  removeItem(key: string) {
    this.check();
    this.map.delete(key);
  }
  clear() {
    this.map.clear();
  }
  private check() {
    if (this.failAll) throw new DOMException('access denied', 'SecurityError');
  }
}

/**
 * A {@link Platform} for unit tests: timers and clock are the global ones (fake them with
 * vi.useFakeTimers), the network is a function you choose, and browser happenings
 * (online, exit, navigate) are fired by hand.
 */
export function fakePlatform(options: { storage?: Storage | undefined; url?: string; fetchLater?: boolean } = {}) {
  const requests: SentRequest[] = [];
  const armed: ArmedRequest[] = [];
  const listeners = { online: new Set<() => void>(), exit: new Set<() => void>(), navigate: new Set<() => void>() };
  const clickListeners = new Set<(path: ElementDescriptor[]) => void>();
  const state = {
    online: true,
    url: options.url ?? 'https://app.example.com/app/home?tab=1#top',
    title: 'Home',
    respond: (() => new Response('{}', { status: 200 })) as Responder,
  };
  const storage = 'storage' in options ? options.storage : new MemoryStorage();
  const session = new MemoryStorage();
  const platform: Platform = {
    now: () => Date.now(),
    random: () => 0.5,
    uuid: () => randomUUID(),
    storage: () => storage,
    session: () => session,
    replaceHash(hash) {
      const u = new URL(state.url);
      u.hash = hash;
      state.url = u.href;
    },
    async fetch(url, init) {
      // A GET (the content) has no body: `{}` stands for it.
      const request: SentRequest = { url, body: JSON.parse(String(init.body ?? '{}')), keepalive: !!init.keepalive, at: Date.now() };
      requests.push(request);
      const response = state.respond(request);
      if (response === 'network-error') throw new TypeError('Failed to fetch');
      return response;
    },
    ...(options.fetchLater && {
      fetchLater(url: string, init: RequestInit) {
        armed.push({ url, body: JSON.parse(String(init.body)), signal: init.signal! });
      },
    }),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
    online: () => state.online,
    document: () => undefined,
    page() {
      const u = new URL(state.url);
      return { url: u.href, path: u.pathname, search: u.search, hash: u.hash, title: state.title, referrer: '' };
    },
    environment: () => ({ userAgent: 'test', locale: 'en-US', timezone: 'UTC', screen: { width: 1280, height: 800 } }),
    on(kind, fn) {
      listeners[kind].add(fn);
      return () => listeners[kind].delete(fn);
    },
    onClick(fn) {
      clickListeners.add(fn);
      return () => clickListeners.delete(fn);
    },
  };
  return {
    platform,
    storage,
    session,
    requests,
    /** What the browser would send if the page died now (with `fetchLater: true`). */
    pending: () => armed.filter((r) => !r.signal.aborted),
    state,
    fire: (kind: keyof typeof listeners) => listeners[kind].forEach((fn) => fn()),
    listenerCount: (kind: keyof typeof listeners) => listeners[kind].size,
    /** A user click whose element path the browser platform described as `path`. */
    click: (path: ElementDescriptor[]) => clickListeners.forEach((fn) => fn(path)),
    clickListenerCount: () => clickListeners.size,
    /** Every message the fake network received, in order. */
    messages: () => requests.flatMap((r) => r.body.batch ?? []),
  };
}
