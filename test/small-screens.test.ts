import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eEnvironment } from './support/env.js';
import { publish, waitForStep } from './support/tours.js';

/**
 * What a probe of small windows, long words and right-to-left pages found: whatever the
 * content, what we show stays inside the window, its close button in reach, and its text
 * inside its box.
 */
const env = e2eEnvironment();
const LONG = 'Internationalization'.repeat(6);
const PHONE = { width: 320, height: 568 };

/** The shown element's box, and whether any of its descendants' text spills past its right or left edge. */
const measure = (page: Page, selector: string) =>
  page.evaluate((s) => {
    const el = document.querySelector('touchpoint-ui')!.shadowRoot!.querySelector(s)!;
    const r = el.getBoundingClientRect();
    const spills = [...el.querySelectorAll('h2, .title, p, button, legend')].some((c) => {
      const b = c.getBoundingClientRect();
      return b.width > 0 && (b.right > r.right + 1 || b.left < r.left - 1 || c.scrollWidth > c.clientWidth + 1);
    });
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, spills, width: innerWidth, height: innerHeight };
  }, selector);

describe('small windows, long words and right-to-left pages', () => {
  it('a step titled with one very long word keeps it inside the card on a phone (was: under the × and past the edge)', async () => {
    await publish(env.collector, { version: 1, flows: [{ id: 'long', steps: [{ id: 'one', target: '#t', title: LONG, body: LONG }] }] });
    const page = await env.openSdkPage('long-step', '<main><button id="t">Target</button></main>', { viewport: PHONE });
    await page.evaluate(() => (window as any).touchpoint.startFlow('long'));
    await waitForStep(page);
    const card = await measure(page, '.step');
    expect(card.spills).toBe(false);
    expect(card.right).toBeLessThanOrEqual(PHONE.width);
  });

  it('a choice survey with many choices scrolls inside its card on a short window: its question and × stay in view (was: 253 px above it)', async () => {
    const choices = Array.from({ length: 12 }, (_, i) => `Choice number ${i + 1}`);
    await publish(env.collector, { version: 1, surveys: [{ id: 'many', kind: 'choice', question: 'Which do you use?', choices, trigger: { on: 'manual' } }] });
    const page = await env.openSdkPage('many-choices', '<main><h1>App</h1></main>', { viewport: { width: 640, height: 360 } });
    await page.evaluate(() => (window as any).touchpoint.show('many'));
    await page.locator('touchpoint-ui .survey').waitFor();
    const survey = await measure(page, '.survey');
    expect(survey.top).toBeGreaterThanOrEqual(0);
    expect(survey.bottom).toBeLessThanOrEqual(360);
  });

  it("a bottom banner with a long body stays inside the window, and on a right-to-left page its text keeps clear of the × at the line's end", async () => {
    const body = Array.from({ length: 30 }, () => 'Scheduled maintenance of the reporting service.').join(' ');
    await publish(env.collector, { version: 1, messages: [{ id: 'maint', kind: 'banner', trigger: { on: 'manual' }, title: 'Maintenance tonight', body }] });
    const page = await env.openSdkPage('long-banner', '<main><h1>App</h1></main>', { viewport: PHONE, html: 'dir="rtl"' });
    await page.evaluate(() => (window as any).touchpoint.show('maint'));
    await page.locator('touchpoint-ui .banner').waitFor();
    const banner = await measure(page, '.banner');
    // Was: its top 324 px above the window.
    expect(banner.top).toBeGreaterThanOrEqual(0);
    const overlap = await page.evaluate(() => {
      const root = document.querySelector('touchpoint-ui')!.shadowRoot!;
      const close = root.querySelector('.banner .close')!.getBoundingClientRect();
      const title = root.querySelector('.banner .title')!.getBoundingClientRect();
      // The × is at the left in right-to-left: the title must end to its right.
      return { closeRight: close.right, titleLeft: title.left };
    });
    expect(overlap.titleLeft).toBeGreaterThanOrEqual(overlap.closeRight);
  });
});

describe('Windows high contrast (forced colors)', () => {
  it('the picked NPS score and the picked choice are marked in the system highlight (was: looked like the others)', async () => {
    await publish(env.collector, {
      version: 1,
      surveys: [
        { id: 'nps', kind: 'nps', question: 'How likely are you to recommend us?', trigger: { on: 'manual' } },
        { id: 'pick', kind: 'choice', question: 'Which?', choices: ['Alpha', 'Beta'], trigger: { on: 'manual' } },
      ],
    });
    const page = await env.openSdkPage('forced-colors', '<main><h1>App</h1></main>');
    await page.emulateMedia({ forcedColors: 'active' });
    const styleOf = (selector: string) =>
      page.evaluate((s) => {
        const el = document.querySelector('touchpoint-ui')!.shadowRoot!.querySelector(s)!;
        const c = getComputedStyle(el);
        return `${c.backgroundColor} ${c.outlineStyle}`;
      }, selector);
    await page.evaluate(() => (window as any).touchpoint.show('nps'));
    await page.locator('touchpoint-ui input[name="tp-score"]').first().waitFor({ state: 'attached' });
    const unpicked = await styleOf('.pick:nth-child(9) span[aria-hidden]');
    await page.locator('touchpoint-ui .pick').nth(8).click();
    await expect.poll(() => styleOf('.pick:nth-child(9) span[aria-hidden]')).not.toBe(unpicked);

    await page.evaluate(() => (window as any).touchpoint.show('pick'));
    await page.locator('touchpoint-ui .choice').first().click();
    await expect.poll(() => styleOf('.choice')).toMatch(/ solid$/);
  });
});

describe('a bottom banner and the checklist', () => {
  it('an open checklist stays inside the window above a bottom banner on a phone (was: its title and × above the top)', async () => {
    const items = Array.from({ length: 25 }, (_, i) => ({ id: `i${i}`, title: `Step number ${i + 1}`, done: { event: `E${i}` } }));
    await publish(env.collector, {
      version: 1,
      checklists: [{ id: 'start', title: 'Get started', items }],
      messages: [
        {
          id: 'bar',
          kind: 'banner',
          trigger: { on: 'manual' },
          title: 'Maintenance tonight',
          body: 'From 22:00 UTC, for about an hour.',
          cta: { label: 'Details', action: { url: '/status' } },
        },
      ],
    });
    const page = await env.openSdkPage('dock-banner', '<main><h1>App</h1></main>', { viewport: PHONE });
    await page.evaluate(() => (window as any).touchpoint.show('bar'));
    await page.locator('touchpoint-ui .banner').waitFor();
    await page.locator('touchpoint-ui button[aria-controls="tp-checklist"]').click();
    await page.locator('touchpoint-ui .panel').waitFor();
    const panel = await measure(page, '.panel');
    expect(panel.top).toBeGreaterThanOrEqual(0);
  });
});
