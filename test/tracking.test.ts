import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hostPage, launchChromium, sdkReady, serveHostPages } from './support/browser.js';
import { startCollector, type RunningCollector } from './support/collector.js';

let browser: Browser;
let collector: RunningCollector;
let host: Awaited<ReturnType<typeof serveHostPages>>;
let context: BrowserContext;

const tracks = (events: Array<Record<string, any>>) => events.filter((e) => e.type === 'track');
const names = (events: Array<Record<string, any>>) => events.map((e) => (e.type === 'track' ? e.event : e.type));

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  collector = await startCollector();
  const key = collector.writeKey;
  host = await serveHostPages({
    '/queued.html': hostPage(
      collector.url,
      key,
      `touchpoint.identify('u-42', { role: 'admin', plan: 'free' });
       touchpoint.group('acme', { tier: 'high', arr: 120000 });
       touchpoint.track('First');
       touchpoint.track('Second', { n: 2 });
       touchpoint.track('Third');`,
    ),
    '/app.html': hostPage(collector.url, key),
    // Host code that keeps a reference to the stub from before the SDK loaded.
    '/captured.html': hostPage(collector.url, key, `window.captured = touchpoint; captured.track('Queued via captured');`),
    '/self-hosted.html': hostPage(collector.url, key, '', { selfHosted: true }),
    // A hostile page: storage forbidden, and a router that wrapped pushState before us.
    '/broken.html': hostPage(
      collector.url,
      key,
      `Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
       const original = history.pushState;
       history.pushState = function (...args) { window.routerCalls = (window.routerCalls || 0) + 1; return original.apply(this, args); };
       touchpoint.track('Queued on a broken page');`,
    ),
  });
  context = await browser.newContext();
});
afterEach(async () => {
  await context?.close();
  await host?.close();
  await collector?.stop();
});

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(host.origin + path);
  await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
  return page;
}

describe('the script tag', () => {
  it('replays the calls made before it loaded, in order, then sends the first page view', async () => {
    const page = await open('/queued.html');
    await page.evaluate(() => (window as any).touchpoint.flush());
    const events = await collector.waitForEvents((e) => e.length >= 6);
    expect(names(events)).toEqual(['identify', 'group', 'First', 'Second', 'Third', 'page']);
    expect(events[0]).toMatchObject({ userId: 'u-42', traits: { role: 'admin', plan: 'free' } });
    expect(events[1]).toMatchObject({ groupId: 'acme', traits: { tier: 'high', arr: 120000 } });
    // Everything after identify and group carries the user and the account.
    for (const e of events.slice(2)) expect(e).toMatchObject({ userId: 'u-42', context: { groupId: 'acme' } });
    expect(events[5]!.properties).toMatchObject({ path: '/queued.html', title: 'Host app' });
    expect(new Set(events.map((e) => e.anonymousId)).size).toBe(1);
  });

  it('upgrades the stub in place, so references taken before load keep working', async () => {
    const page = await open('/captured.html');
    await page.evaluate(() => (window as any).captured.track('Later via captured'));
    expect(await page.evaluate(() => (window as any).captured === (window as any).touchpoint)).toBe(true);
    await page.evaluate(() => (window as any).touchpoint.flush());
    const events = await collector.waitForEvents((e) => tracks(e).length >= 2);
    expect(tracks(events).map((e) => e.event)).toEqual(['Queued via captured', 'Later via captured']);
  });

  it('sends a page view on SPA navigation (History API and hash), without polling', async () => {
    const page = await open('/app.html');
    const navigate = async (fn: () => void) => {
      await page.evaluate(fn);
      await page.waitForTimeout(50);
    };
    await navigate(() => history.pushState({}, '', '/app/reports'));
    await navigate(() => history.replaceState({ only: 'state' }, '', '/app/reports'));
    await navigate(() => (location.hash = '#filters'));
    await navigate(() => history.back());
    await page.evaluate(() => (window as any).touchpoint.flush());
    const events = await collector.waitForEvents((e) => e.length >= 4);
    await page.waitForTimeout(300);
    await page.evaluate(() => (window as any).touchpoint.flush());
    expect((await collector.events()).map((e) => [e.type, e.properties.path, e.properties.hash])).toEqual([
      ['page', '/app.html', ''],
      ['page', '/app/reports', ''],
      ['page', '/app/reports', '#filters'],
      ['page', '/app/reports', ''],
    ]);
    expect(events).toHaveLength(4);
  });

  it('never throws into the page, whatever it is given', async () => {
    const page = await open('/app.html');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const thrown = await page.evaluate(() => {
      const tp = (window as any).touchpoint;
      const circular: any = { a: 1 };
      circular.self = circular;
      const calls = [
        () => tp.track(),
        () => tp.track(null, circular),
        () => tp.identify(Symbol('x')),
        () => tp.group({}),
        () => tp.page('not an object'),
        () => tp.on(),
        () => tp.startFlow(),
        () => tp.show(123),
        () => tp.explain(),
        () => tp.variant(),
        () => tp.track('Circular', circular),
        () => tp.track('Element', { el: document.body, win: window }),
      ];
      let count = 0;
      for (const call of calls) {
        try {
          call();
        } catch {
          count++;
        }
      }
      return count;
    });
    expect(thrown).toBe(0);
    await page.evaluate(() => (window as any).touchpoint.flush());
    const events = await collector.waitForEvents((e) => tracks(e).length >= 2);
    expect(tracks(events).map((e) => [e.event, e.properties])).toEqual([
      ['Circular', { a: 1 }],
      ['Element', {}],
    ]);
    expect(errors).toEqual([]);
  });
});

describe('a broken host page', () => {
  it('still tracks from memory when storage throws, and keeps the host router working', async () => {
    const page = await open('/broken.html');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.evaluate(() => history.pushState({}, '', '/next'));
    await page.waitForTimeout(50);
    await page.evaluate(() => (window as any).touchpoint.track('After navigation'));
    await page.evaluate(() => (window as any).touchpoint.flush());
    const events = await collector.waitForEvents((e) => e.length >= 4);
    expect(names(events)).toEqual(['Queued on a broken page', 'page', 'page', 'After navigation']);
    expect(events.map((e) => e.context.page.path)).toEqual(['/broken.html', '/broken.html', '/next', '/next']);
    expect(new Set(events.map((e) => e.anonymousId)).size).toBe(1);
    expect(await page.evaluate(() => (window as any).routerCalls)).toBe(1);
    expect(errors).toEqual([]);
  });
});

describe('delivery', () => {
  it('loses and duplicates nothing when the network is cut for a while, nor when responses are lost', async () => {
    const page = await open('/app.html');
    await context.setOffline(true);
    await page.evaluate(async () => {
      for (let i = 0; i < 30; i++) {
        (window as any).touchpoint.track('Offline', { i });
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    // Offline: a flush resolves having sent nothing.
    await page.evaluate(() => (window as any).touchpoint.flush());
    expect(tracks(await collector.events())).toHaveLength(0);

    // Back online, but the first two responses are lost on the way back: the collector
    // stored those batches, the browser saw a network error and will send them again.
    let lost = 0;
    await context.route(`${collector.url}/v1/batch`, async (route) => {
      const response = await route.fetch();
      if (lost < 2 && response.ok()) {
        lost++;
        return route.abort('connectionreset');
      }
      return route.fulfill({ response });
    });
    await context.setOffline(false);
    const events = await collector.waitForEvents((e) => tracks(e).length >= 30, 30_000);
    await page.waitForFunction(
      async () => {
        await (window as any).touchpoint.flush();
        return Object.keys(localStorage).filter((k) => k.startsWith('tp.q.')).length === 0;
      },
      null,
      { timeout: 30_000, polling: 250 },
    );
    expect(lost).toBe(2);
    const all = await collector.events();
    // Each event once. Their order may differ by a few: each batch's timestamps are corrected
    // for clock skew by its own trip time, and a loaded machine varies that by more than 50 ms.
    expect(
      tracks(all)
        .map((e) => e.properties.i as number)
        .sort((a, b) => a - b),
    ).toEqual([...Array(30).keys()]);
    expect(all.filter((e) => e.type === 'page')).toHaveLength(1);
    expect(events.length).toBe(all.length);
  });

  it('delivers after a reload the events that could not be sent before it', async () => {
    const page = await open('/self-hosted.html');
    // The collector goes down hard: nothing sent from now on can arrive, not even the
    // keepalive requests of the reload's exit flush.
    await collector.kill('SIGKILL');
    await page.evaluate(() => {
      for (let i = 0; i < 5; i++) (window as any).touchpoint.track('Before reload', { i });
    });
    await page.reload();
    await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
    // The new page adopted the old page's queue: 2 page views and 5 events.
    await page.waitForFunction(() => {
      const queues = Object.keys(localStorage).filter((k) => k.startsWith('tp.q.'));
      return queues.length === 1 && JSON.parse(localStorage.getItem(queues[0]!)!).length === 7;
    });

    await collector.restart();
    const events = await collector.waitForEvents((e) => e.length >= 7, 40_000);
    expect(tracks(events).map((e) => e.properties.i)).toEqual([0, 1, 2, 3, 4]);
    expect(events.filter((e) => e.type === 'page')).toHaveLength(2);
    await page.waitForFunction(() => Object.keys(localStorage).filter((k) => k.startsWith('tp.q.')).length === 0, null, { timeout: 20_000 });
    expect(await collector.events()).toHaveLength(7);
  });

  // On a browser's first visit nothing is stored or sent until the content has said whether
  // consent is required (README, Consent): a page closed before that keeps nothing, by design.
  // On a loaded machine the content can take seconds, so these tests wait for it (sdkReady) first.

  it('sends what is queued when the page is closed', async () => {
    // The keepalive exit alone: without fetchLater the browser holds no copy that could deliver these.
    await context.addInitScript('delete window.fetchLater');
    const page = await open('/app.html');
    await sdkReady(page);
    await page.evaluate(() => {
      for (let i = 0; i < 3; i++) (window as any).touchpoint.track('Before close', { i });
    });
    // Well inside the 2 s batching window: only the exit flush can deliver these.
    await page.close({ runBeforeUnload: true });
    const events = await collector.waitForEvents((e) => tracks(e).length >= 3);
    expect(tracks(events).map((e) => e.properties.i)).toEqual([0, 1, 2]);
  });

  it('sends what is queued when the page is closed while its main thread is busy (the browser gives up on its exit handlers)', async () => {
    const page = await open('/app.html');
    await sdkReady(page);
    const trackedAt = await page.evaluate(() => {
      for (let i = 0; i < 3; i++) (window as any).touchpoint.track('Before a busy close', { i });
      // Busy when the close arrives: Chromium waits under a second for the exit handlers, then
      // ends the page without them (before fetchLater, nothing left until the next visit).
      setTimeout(() => {
        const end = performance.now() + 3000;
        while (performance.now() < end);
      });
      return Date.now();
    });
    await page.close({ runBeforeUnload: true });
    const events = await collector.waitForEvents((e) => tracks(e).length >= 3);
    expect(tracks(events).map((e) => e.properties.i)).toEqual([0, 1, 2]);
    expect(events.filter((e) => e.type === 'page')).toHaveLength(1);
    // Sent seconds after it was armed: the device's times are kept as they are (a sentAt from the
    // arming would have moved them by the time the request waited).
    for (const e of tracks(events)) {
      expect(e.timestamp).toBe(e.originalTimestamp);
      expect(Math.abs(Date.parse(e.timestamp) - trackedAt)).toBeLessThan(1500);
    }
  });
});
