// @vitest-environment happy-dom
import type { ContentDocument } from '@touchpoint/content';
import { describe, expect, it, vi } from 'vitest';
import type { Profile } from './facts.js';
import { createStore } from './storage.js';
import { engineHarness, type HarnessOptions } from './testing/engine-harness.js';

const NOW = Date.parse('2026-03-01T10:00:00Z');
const HOUR = 3_600_000;

const harness = engineHarness(NOW);
const { settle } = harness;

/** The engine with a profile whose `show` lists what journeys chose (the shared harness's UI records each slot). */
const setup = (profile: Partial<Profile>, options: Pick<HarnessOptions, 'allowed' | 'store'> = {}) =>
  harness.setup({ identity: { userId: 'u-1' }, profile, ...options });

// Its trigger (a page the user is not on) and its audience (paid users) would both keep it away.
const comeBack = {
  id: 'come-back',
  kind: 'modal',
  audience: { trait: 'plan', op: 'eq', value: 'paid' },
  trigger: { on: 'page', url: '/settings/*' },
  title: 'Welcome back',
} as const;
const tips = { id: 'tips', trigger: { on: 'event', event: 'Never Sent' }, steps: [{ id: 'one', title: 'A tip' }] } as const;
const nps = { id: 'nps', kind: 'nps', question: 'How likely are you to recommend us?', trigger: { on: 'event', event: 'Never Sent' } } as const;
const entered = (id: string, at = NOW - HOUR) => ({ id, journey: `j-${id}`, at });

describe("a journey's show (the profile's `show`)", () => {
  it('shows the content on this visit whatever its trigger and audience, with its lifecycle events, and once', async () => {
    const content = { version: 1, messages: [comeBack] } as unknown as ContentDocument;
    const { controller, screen, tracked, dismiss, navigate } = setup({ show: [entered('come-back')] });
    await controller.setContent(content);
    await settle();
    expect(screen()).toEqual({ main: 'message:come-back' });
    expect(tracked).toEqual(['Message Shown come-back']);
    dismiss('main');
    navigate('/app/reports');
    await settle();
    // Shown since the user entered: the profile still lists it until the collector has the event, and it does not come back.
    expect(screen()).toEqual({});
    expect(tracked).toEqual(['Message Shown come-back', 'Message Dismissed come-back']);
  });

  it('does not show an entry this device already served (the profile lists it until the collector has the show), and does show a later entry, whatever its repeat rule', async () => {
    const content = { version: 1, messages: [comeBack] } as unknown as ContentDocument;
    // The entry was served on an earlier page of this device; the profile of this one still lists it.
    const store = createStore(undefined, false, () => {});
    const earlier = setup({ show: [entered('come-back', NOW - 3 * HOUR)] }, { store });
    await earlier.controller.setContent(content);
    await settle();
    expect(earlier.screen()).toEqual({ main: 'message:come-back' });
    earlier.controller.destroy();
    const before = setup({ show: [entered('come-back', NOW - 3 * HOUR)] }, { store });
    await before.controller.setContent(content);
    await settle();
    expect(before.screen()).toEqual({});
    expect(before.tracked).toEqual([]);

    const after = setup({ show: [entered('come-back', NOW - HOUR)] }, { store });
    await after.controller.setContent(content);
    await settle();
    expect(after.screen()).toEqual({ main: 'message:come-back' });
  });

  it('shows one at a time in the order given: the next when the first closes, skipping ids the content does not have', async () => {
    const content = { version: 1, flows: [tips], messages: [comeBack], surveys: [nps] } as unknown as ContentDocument;
    const { controller, screen, tracked, dismiss } = setup({ show: [entered('gone'), entered('nps'), entered('come-back'), entered('tips')] });
    await controller.setContent(content);
    await settle();
    expect(screen()).toEqual({ main: 'survey:nps' });
    dismiss('main');
    await settle();
    expect(screen()).toEqual({ main: 'message:come-back' });
    dismiss('main');
    await settle();
    expect(screen()).toEqual({ main: 'tips:one' });
    expect(tracked.filter((t) => !t.startsWith('Flow Step'))).toEqual([
      'Survey Shown nps',
      'Survey Dismissed nps',
      'Message Shown come-back',
      'Message Dismissed come-back',
      'Flow Started tips',
    ]);
  });

  it('respects the throttle between unsolicited content: the second waits for the next page view after the spacing', async () => {
    const content = { version: 1, settings: { throttle: { minMinutesBetween: 30 } }, flows: [tips], messages: [comeBack] } as unknown as ContentDocument;
    const { controller, screen, dismiss, navigate, warnings } = setup({ show: [entered('come-back'), entered('tips')] });
    await controller.setContent(content);
    await settle();
    expect(screen()).toEqual({ main: 'message:come-back' });
    dismiss('main');
    await settle();
    expect(screen()).toEqual({});
    expect(warnings.at(-1)).toMatch(/^flow "tips" was triggered but does not show: throttle: the last content showed 0 minute\(s\) ago/);
    await vi.advanceTimersByTimeAsync(31 * 60_000);
    navigate('/app/reports');
    await settle();
    expect(screen()).toEqual({ main: 'tips:one' });
  });

  it('waits for content already running: a running tour keeps the screen until it ends', async () => {
    const tour = { id: 'welcome', trigger: { on: 'page', url: '/app/*' }, steps: [{ id: 'hi', title: 'Welcome' }] } as const;
    const content = { version: 1, flows: [tour], messages: [comeBack] } as unknown as ContentDocument;
    // The tour started on an earlier page (before the user entered the journey) and resumes on this one.
    const store = createStore(undefined, false, () => {});
    const earlier = setup({}, { store });
    await earlier.controller.setContent(content);
    await settle();
    expect(earlier.screen()).toEqual({ main: 'welcome:hi' });
    earlier.controller.destroy();
    const { controller, screen, dismiss } = setup({ show: [entered('come-back')] }, { store });
    await controller.setContent(content);
    await settle();
    expect(screen()).toEqual({ main: 'welcome:hi' });
    dismiss('main');
    await settle();
    expect(screen()).toEqual({ main: 'message:come-back' });
  });

  it('respects consent and the global holdout: nothing shows without consent, or to a user in the holdout', async () => {
    const content = { version: 1, messages: [comeBack] } as unknown as ContentDocument;
    let consented = false;
    const pending = setup({ show: [entered('come-back')] }, { allowed: () => consented });
    await pending.controller.setContent(content);
    await settle();
    expect(pending.screen()).toEqual({});
    consented = true;
    pending.navigate('/app/reports');
    await settle();
    expect(pending.screen()).toEqual({ main: 'message:come-back' });

    const heldOut = { ...content, settings: { holdout: 100 } } as ContentDocument;
    const held = setup({ show: [entered('come-back')] });
    await held.controller.setContent(heldOut);
    await settle();
    expect(held.screen()).toEqual({});
    expect(held.warnings.at(-1)).toMatch(/^message "come-back" was triggered but does not show: holdout/);
  });
});
