import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eEnvironment } from './support/env.js';
import { publish } from './support/tours.js';
import { sdkReady } from './support/browser.js';

/**
 * A journey's `show` action end to end (issue 19): the collector runs the journey, lists the
 * content in the user's profile, and the SDK shows it on the user's next page load, whatever
 * the content's own trigger and audience; once shown, the collector stops listing it.
 */
const env = e2eEnvironment();

const content = {
  version: 1,
  messages: [
    {
      id: 'come-back',
      kind: 'modal',
      // Neither would ever show it by itself: an event nobody sends, and an audience this user is not in.
      trigger: { on: 'event', event: 'Never Sent' },
      audience: { trait: 'plan', op: 'eq', value: 'enterprise' },
      title: 'Welcome back, here is what is new',
    },
  ],
  journeys: [{ id: 'win-back', audience: { trait: 'plan', op: 'eq', value: 'trial' }, action: { show: 'come-back' } }],
};

const body = (userId: string) => `<main><h1>Todo</h1><button>Add</button></main>
<script>touchpoint.identify('${userId}', { plan: 'trial' });</script>`;

/** Queued before the SDK loads, so no show goes unseen: the messages shown on this page, in `window.__shown`. */
const RECORD_SHOWN = `window.__shown = []; touchpoint.q.push(['on', ['Message Shown', function (p) { window.__shown.push(p.message_id); }]]);`;

/** Waits until our shadow root shows a dialog with `text` (a modal is a dialog). */
const dialogWith = (page: Page, text: string) =>
  page.waitForFunction(
    (t) => [...(document.querySelector('touchpoint-ui')?.shadowRoot?.querySelectorAll('[role=dialog]') ?? [])].some((d) => d.textContent?.includes(t)),
    text,
    { timeout: 15_000 },
  );

const secret = () => ({ authorization: `Bearer ${env.collector.secretKey}`, 'content-type': 'application/json' });
const profileOf = async (userId: string) =>
  (await (await fetch(`${env.collector.url}/v1/profile?userId=${userId}&key=${env.collector.writeKey}`)).json()) as { show: unknown[] };

describe("a journey's show", () => {
  it("shows the content on the user's next page load, with its lifecycle events; the collector then stops listing it", async () => {
    await publish(env.collector, content);
    const page = await env.openSdkPage('app', body('ada'));
    // The engine looked at the message and holds it back: its trigger and audience say no.
    await sdkReady(page);
    expect(await page.evaluate(() => (window as any).touchpoint.explain('come-back').eligible)).toBe(false);
    await env.collector.waitForEvents((events) => events.some((e) => e.type === 'identify' && e.userId === 'ada'));

    const run = await fetch(`${env.collector.url}/v1/journeys/run`, { method: 'POST', headers: secret(), body: '{}' });
    expect(run.status).toBe(200);
    expect(((await run.json()) as { journeys: Array<{ id: string; entered: number; acted: number }> }).journeys).toMatchObject([
      { id: 'win-back', entered: 1, acted: 1 },
    ]);
    expect((await profileOf('ada')).show).toMatchObject([{ id: 'come-back', journey: 'win-back' }]);

    await page.reload();
    await page.waitForFunction(() => (window as any).touchpoint?.__touchpoint === true);
    await dialogWith(page, 'Welcome back, here is what is new');
    await env.collector.waitForEvents((events) => events.some((e) => e.event === 'Message Shown' && e.properties?.message_id === 'come-back'));
    expect((await profileOf('ada')).show).toEqual([]);
  });

  it('shows the content once on a device whose clock is an hour behind the server, across page views in one load', async () => {
    const skewed = {
      ...content,
      messages: [...content.messages, { id: 'ping', kind: 'modal', trigger: { on: 'event', event: 'Ping' }, title: 'Pong' }],
    };
    await publish(env.collector, skewed);
    await env.openSdkPage('app-cy', body('cy'));
    await env.collector.waitForEvents((events) => events.some((e) => e.type === 'identify' && e.userId === 'cy'));
    const run = await fetch(`${env.collector.url}/v1/journeys/run`, { method: 'POST', headers: secret(), body: '{}' });
    expect(((await run.json()) as { journeys: Array<{ id: string; entered: number }> }).journeys).toMatchObject([{ id: 'win-back', entered: 1 }]);
    // The device's clock is an hour behind the server's, which stamped the entry.
    const page = await env.openSdkPage('skewed', body('cy'), { initScript: 'const real = Date.now; Date.now = () => real() - 3600000;', inline: RECORD_SHOWN });
    await dialogWith(page, 'Welcome back, here is what is new');
    // Closed (the slot is free: journeys' content is looked at again), another page view of
    // this single-page app, then an event showing another modal: the entry was served, not again.
    await page.keyboard.press('Escape');
    await page.evaluate(() => {
      (window as any).touchpoint.page();
      (window as any).touchpoint.track('Ping');
    });
    await page.waitForFunction(() => (window as any).__shown.length >= 2);
    expect(await page.evaluate(() => (window as any).__shown)).toEqual(['come-back', 'ping']);
  });

  it('shows a later entry again, on a device whose clock is an hour ahead, when the profile is fetched again on the same page', async () => {
    await publish(env.collector, { ...content, journeys: [{ ...content.journeys[0], repeat: 'always' }] });
    const identified = (n: number) => env.collector.waitForEvents((events) => events.filter((e) => e.type === 'identify' && e.userId === 'eve').length >= n);
    const runJourneys = async () => {
      const run = await fetch(`${env.collector.url}/v1/journeys/run`, { method: 'POST', headers: secret(), body: '{}' });
      return ((await run.json()) as { journeys: Array<{ id: string; entered: number }> }).journeys;
    };
    // The device's clock is an hour ahead of the server's, which stamps the entries.
    const page = await env.openSdkPage('ahead', body('eve'), { initScript: 'const real = Date.now; Date.now = () => real() + 3600000;', inline: RECORD_SHOWN });
    await identified(1);
    expect(await runJourneys()).toMatchObject([{ id: 'win-back', entered: 1 }]);
    /** The user logs out and in again on this single-page app: their profile is fetched again. */
    const logInAgain = async (plan: string) => {
      const anonymous = page.waitForResponse((r) => r.url().includes('/v1/profile?anonymousId='));
      await page.evaluate(() => (window as any).touchpoint.reset());
      await anonymous;
      const profile = page.waitForResponse((r) => r.url().includes('/v1/profile?userId=eve'));
      await page.evaluate((p) => (window as any).touchpoint.identify('eve', { plan: p }), plan);
      await profile;
    };
    await logInAgain('trial');
    await dialogWith(page, 'Welcome back, here is what is new');
    await page.keyboard.press('Escape');
    await env.collector.waitForEvents((events) => events.some((e) => e.event === 'Message Shown' && e.properties?.message_id === 'come-back'));
    // Out of the audience, then back in: the user enters again, later by the server's clock
    // (but earlier than this device's time of the first show).
    await page.evaluate(() => (window as any).touchpoint.identify('eve', { plan: 'free' }));
    await identified(3);
    expect(await runJourneys()).toMatchObject([{ id: 'win-back', entered: 0 }]);
    await page.evaluate(() => (window as any).touchpoint.identify('eve', { plan: 'trial' }));
    await identified(4);
    expect(await runJourneys()).toMatchObject([{ id: 'win-back', entered: 1 }]);
    expect((await profileOf('eve')).show).toMatchObject([{ id: 'come-back', journey: 'win-back' }]);
    await logInAgain('trial');
    await page.waitForFunction(() => (window as any).__shown.length >= 2, undefined, { timeout: 15_000 });
    expect(await page.evaluate(() => (window as any).__shown)).toEqual(['come-back', 'come-back']);
  });

  it('waits for consent: on a page that requires it, the content shows only once the user consents', async () => {
    await publish(env.collector, content);
    // Bob came on a page without a consent banner, and entered the journey.
    await env.openSdkPage('app-bob', body('bob'));
    await env.collector.waitForEvents((events) => events.some((e) => e.type === 'identify' && e.userId === 'bob'));
    const run = await fetch(`${env.collector.url}/v1/journeys/run`, { method: 'POST', headers: secret(), body: '{}' });
    expect(((await run.json()) as { journeys: Array<{ id: string; entered: number }> }).journeys).toMatchObject([{ id: 'win-back', entered: 1 }]);
    expect((await profileOf('bob')).show).toMatchObject([{ id: 'come-back', journey: 'win-back' }]);

    // On a device whose page requires consent, the engine looks at the profile (ready) and shows nothing yet.
    const page = await env.openSdkPage('consent', body('bob'), { attributes: 'data-consent="required"', inline: RECORD_SHOWN });
    await sdkReady(page);
    expect(await page.evaluate(() => (window as any).__shown)).toEqual([]);
    await page.evaluate(() => {
      (window as any).touchpoint.consent(true);
      (window as any).touchpoint.page();
    });
    await dialogWith(page, 'Welcome back, here is what is new');
    expect(await page.evaluate(() => (window as any).__shown)).toEqual(['come-back']);
  });
});
