import { describe, expect, it } from 'vitest';
import { triggerReason } from './trigger-reason.js';

const url = 'https://app.test/app/home';

describe("what an item's trigger waits for", () => {
  it('its trigger, until it has come on this page', () => {
    expect(triggerReason({ on: 'page', url: '/app/*' }, url, 0)).toBeNull();
    expect(triggerReason({ on: 'page', url: '/reports' }, url, 0)).toBe('trigger: "/reports" does not match this page');
    expect(triggerReason({ on: 'delay', seconds: 30 }, url, 29_999)).toBe('trigger: shows 30 s after the page loads');
    expect(triggerReason({ on: 'delay', seconds: 30 }, url, 30_000)).toBeNull();
    expect(triggerReason({ on: 'delay', seconds: 30, url: '/reports' }, url, 30_000)).toBe('trigger: "/reports" does not match this page');
    expect(triggerReason({ on: 'event', event: 'Todo Added' }, url, 0)).toBe('trigger: waits for the event "Todo Added"');
    expect(triggerReason({ on: 'click', selector: '.help' }, url, 0)).toBe('trigger: waits for a click on ".help"');
    expect(triggerReason(undefined, url, 0)).toMatch(/^trigger: manual/);
  });
});
