import type { DockView, TouchpointUI } from '@touchpoint/ui';
import { afterEach, beforeAll, beforeEach, vi } from 'vitest';
import type { Profile } from '../facts.js';
import { createFlowController, type FlowController } from '../flows.js';
import type { Identity } from '../identity.js';
import { createStore, type KeyValueStore } from '../storage.js';
import { fakePlatform } from './fake-platform.js';

const HOUR = 3_600_000;

/** What a slot shows: its view's key, and the buttons the UI was given. */
export interface Shown {
  key: string;
  actions: { dismiss(): void; cta?(): void; next?(): void };
}

export interface HarnessOptions {
  /** Who is on the page. @default an anonymous free-plan visitor */
  identity?: Partial<Identity>;
  /** The profile the collector answers (its `asOf` an hour ago); without it, none. */
  profile?: Partial<Profile>;
  allowed?: () => boolean;
  store?: KeyValueStore;
  loadUI?: () => Promise<{ createUI(): TouchpointUI }>;
}

/**
 * The engine on a fake page for unit tests (orchestration, journeys' show), with a UI that
 * records what is on screen slot by slot (a show replaces what its slot holds; `hide(slot)`
 * empties that slot only), as the real UI does. Registers the file's hooks: fake timers from
 * `now`, the presenter chunk loaded once (so a show settles within the fake clock's ticks),
 * every controller destroyed after each test.
 */
export function engineHarness(now: number) {
  const controllers: FlowController[] = [];
  beforeAll(() => import('../presenter.js'));
  beforeEach(() => {
    vi.useFakeTimers({ now });
  });
  afterEach(() => {
    controllers.splice(0).forEach((c) => c.destroy());
    vi.useRealTimers();
  });

  function setup(o: HarnessOptions = {}) {
    const fake = fakePlatform({ url: 'https://app.example.com/app/home' });
    const screen: Record<string, Shown> = {};
    let dock: DockView | null = null;
    const ui: TouchpointUI = {
      showStep: (view, actions) => void (screen[view.slot ?? 'main'] = { key: view.key, actions }),
      showMessage: (view, actions) => void (screen[view.slot ?? 'main'] = { key: view.key, actions }),
      showSurvey: (view, actions) => void (screen.main = { key: view.key, actions }),
      dock: (view) => void (dock = view),
      hide: (slot) => void delete screen[slot ?? 'main'],
      destroy() {},
    };
    const url = () => fake.platform.page().url;
    const tracked: string[] = [];
    const warnings: string[] = [];
    const { profile } = o;
    const controller: FlowController = createFlowController({
      platform: fake.platform,
      document,
      store: o.store ?? createStore(undefined, false, () => {}),
      identity: () => ({ anonymousId: 'anon-1', traits: { plan: 'free' }, groupTraits: {}, ...o.identity }),
      sessionId: () => 'session-1',
      fetchJson: async () => profile && { asOf: now - HOUR, events: {}, features: {}, content: {}, ...profile },
      navigate() {},
      track(event, properties) {
        const step = properties.step_id === undefined ? '' : `/${String(properties.step_id)}`;
        tracked.push(`${event} ${String(properties.flow_id ?? properties.message_id ?? properties.survey_id ?? properties.checklist_id ?? '')}${step}`);
        controller.happen({ kind: 'event', name: event, url: url(), properties });
      },
      loadUI: o.loadUI ?? (async () => ({ createUI: () => ui })),
      locale: 'en',
      allowed: o.allowed ?? (() => true),
      warn: (message) => void warnings.push(message),
    });
    controllers.push(controller);
    return {
      controller,
      ui,
      tracked,
      warnings,
      /** What each slot shows now: slot → view key. */
      screen: () => Object.fromEntries(Object.entries(screen).map(([slot, shown]) => [slot, shown.key])),
      /** Presses a button of what `slot` shows. */
      press: (slot: string, action: keyof Shown['actions']) => screen[slot]!.actions[action]!(),
      dismiss: (slot: string) => screen[slot]!.actions.dismiss(),
      dock: () => dock,
      navigate(path: string) {
        fake.state.url = `https://app.example.com${path}`;
        controller.happen({ kind: 'page', url: url() });
      },
    };
  }

  return {
    setup,
    settle: () => vi.advanceTimersByTimeAsync(0),
    /** One animation frame and the task after it: a step drawn before is now on screen (and counted viewed). */
    frame: () => vi.advanceTimersByTimeAsync(17),
  };
}
