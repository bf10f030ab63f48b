import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { hostPage, sdkReady } from './support/browser.js';
import { e2eEnvironment } from './support/env.js';
import { publish, waitForStep } from './support/tours.js';

let context: BrowserContext | undefined;
const env = e2eEnvironment();

afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** Holds each request to `url` in the context until `ready()` (a positive signal) or 3 s, and calls `answered` as it lets it go. */
async function holdUntil(url: string, ready: () => boolean, answered: () => void) {
  await context!.route(url, async (route) => {
    const until = Date.now() + 3000;
    while (!ready() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    answered();
    await route.continue();
  });
}

/**
 * Opens `path` in a new browser profile, recording the start's requests (the engine, the
 * profile, the content), and waits for ready(): it resolves once the content has answered, so
 * the early requests, if any, were made by then.
 */
async function openRecordingStart(path: string) {
  context = await env.browser.newContext();
  const asked: string[] = [];
  context.on('request', (request) => {
    const name = new URL(request.url()).pathname.match(/\/(engine\.js|v1\/profile|v1\/content)$/)?.[1];
    if (name) asked.push(name);
  });
  const page = await context.newPage();
  await page.goto(`${env.host.origin}${path}`);
  await sdkReady(page);
  return { page, asked };
}

describe('the requests that show a step', () => {
  it('fetches the UI and the presenter while the profile is on its way when a page trigger fires here, and at idle otherwise', async () => {
    await publish(env.collector, {
      version: 1,
      flows: [
        { id: 'here', trigger: { on: 'page', url: '/requests.html' }, repeat: 'always', steps: [{ id: 'a', title: 'Welcome' }] },
        { id: 'elsewhere', trigger: { on: 'page', url: '/other' }, repeat: 'always', steps: [{ id: 'b', title: 'Other' }] },
      ],
    });
    // An identified user: the collector may know their facts (an anonymous id minted on a first visit it cannot).
    env.pages['/requests.html'] = hostPage(env.collector.url, env.collector.writeKey, "touchpoint.identify('requester');");
    env.pages['/quiet.html'] = hostPage(env.collector.url, env.collector.writeKey);
    context = await env.browser.newContext();
    const fetched: string[] = [];
    context.on('request', (request) => {
      const name = new URL(request.url()).pathname.match(/\/(ui|presenter)[^/]*\.js$/)?.[1];
      if (name) fetched.push(name);
    });
    // The profile answers once the UI and the presenter were both asked for (a positive signal),
    // or after 3 s: before, they were asked for only once the profile had answered.
    let asked = false;
    const both = () => fetched.includes('ui') && fetched.includes('presenter');
    await holdUntil('**/v1/profile?*', both, () => (asked = both()));
    const page = await context.newPage();
    await page.goto(`${env.host.origin}/requests.html`);
    await waitForStep(page);
    expect(asked, 'the UI and the presenter were requested before the profile answered').toBe(true);

    // A page where no trigger fires: the UI and the presenter come once the page is idle, so
    // that a flow started later (startFlow, an event, a click) draws in its first frame; they
    // touch nothing in the page until something shows.
    fetched.length = 0;
    await page.evaluate(() => (window as any).touchpoint.dismiss());
    const quiet = await context.newPage();
    const ui = quiet.waitForRequest(/\/ui[^/]*\.js$/);
    const presenter = quiet.waitForRequest(/\/presenter[^/]*\.js$/);
    await quiet.goto(`${env.host.origin}/quiet.html`);
    await Promise.all([ui, presenter]);
    await sdkReady(quiet);
    expect(await quiet.locator('touchpoint-ui').count()).toBe(0);
    // And with them loaded, a flow started by hand shows without another request.
    fetched.length = 0;
    await quiet.evaluate("window.touchpoint.startFlow('elsewhere')");
    await waitForStep(quiet);
    expect(fetched).toEqual([]);
  });

  it('draws a flow started by hand before startFlow() returns, once the engine and the UI are up', async () => {
    await publish(env.collector, {
      version: 1,
      flows: [{ id: 'manual', trigger: { on: 'manual' }, repeat: 'always', steps: [{ id: 'a', title: 'At once' }] }],
    });
    env.pages['/at-once.html'] = hostPage(env.collector.url, env.collector.writeKey);
    context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${env.host.origin}/at-once.html`);
    await sdkReady(page);
    // A first start loads what draws; once it has drawn and gone, a second start draws in the caller's task.
    await page.evaluate("window.touchpoint.startFlow('manual')");
    await waitForStep(page);
    await page.evaluate('window.touchpoint.dismiss()');
    await page.waitForFunction('!document.querySelector("touchpoint-ui")?.shadowRoot?.querySelector(".step")');
    const drawn = await page.evaluate(`(() => {
      window.touchpoint.startFlow('manual');
      const d = document.querySelector('touchpoint-ui')?.shadowRoot?.querySelector('.step');
      return d ? d.querySelector('.title')?.textContent : null;
    })()`);
    expect(drawn).toBe('At once');
    // With motion allowed, the frame after the call already shows it: placed, and fading in from half opacity, not from none.
    await page.evaluate('window.touchpoint.dismiss()');
    await page.waitForFunction('!document.querySelector("touchpoint-ui")?.shadowRoot?.querySelector(".step")');
    const firstFrame = await page.evaluate(`new Promise((resolve) => {
      window.touchpoint.startFlow('manual');
      requestAnimationFrame(() => {
        const s = getComputedStyle(document.querySelector('touchpoint-ui').shadowRoot.querySelector('.step'));
        resolve({ visibility: s.visibility, opacity: Number(s.opacity), reduced: matchMedia('(prefers-reduced-motion: reduce)').matches });
      });
    })`);
    expect(firstFrame).toMatchObject({ visibility: 'visible', reduced: false });
    expect((firstFrame as { opacity: number }).opacity).toBeGreaterThan(0);
  });

  it('on a first visit fetches the engine while the content is on its way, and asks no profile for the anonymous id it just minted', async () => {
    await publish(env.collector, {
      version: 1,
      flows: [{ id: 'first', trigger: { on: 'page', url: '/first-visit.html' }, repeat: 'always', steps: [{ id: 'a', title: 'Hello' }] }],
    });
    env.pages['/first-visit.html'] = hostPage(env.collector.url, env.collector.writeKey);
    context = await env.browser.newContext();
    let engine = false;
    const profiles: string[] = [];
    context.on('request', (request) => {
      if (/\/engine\.js$/.test(request.url())) engine = true;
      if (request.url().includes('/v1/profile?')) profiles.push(request.url());
    });
    // The content answers once the engine was asked for (a positive signal), or after 3 s.
    const engineBeforeContent: boolean[] = [];
    await holdUntil(
      '**/v1/content?*',
      () => engine,
      () => engineBeforeContent.push(engine),
    );
    const page = await context.newPage();
    await page.goto(`${env.host.origin}/first-visit.html`);
    await waitForStep(page);
    expect(engineBeforeContent).toEqual([true]);
    // The collector has nothing under an id minted on this page: the step showed without asking.
    expect(profiles).toEqual([]);
    // The next visit has the id stored (events went out under it): its profile is asked for.
    await page.reload();
    await waitForStep(page);
    expect(profiles.map((url) => new URL(url).searchParams.has('anonymousId'))).toEqual([true]);
  });

  it('fetches the engine and the profile of the identified user while the content is on its way: on a first visit, and on later ones when the last copy had something to run', async () => {
    await publish(env.collector, { version: 1, flows: [{ id: 'later', trigger: { on: 'manual' }, steps: [{ id: 'a', title: 'Later' }] }] });
    // The page identifies its user before the SDK has loaded (the snippet's queue).
    env.pages['/revisit.html'] = hostPage(env.collector.url, env.collector.writeKey, "touchpoint.identify('revisitor');");
    context = await env.browser.newContext();
    const asked = { engine: false, profile: '' };
    context.on('request', (request) => {
      if (/\/engine\.js$/.test(request.url())) asked.engine = true;
      if (request.url().includes('/v1/profile?')) asked.profile ||= new URL(request.url()).searchParams.get('userId') ?? 'anonymous';
    });
    // The content answers once the engine and the profile were asked for (a positive signal), or after 3 s.
    const answered: Array<typeof asked> = [];
    await holdUntil(
      '**/v1/content?*',
      () => asked.engine && !!asked.profile,
      () => answered.push({ ...asked }),
    );
    const profiles: string[] = [];
    context.on('requestfinished', (request) => {
      if (request.url().includes('/v1/profile?')) profiles.push(request.url());
    });
    const page = await context.newPage();
    await page.goto(`${env.host.origin}/revisit.html`);
    await sdkReady(page);
    // The engine took that answer: the profile was asked for once.
    expect(profiles).toHaveLength(1);
    Object.assign(asked, { engine: false, profile: '' });
    profiles.length = 0;
    await page.reload();
    await sdkReady(page);
    expect(answered).toEqual([
      { engine: true, profile: 'revisitor' },
      { engine: true, profile: 'revisitor' },
    ]);
    expect(profiles).toHaveLength(1);
  });

  it('on a later visit whose last copy had nothing to run, fetches neither the engine nor the profile', async () => {
    await publish(env.collector, { version: 1 });
    env.pages['/nothing.html'] = hostPage(env.collector.url, env.collector.writeKey, "touchpoint.identify('quiet');");
    const { page, asked } = await openRecordingStart('/nothing.html');
    // The first visit could not know: it fetched the engine beside the content (and the profile), then ran nothing.
    expect(asked).toContain('engine.js');
    asked.length = 0;
    await page.reload();
    await sdkReady(page);
    // ready() resolves once the content has answered: by then the early requests were made, if any.
    expect(asked).toEqual(['v1/content']);
  });

  it('asks no profile ahead of the content while consent is required and not given', async () => {
    await publish(env.collector, { version: 1, settings: { consent: 'required' } });
    env.pages['/consent-first.html'] = hostPage(env.collector.url, env.collector.writeKey, "touchpoint.identify('not-yet');", {
      attributes: 'data-consent="required"',
    });
    const { asked } = await openRecordingStart('/consent-first.html');
    expect(asked).toContain('v1/content');
    expect(asked).not.toContain('v1/profile');
  });

  /**
   * Opens a page in Tokyo's time zone that records each `Intl.DateTimeFormat` made and the time
   * of the content's request. `temporal`: the browser's own; none, as in engines without it; or a
   * polyfill's, which (as real ones do) asks Intl each time; or a partial one, without `Now`.
   */
  async function openInTokyo(temporal: 'native' | 'none' | 'polyfill' | 'partial') {
    await publish(env.collector, { version: 1, flows: [{ id: 'zone', trigger: { on: 'manual' }, steps: [{ id: 'a', title: 'Zone' }] }] });
    env.pages['/zone.html'] = hostPage(env.collector.url, env.collector.writeKey);
    context = await env.browser.newContext({ timezoneId: 'Asia/Tokyo' });
    await context.addInitScript(`(() => {
      window.__zone = []; window.__content = [];
      const D = Intl.DateTimeFormat;
      Intl.DateTimeFormat = function (...args) { window.__zone.push(performance.now()); return D(...args); };
      ${temporal === 'native' ? '' : 'delete globalThis.Temporal;'}
      ${temporal === 'polyfill' ? 'globalThis.Temporal = { Now: { timeZoneId() { return Intl.DateTimeFormat().resolvedOptions().timeZone; } } };' : ''}
      ${temporal === 'partial' ? 'globalThis.Temporal = {};' : ''}
      const f = window.fetch;
      window.fetch = function (url, init) { if (String(url).includes('/v1/content?')) window.__content.push(performance.now()); return f.call(this, url, init); };
    })()`);
    const sent: Array<{ type?: string; event?: string; context?: { timezone?: string } }> = [];
    context.on('request', (request) => {
      if (request.url().includes('/v1/batch')) sent.push(...request.postDataJSON().batch);
    });
    const page = await context.newPage();
    await page.goto(`${env.host.origin}/zone.html`);
    return { page, sent };
  }

  it("sends the time zone's name from the first page view where the browser's Temporal reads it (0.05 ms), with no Intl.DateTimeFormat (10 to 25 ms) on the content's way", async () => {
    const { page, sent } = await openInTokyo('native');
    // (This Chromium has Temporal: without it, this test would say nothing.)
    expect(await page.evaluate('typeof Temporal.Now.timeZoneId')).toBe('function');
    await expect.poll(() => sent.find((m) => m.type === 'page'), { timeout: 10_000 }).toBeDefined();
    expect(sent.find((m) => m.type === 'page')!.context?.timezone).toBe('Asia/Tokyo');
    await sdkReady(page);
    expect(await page.evaluate('window.__zone.length')).toBe(0);
  });

  for (const temporal of ['none', 'polyfill', 'partial'] as const)
    it(`with ${{ none: 'no Temporal', polyfill: 'a Temporal polyfill (which asks Intl itself)', partial: 'a partial Temporal polyfill' }[temporal]}, asks Intl.DateTimeFormat for the time zone's name 3 s after the start, not while the content is on its way, then sends it with each event`, async () => {
      const { page, sent } = await openInTokyo(temporal);
      await page.waitForFunction('window.__zone.length > 0', undefined, { timeout: 10_000 });
      const [zone, content] = (await page.evaluate('[window.__zone[0], window.__content[0]]')) as [number, number | undefined];
      expect(content).toBeDefined();
      // (Both are times since the page's navigation began; the SDK started after it.)
      expect(zone).toBeGreaterThan(content!);
      expect(zone).toBeGreaterThanOrEqual(3000);
      await page.evaluate("window.touchpoint.track('Later'); window.touchpoint.flush()");
      // (A flush waits for a batch already in flight: on a loaded machine, more than a second.)
      await expect.poll(() => sent.find((m) => m.event === 'Later')?.context?.timezone, { timeout: 10_000 }).toBe('Asia/Tokyo');
    });
});

describe('the first-visit hint of a script URL with the key', () => {
  /** Opens `path` in a new browser profile with 100 ms added to every request, recording what Chromium's network saw. */
  async function openWatched(path: string) {
    context = await env.browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const sent: Array<{ id: string; file: string; type: string; at: number }> = [];
    const answeredAt = new Map<string, number>();
    /** Bytes each finished request received over the network: none for an answer from the HTTP cache, also one read while another request was still writing it (which Chromium does not flag as from the cache). */
    const received = new Map<string, number>();
    cdp.on('Network.requestWillBeSent', (e) => {
      // The content, and the chunks by name (`messages-<hash>.js` is "messages"; `ui.js` stays).
      const file = new URL(e.request.url).pathname.match(/\/(v1\/content|sdk\/[\d.]+\/[\w-]+\.js)$/)?.[1]?.replace(/^sdk\/[\d.]+\//, '');
      if (file) sent.push({ id: e.requestId, file: file.replace(/-[\w-]{8}\.js$/, ''), type: e.type ?? '', at: e.timestamp });
    });
    cdp.on('Network.responseReceived', (e) => answeredAt.set(e.requestId, e.timestamp));
    cdp.on('Network.loadingFinished', (e) => received.set(e.requestId, e.encodedDataLength));
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 100, downloadThroughput: -1, uploadThroughput: -1 });
    await page.goto(`${env.host.origin}${path}`);
    /** The requests for `file` of `type` ("Fetch": the hint's; "Script": the SDK's import), with when each was sent. */
    const requests = (file: string, type: string) => sent.filter((r) => r.file === file && r.type === type);
    /** How many requests for `file` received bytes over the network (not answered by the HTTP or memory cache). */
    const downloads = (file: string) => sent.filter((r) => r.file === file && (received.get(r.id) ?? 0) > 0).length;
    const contentAnswered = () => answeredAt.get(sent.find((r) => r.file === 'v1/content')?.id ?? '');
    /** The files fetched ahead (the hint's requests), in the order sent. */
    const fetchedAhead = () => sent.filter((r) => r.type === 'Fetch' && r.file !== 'v1/content').map((r) => r.file);
    return { page, requests, downloads, contentAnswered, fetchedAhead };
  }

  /** Every file fetched ahead went out before the content answered, was imported from the same URL, and crossed the network once. */
  function expectFetchedAhead(watched: Awaited<ReturnType<typeof openWatched>>, files: string[]) {
    const answeredAt = watched.contentAnswered();
    expect(answeredAt).toBeDefined();
    expect(watched.fetchedAhead()).toEqual(files);
    // After the SDK's first run has asked for the content (the page's first fetches cost it time), before the answer.
    const contentAsked = watched.requests('v1/content', 'Fetch')[0]!.at;
    for (const file of files) {
      expect(watched.requests(file, 'Fetch')[0]!.at, file).toBeGreaterThan(contentAsked);
      expect(watched.requests(file, 'Fetch')[0]!.at, file).toBeLessThan(answeredAt!);
      expect(watched.requests(file, 'Script'), file).toHaveLength(1);
      expect(watched.downloads(file), file).toBe(1);
    }
  }

  it('on a first visit fetches the UI and the presenter beside the content, before it answers; the engine imports them from the cache; a later visit fetches nothing ahead', async () => {
    await publish(env.collector, {
      version: 1,
      flows: [{ id: 'hinted', trigger: { on: 'page', url: '/hinted.html' }, repeat: 'always', steps: [{ id: 'a', title: 'Hinted' }] }],
    });
    env.pages['/hinted.html'] = hostPage(env.collector.url, env.collector.writeKey, '', { keyInUrl: true });
    const watched = await openWatched('/hinted.html');
    const { page } = watched;
    await waitForStep(page);
    // Fetched ahead before the content answered (without the hint, the UI is asked for only once
    // the content has answered and the engine has read it); the engine imported the same files.
    expectFetchedAhead(watched, ['ui.js', 'presenter']);

    // A later visit (the anonymous id is stored): the engine decides alone, nothing is fetched ahead.
    const later = await context!.newPage();
    const fetches: string[] = [];
    later.on('request', (request) => request.resourceType() === 'fetch' && /\/(ui|presenter)[^/]*\.js$/.test(request.url()) && fetches.push(request.url()));
    await later.goto(`${env.host.origin}/hinted.html`);
    await waitForStep(later);
    expect(fetches).toEqual([]);
  });

  it("fetches a page-triggered message's chunk and what it imports, and the dock's for a checklist, with the UI and the presenter", async () => {
    await publish(env.collector, {
      version: 1,
      messages: [{ id: 'news', kind: 'modal', title: 'News', body: 'Read it.', trigger: { on: 'page', url: '/hinted-message.html' } }],
      checklists: [{ id: 'start', title: 'Get started', items: [{ id: 'first', title: 'Add a todo', done: { event: 'Todo Added' } }] }],
    });
    env.pages['/hinted-message.html'] = hostPage(env.collector.url, env.collector.writeKey, '', { keyInUrl: true });
    const watched = await openWatched('/hinted-message.html');
    const ui = watched.page.locator('touchpoint-ui');
    await ui.getByRole('heading', { name: 'News' }).waitFor();
    await ui.getByRole('button', { name: /Get started/ }).waitFor();
    // The dock's resource center (opened by a click) is not among them.
    expectFetchedAhead(watched, ['ui.js', 'presenter', 'messages', 'adopt', 'dock-chunk', 'widget-strings']);
  });

  it('fetches nothing ahead when nothing in the content shows as a page loads', async () => {
    await publish(env.collector, { version: 1, flows: [{ id: 'by-hand', trigger: { on: 'manual' }, steps: [{ id: 'a', title: 'By hand' }] }] });
    env.pages['/unhinted.html'] = hostPage(env.collector.url, env.collector.writeKey, '', { keyInUrl: true });
    const { page, fetchedAhead } = await openWatched('/unhinted.html');
    await sdkReady(page);
    expect(fetchedAhead()).toEqual([]);
  });
});
