// @vitest-environment happy-dom
import type { ContentDocument } from '@touchpoint/content';
import type { TouchpointUI } from '@touchpoint/ui';
import { afterEach, describe, expect, it } from 'vitest';
import { createFlowController, type FlowController } from './flows.js';
import { createStore } from './storage.js';
import { fakePlatform } from './testing/fake-platform.js';

const NOW = Date.now();
const content: ContentDocument = {
  version: 1,
  segments: [
    { id: 'free', all: [{ trait: 'plan', op: 'eq', value: 'free' }] },
    { id: 'admins', all: [{ trait: 'role', op: 'eq', value: 'admin' }] },
  ],
  messages: [{ id: 'hello', kind: 'banner', trigger: { on: 'page', url: '/app/*' }, body: 'Hi' }],
  checklists: [{ id: 'start', title: 'Start', items: [{ id: 'a', title: 'A', done: { event: 'Todo Added' } }] }],
};

const controllers: FlowController[] = [];
afterEach(() => controllers.splice(0).forEach((c) => c.destroy()));

/** The engine for a user whose profile says they dismissed "hello" yesterday, on another device. */
function setup() {
  const fake = fakePlatform({ url: 'https://app.example.com/app/home' });
  const shown: string[] = [];
  const ui: TouchpointUI = {
    showStep() {},
    showMessage: (view) => void shown.push(view.key),
    showSurvey() {},
    dock() {},
    hide() {},
    destroy() {},
  };
  const profile = {
    asOf: NOW - 1000,
    events: { 'Todo Added': { total: 3, days: { [new Date(NOW - 86_400_000).toISOString().slice(0, 10)]: 3 } } },
    features: {},
    content: { hello: { 'Message Shown': { last: NOW - 86_400_000, count: 1 }, 'Message Dismissed': { last: NOW - 86_400_000, count: 1 } } },
  };
  const store = createStore(undefined, false, () => {});
  const controller = createFlowController({
    platform: fake.platform,
    document,
    store,
    identity: () => ({ userId: 'pm-1', anonymousId: 'anon-1', traits: { plan: 'free' }, groupTraits: { tier: 'high' } }),
    sessionId: () => 's',
    fetchJson: async () => profile,
    navigate() {},
    track: (name, properties) => controller.happen({ kind: 'event', name, url: fake.platform.page().url, properties }),
    loadUI: async () => ({ createUI: () => ui }),
    locale: 'en',
    allowed: () => true,
    warn() {},
  });
  controllers.push(controller);
  return { controller, shown, store };
}

describe('inspect() (the debugger)', () => {
  it('lists items, segments, the user and their events; the reset forgets what they saw on any device, not who they are', async () => {
    const { controller, shown, store } = setup();
    await controller.setContent(content);
    controller.happen({ kind: 'event', name: 'Todo Added', url: 'https://app.example.com/app/home', properties: {} });
    expect(controller.explain('hello').reasons).toEqual(['repeat: repeat "once": already shown']);

    const inspection = await controller.inspect();
    expect(inspection.items).toEqual([
      { id: 'hello', kind: 'message', detail: 'banner' },
      { id: 'start', kind: 'checklist' },
    ]);
    expect(inspection.segments).toEqual([
      { id: 'free', member: true },
      { id: 'admins', member: false, reason: expect.stringContaining('role') },
    ]);
    expect(inspection.user).toMatchObject({ userId: 'pm-1', traits: { plan: 'free' }, groupTraits: { tier: 'high' } });
    // Newest first (the checklist's item was done by the profile's events, when the content came).
    expect(inspection.recent.map((e) => e.event)).toEqual(['Todo Added', 'Checklist Item Completed']);
    expect(inspection.totals).toEqual({ 'Todo Added': 4, 'Checklist Item Completed': 1 });

    inspection.resetContent();
    await new Promise((r) => setTimeout(r, 0));
    expect(controller.explain('hello')).toEqual({ eligible: true, reasons: [] });
    await expect.poll(() => shown).toEqual(['message:hello']);
    // Who they are and what they did stay: only their content history went.
    const after = await controller.inspect();
    expect(after.user.userId).toBe('pm-1');
    expect(after.totals['Todo Added']).toBe(4);
    expect(store.keys('tp.since')).toEqual(['tp.since']);
  });
});
