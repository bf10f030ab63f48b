import { ANONYMOUS_ID_KEY, MAX_ID_LENGTH, MAX_MESSAGE_BYTES, type ContentDocument, type Message, type MessageType } from '@touchpoint/content';
import { browserPlatform } from './browser-platform.js';
import { createDelivery } from './delivery.js';
import { createEmitter } from './emitter.js';
import type { FlowController, FlowControllerOptions, UIModule } from './flows.js';
import type { Happening } from './flow-engine.js';
import { createIdentity } from './identity.js';
import { profilePath } from './profile-path.js';
import { createOutbox, type QueuedMessage } from './outbox.js';
import type { PageInfo, Platform } from './platform.js';
import { cleanName, sanitizeObject } from './sanitize.js';
import { endSession, touchSession } from './session.js';
import { createStore } from './storage.js';
import { CONTENT, loadContent, type LoadedContent } from './content-source.js';
import { forgetTool, openTools, withoutTools, type ToolModule, type ToolName } from './tools.js';
import { createLaterSender, createSender } from './transport.js';
import { VERSION } from './version.js';

export interface TouchpointOptions {
  /** The project's write key (it can only write events). */
  key: string;
  /** The collector's base URL. @default the page's origin */
  host?: string;
  /** A content document to use instead of fetching it from the collector (`GET /v1/content`). */
  content?: ContentDocument;
  /** The user's locale for built-in strings and localized content. @default the browser's */
  locale?: string;
  /**
   * `"required"`: nothing is sent and nothing is stored in the browser until
   * `consent(true)`. The choice, once made, is remembered.
   * @default the published content's `settings.consent` ("granted" when it says nothing)
   */
  consent?: 'granted' | 'required';
  /**
   * Record each click as a privacy-safe element path (`Element Clicked`: tags, ids, classes,
   * `data-*`, `role`, `type`; never text or values), so features defined later count past
   * clicks. @default the content's `settings.captureClicks` (true when it says nothing)
   */
  captureClicks?: boolean;
  /** Log every dropped or trimmed input and every refused request to the console. @default false */
  debug?: boolean;
  /** Send a `page` on load and on each SPA navigation. @default true */
  autoPage?: boolean;
  /** Most messages in one request. @default 20 */
  flushAt?: number;
  /** Longest a message waits for its batch, in milliseconds. @default 2000 */
  flushInterval?: number;
  /** Most unsent messages kept (in storage) while offline; the oldest go first. @default 1000 */
  maxQueue?: number;
  /**
   * Loads the engine (what decides and shows flows) once there is content to run. The npm
   * build imports it (your bundler splits it off); the script tag imports `/sdk/engine.js`.
   */
  loadEngine?: () => Promise<EngineModule>;
  /** Loads the UI the first time something must show (`@touchpoint/ui`, or `/sdk/ui.js`). */
  loadUI?: () => Promise<UIModule>;
  /**
   * Loads a tool of the vendor's team (preview, builder, debugger) when the page's URL asks
   * for it (CONTRACT §7); the script tag imports `/sdk/<name>.js`. Without it, no tool opens.
   */
  loadTool?: (name: ToolName) => Promise<ToolModule>;
}

/** The lazily loaded engine module (`./engine.ts`, or `/sdk/engine.js` for the script tag). */
export interface EngineModule {
  createFlowController(options: FlowControllerOptions): FlowController;
}

/** Lifecycle payloads are the event's properties. */
export type LifecycleHandler = (properties: Record<string, unknown>) => void;

/** The runtime API (CONTRACT §3). No method ever throws, whatever it is given. */
export interface Touchpoint {
  /** `options.userHash`: HMAC-SHA256 of the user id with the secret key, when the project verifies identities. */
  identify(userId?: string | number | null | Record<string, unknown>, traits?: Record<string, unknown>, options?: { userHash?: string }): void;
  group(accountId: string | number, traits?: Record<string, unknown>): void;
  track(event: string, properties?: Record<string, unknown>): void;
  page(properties?: Record<string, unknown>): void;
  reset(): void;
  startFlow(flowId: string): void;
  show(contentId: string): void;
  dismiss(): void;
  on(name: string, handler: LifecycleHandler): () => void;
  variant(experimentId: string): string | null;
  explain(contentId: string): { eligible: boolean; reasons: string[] };
  openResourceCenter(query?: string): void;
  /**
   * Shows the project's draft in this tab (CONTRACT §7) with a preview token from
   * `POST /v1/preview`, or with `null` goes back to the published content. The tab keeps the
   * token across reloads and navigation (in its session storage: where a sandboxed frame has
   * none, use a `#touchpoint-preview=TOKEN` link); the page reloads at once to run the content asked for.
   */
  preview(token: string | null): void;
  consent(granted: boolean): void;
  /** Sends what is queued now; resolves when the collector has answered. Never rejects. */
  flush(): Promise<void>;
  /** Runs `fn` once the runtime and its content are loaded. */
  ready(fn: () => void): void;
  /** Removes every listener and timer (the queue stays stored for the next page). */
  destroy(): void;
}

const CONSENT = 'tp.consent';
const MAX_URL_LENGTH = 2048;
/** The page's URL parts and title as sent: clipped, so a page's own text never makes its events too big. */
const clip = (info: PageInfo): PageInfo => {
  const out = { ...info };
  // Own keys only: a page may have added enumerable ones to Object.prototype (old libraries' extend).
  for (const key of Object.keys(out) as Array<keyof PageInfo>) out[key] = out[key].slice(0, MAX_URL_LENGTH);
  return out;
};

/**
 * Creates the Touchpoint runtime: identity, tracking and delivery.
 *
 * @param platform how the runtime reaches the browser; tests pass a fake one.
 */
export function createTouchpoint(options: TouchpointOptions, platform: Platform = browserPlatform()): Touchpoint {
  const debug = !!options.debug;
  const warn = (msg: string) => {
    if (debug) console.warn(`[touchpoint] ${msg}`);
  };
  const writeKey = typeof options.key === 'string' ? options.key : '';
  // Missing a key is a setup mistake worth saying even without debug mode.
  if (!writeKey) console.warn('[touchpoint] no write key (data-key or `key`): nothing is sent');
  const origin = (() => {
    try {
      return new URL(platform.page().url).origin;
    } catch {
      return '';
    }
  })();
  const host = (typeof options.host === 'string' && options.host ? options.host : origin).replace(/\/+$/, '');

  const store = createStore(platform.storage(), true, warn);
  // The consent choice itself is always stored: it is what lets us store nothing else.
  const choices = createStore(platform.storage(), true, warn);
  let consent = choices.get<string>(CONSENT);
  // Whether consent is required: the option says, else the published content
  // (`settings.consent`). On a return visit the last good copy answers at once; on a first
  // visit nothing is stored or sent until the content has answered. Without a document
  // (tests, workers) there is no content to ask.
  const doc = platform.document();
  const cached = choices.get<ContentDocument>(CONTENT);
  const storedId = choices.get(ANONYMOUS_ID_KEY);
  // Ids already stored mean storing was allowed on an earlier visit: start from there.
  let consentRequired: boolean | undefined =
    options.consent !== undefined
      ? options.consent === 'required'
      : !doc
        ? false
        : cached
          ? cached.settings?.consent === 'required'
          : storedId !== undefined
            ? false
            : undefined;
  // Before consent (or after it is withdrawn), everything, ids included, lives in memory only.
  const allowed = () => consent === 'granted' || (consent !== 'denied' && consentRequired === false);
  store.setDurable(allowed());
  const identity = createIdentity(store, platform.uuid);
  // An anonymous id minted on this page: the collector knows nothing under it yet.
  const minted = storedId === undefined && profilePath({ anonymousId: identity.$identity.get().anonymousId });
  // Given by the host with identify(), never stored: it proves the user id to the collector,
  // which needs it on identify and group calls (and for the profile) when it verifies identities.
  let userHash: string | undefined;

  // First what the content's request needs, and the request (and the engine's): the rest of
  // the start (the queue, the first page view) is done while they are on their way.

  // The team's tools this tab has open; their tokens leave the URL at once, before the first
  // page view could carry them into the events.
  const session = platform.session();
  const hash = doc ? platform.page().hash : '';
  const tools = doc ? openTools(hash, session) : new Map<ToolName, string>();
  if (withoutTools(hash) !== hash) platform.replaceHash(withoutTools(hash));
  // A tab that previews the draft or builds: its events are the team testing its own content,
  // marked (`context.preview`) so the collector keeps them out of every report.
  const team = tools.has('preview') || tools.has('builder');

  // The content: given inline, or the project's published document (revalidated by ETag),
  // or in a tab that previews, the draft.
  const loaded: Promise<LoadedContent> =
    !options.content && writeKey && doc
      ? loadContent(platform, store, `${host}/v1/content?key=${encodeURIComponent(writeKey)}`, tools.get('preview'), warn)
      : Promise.resolve({ content: options.content, source: null });
  // The engine loads only when the content has something for it to run.
  const runs = (content: ContentDocument | undefined): content is ContentDocument =>
    // (Anything but an object has none of these sections.)
    !!content &&
    [content.flows, content.messages, content.features, content.checklists, content.surveys, content.resources?.articles].some(
      (section) => Array.isArray(section) && section.length > 0,
    );
  /**
   * The user's profile (`GET /v1/profile`, with the write key): the parsed JSON, or undefined
   * when refused; nothing to ask for an anonymous id minted on this page (a first visit's facts
   * are this page's).
   */
  const fetchProfile = async (path: string) => {
    if (path === minted) return;
    const res = await platform.fetch(`${host}${path}&key=${encodeURIComponent(writeKey)}`, { credentials: 'omit' });
    return res.ok ? res.json() : undefined;
  };
  // On a first visit (no copy of the content yet), or when the last visit's copy had something
  // to run, the engine and the user's profile come while the content is on its way, not after
  // it. (The UI waits for the content to say something will show: see the engine's setContent.)
  // The profile is asked for once the calls queued before load (identify) are replayed; the
  // engine takes that answer if it asks for the same.
  let profileEarly: [string, Promise<unknown>] | undefined;
  if (!options.content && writeKey && doc && !tools.has('builder') && (!cached || runs(cached))) {
    options.loadEngine?.().catch(() => {});
    // (Not while consent is known to be required and not given: the engine asks if it runs.)
    if (allowed() || consentRequired == null)
      queueMicrotask(() => {
        const path = profilePath({ ...identity.$identity.get(), userHash });
        profileEarly = [path, fetchProfile(path).catch(() => undefined)];
      });
  }

  const outbox = createOutbox(store, platform.uuid(), options.maxQueue ?? 1000, warn);
  const delivery = createDelivery({
    outbox,
    send: createSender(platform, `${host}/v1/batch`),
    sendLater: createLaterSender(platform, `${host}/v1/batch`),
    writeKey,
    platform,
    allowed: () => allowed() && !!writeKey,
    warn,
    flushAt: options.flushAt,
    flushInterval: options.flushInterval,
  });
  const emitter = createEmitter(warn);
  const environment = platform.environment();
  const encoder = new TextEncoder();
  let lastUrl: string | undefined;

  function enqueue(type: MessageType, fields: Record<string, unknown>) {
    if (consent === 'denied') return;
    const now = platform.now();
    const id = identity.$identity.get();
    const page = platform.page();
    const message = {
      type,
      messageId: platform.uuid(),
      anonymousId: id.anonymousId,
      ...(id.userId && { userId: id.userId }),
      timestamp: new Date(now).toISOString(),
      context: {
        library: { name: 'touchpoint', version: VERSION },
        // (The hash is in the URL; the page view has it apart.)
        page: { ...clip(page), hash: undefined },
        ...environment,
        sessionId: touchSession(store, now, platform.uuid),
        ...(id.groupId && { groupId: id.groupId }),
        ...(userHash && (type === 'identify' || type === 'group') && { userHash }),
        ...(team && { preview: true }),
      },
      ...fields,
    } as QueuedMessage;
    if (tooBig(message)) {
      // Trimmed strings can still add up: the event itself matters more than its details.
      warn(`a ${type} message is over ${MAX_MESSAGE_BYTES} bytes; sent without its properties and traits`);
      delete (message as Partial<Record<'properties' | 'traits', unknown>>).properties;
      delete (message as Partial<Record<'properties' | 'traits', unknown>>).traits;
      if (tooBig(message)) {
        outbox.drop('too_big', 1);
        return warn(`a ${type} message is still too big: dropped`);
      }
    }
    outbox.push(message);
    delivery.notify();
  }

  function tooBig(message: Message): boolean {
    const json = JSON.stringify(message);
    // A character is at most 3 UTF-8 bytes: short messages need no encoding to be sure.
    return json.length * 3 > MAX_MESSAGE_BYTES && encoder.encode(json).length > MAX_MESSAGE_BYTES;
  }

  function page(properties?: Record<string, unknown>) {
    const info = platform.page();
    lastUrl = info.url;
    const extra = sanitizeObject(properties, warn);
    const props = {
      ...clip(info),
      ...extra,
    };
    const name = typeof extra?.name === 'string' ? extra.name : undefined;
    enqueue('page', { ...(name && { name }), properties: props });
    happen({ kind: 'page', url: info.url });
  }

  const offs = [platform.on('exit', () => delivery.flushOnExit()), platform.on('online', () => delivery.wake())];
  // Every click as an element path, so a feature defined later counts it (retroactive
  // features); `settings.captureClicks: false` or the `captureClicks` option turns it off.
  let offClicks: (() => void) | undefined =
    options.captureClicks === false ? undefined : platform.onClick((path) => enqueue('track', { event: 'Element Clicked', properties: { path } }));
  offs.push(() => offClicks?.());
  if (options.autoPage !== false) {
    offs.push(
      platform.on('navigate', () => {
        // The app usually sets the new title right after pushState; read it a tick later.
        platform.setTimeout(() => {
          if (platform.page().url !== lastUrl) page();
        }, 0);
      }),
    );
    // After the current task, so calls replayed from the snippet's queue (identify
    // first, typically) come before the first page view.
    queueMicrotask(() => lastUrl === undefined && page());
  }
  // Messages a previous page left unsent go out now, not after the first new event.
  delivery.notify();

  const locale = (typeof options.locale === 'string' && options.locale) || environment.locale || 'en';
  let flows: FlowController | undefined;
  // What happened before the engine arrived, replayed to it in order (page views are
  // not: the engine looks at the current URL when it starts).
  let early: Happening[] | undefined = [];
  let destroyed = false;
  const happen = (h: Happening) => (flows ? flows.happen(h) : h.kind !== 'page' && early && early.length < 50 && early.push(h));

  const engineReady: Promise<void> = (async () => {
    const { content } = await loaded;
    if (options.consent === undefined) {
      const required = content?.settings?.consent === 'required';
      if (required !== consentRequired) {
        consentRequired = required;
        // Newly required: what was stored before goes, and nothing more is stored or sent.
        if (!allowed()) for (const key of store.keys('tp.')) if (key !== CONSENT) choices.remove(key);
        store.setDurable(allowed());
        // Sends what waited if now allowed; disarms what the browser would send if not.
        delivery.notify();
      }
    }
    if (content?.settings?.captureClicks === false) {
      offClicks?.();
      offClicks = undefined;
    }
    // A builder's tab shows only what the builder previews: the published content does not run there.
    if (!doc || !options.loadEngine || !options.loadUI || tools.has('builder')) return;
    if (!runs(content)) return;
    const engine = await options.loadEngine();
    if (destroyed) return;
    flows = engine.createFlowController({
      platform,
      document: doc,
      store,
      identity: () => ({ ...identity.$identity.get(), userHash }),
      sessionId: () => store.get<{ id?: string }>('tp.session')?.id ?? '',
      fetchJson: (path) => {
        const answer = profileEarly?.[0] === path ? profileEarly[1] : fetchProfile(path);
        profileEarly = undefined;
        return answer;
      },
      track: (event, properties) => api.track(event, properties),
      navigate(url, newTab) {
        const win = doc.defaultView;
        if (newTab) win?.open(url, '_blank', 'noopener');
        else win?.location.assign(url);
      },
      loadUI: options.loadUI,
      locale,
      allowed,
      warn,
    });
    const started = flows.setContent(content);
    early?.forEach((h) => flows!.happen(h));
    early = undefined;
    // ready() waits for the user's facts too: explain() right after it sees them.
    await started;
  })().catch((e: unknown) => warn(`could not start the engine: ${String(e)}`));
  let up = false;
  void engineReady.then(() => (up = true));
  /** Runs `fn` once the engine is up: at once when it is, so what it shows is drawn before startFlow() returns. */
  const whenUp = (fn: () => void) => (up ? fn() : void engineReady.then(fn));
  offs.push(() => {
    destroyed = true;
    flows?.destroy();
  });

  tools.forEach((token, name) => {
    let off: (() => void) | undefined;
    const close = () => {
      forgetTool(name, session);
      off?.();
      off = undefined;
    };
    offs.push(() => off?.());
    options
      .loadTool?.(name)
      .then((tool) => {
        if (destroyed) return;
        off = tool.openTool({
          touchpoint: api,
          host,
          writeKey,
          token,
          locale,
          document: doc!,
          engine: () => engineReady.then(() => flows),
          loadUI: options.loadUI,
          content: loaded,
          close,
        });
      })
      .catch((e: unknown) => warn(`could not load the ${name} tool: ${String(e)}`));
  });

  const api: Touchpoint = {
    identify(userId, traits, extra) {
      if (userId !== null && typeof userId === 'object') {
        traits = userId;
        userId = undefined;
      }
      const id = userId === undefined || userId === null ? undefined : cleanName(userId, 'identify: userId', MAX_ID_LENGTH, warn);
      if (userId != null && id === undefined) return;
      // Another user's hash proves nothing for this one.
      if (typeof extra?.userHash === 'string') userHash = extra.userHash;
      else if (id !== undefined && id !== identity.$identity.get().userId) userHash = undefined;
      const clean = sanitizeObject(traits, warn);
      identity.identify(id, clean);
      enqueue('identify', { traits: identity.$identity.get().traits });
      flows?.identityChanged();
    },
    group(accountId, traits) {
      const id = cleanName(accountId, 'group: accountId', MAX_ID_LENGTH, warn);
      if (id === undefined) return;
      identity.group(id, sanitizeObject(traits, warn));
      enqueue('group', { groupId: id, traits: identity.$identity.get().groupTraits });
      flows?.identityChanged();
    },
    track(event, properties) {
      const name = cleanName(event, 'track: event', MAX_ID_LENGTH, warn);
      if (name === undefined) return;
      const props = sanitizeObject(properties, warn) ?? {};
      enqueue('track', { event: name, properties: props });
      emitter.emit(name, props);
      happen({ kind: 'event', name, url: platform.page().url, properties: props });
    },
    page,
    reset() {
      identity.reset();
      endSession(store);
      userHash = undefined;
      flows?.reset();
    },
    startFlow(flowId) {
      if (typeof flowId !== 'string') return warn('startFlow(flowId) needs an id');
      whenUp(() => (flows ? flows.start(flowId) : warn('startFlow: no content is loaded')));
    },
    show(contentId) {
      if (typeof contentId !== 'string') return warn('show(contentId) needs an id');
      whenUp(() => (flows ? flows.show(contentId) : warn('show: no content is loaded')));
    },
    dismiss() {
      flows?.dismiss();
    },
    openResourceCenter(query) {
      // Before the engine is up (or when the content has no articles), it opens once it is.
      whenUp(() => (flows ? flows.openResources(typeof query === 'string' ? query : undefined) : warn('openResourceCenter: no content is loaded')));
    },
    preview(token) {
      // Kept for the tab as a preview link's token is; the reload then runs the content asked for.
      if (token === null) forgetTool('preview', session);
      else if (typeof token === 'string' && token) openTools(`#touchpoint-preview=${encodeURIComponent(token)}`, session);
      else return warn('preview(token | null)');
      doc?.defaultView?.location.reload();
    },
    variant: (experimentId) => flows?.variant(String(experimentId)) ?? null,
    explain(contentId) {
      const result = flows ? flows.explain(String(contentId)) : { eligible: false, reasons: ['no content is loaded'] };
      return allowed() ? result : { eligible: false, reasons: ['consent: not given yet', ...result.reasons] };
    },
    on(name, handler) {
      if (typeof name !== 'string' || typeof handler !== 'function') {
        warn('on(name, handler) needs a string and a function');
        return () => {};
      }
      return emitter.on(name, handler);
    },
    consent(granted) {
      consent = granted ? 'granted' : 'denied';
      choices.set(CONSENT, consent);
      if (!granted) {
        outbox.clear();
        // Withdrawn: forget everything stored but the choice itself.
        for (const key of store.keys('tp.')) if (key !== CONSENT) store.remove(key);
      }
      store.setDurable(consent === 'granted');
      // Given: what waited is armed for a page that dies before it is sent (or offline);
      // withdrawn: disarms the requests the browser would send if the page died.
      delivery.notify();
      if (granted) void delivery.flush();
    },
    flush: () => delivery.flush(),
    ready(fn) {
      if (typeof fn !== 'function') return;
      void engineReady.then(() => {
        try {
          fn();
        } catch (e) {
          warn(`a ready() callback threw: ${String(e)}`);
        }
      });
    },
    destroy() {
      offs.forEach((off) => off());
      delivery.stop();
      outbox.save();
    },
  };

  return guardAll(api, warn);
}

/** Wraps every method so that nothing thrown inside reaches the host page. */
function guardAll(api: Touchpoint, warn: (msg: string) => void): Touchpoint {
  const guarded = {} as Record<string, unknown>;
  for (const [name, fn] of Object.entries(api) as [string, (...args: unknown[]) => unknown][]) {
    guarded[name] = (...args: unknown[]) => {
      try {
        const result = fn(...args);
        return result instanceof Promise ? result.catch(() => undefined) : result;
      } catch (e) {
        warn(`${name}() failed: ${String(e)}`);
        return name === 'flush' ? Promise.resolve() : name === 'variant' ? null : undefined;
      }
    };
  }
  return guarded as unknown as Touchpoint;
}
