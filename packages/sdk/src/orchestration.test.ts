// @vitest-environment happy-dom
import type { ContentDocument } from '@touchpoint/content';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { engineHarness, type HarnessOptions } from './testing/engine-harness.js';

const harness = engineHarness(Date.parse('2026-03-01T10:00:00Z'));
const { settle, frame } = harness;

/** The engine with the shared harness's UI, for a visitor with `traits` (`content` is set by each test). */
const setup = (_content: ContentDocument, traits: Record<string, unknown> = { plan: 'free' }, loadUI?: HarnessOptions['loadUI']) =>
  harness.setup({ identity: { traits }, ...(loadUI && { loadUI }) });

const banner = {
  id: 'free-plan',
  kind: 'banner',
  position: 'top',
  audience: { trait: 'plan', op: 'eq', value: 'free' },
  trigger: { on: 'page', url: '/app/*' },
  title: 'You are on the Free plan',
} as const;
const modal = { id: 'export-news', kind: 'modal', trigger: { on: 'page', url: '/app/*' }, title: 'Export is here' } as const;
const nps = { id: 'nps', kind: 'nps', question: 'How likely are you to recommend us?', trigger: { on: 'delay', seconds: 30 } } as const;
const tour = { id: 'welcome', trigger: { on: 'page', url: '/app/*' }, priority: 10, steps: [{ id: 'hi', title: 'Welcome' }] } as const;

describe('which items share the screen', () => {
  it('an open banner holds back neither a modal nor a survey; the survey waits for the modal, then shows', async () => {
    const { controller, screen, press } = setup({ version: 1, messages: [banner, modal], surveys: [nps] });
    await controller.setContent({ version: 1, messages: [banner, modal], surveys: [nps] });
    await settle();
    expect(screen()).toEqual({ banner: 'message:free-plan', main: 'message:export-news' });
    // Every reason, as always: what holds it back now, and what it waits for.
    expect(controller.explain('nps')).toEqual({
      eligible: false,
      reasons: ['slot "main": waits for message "export-news" to close', 'trigger: shows 30 s after the page loads'],
    });

    await vi.advanceTimersByTimeAsync(30_000);
    expect(screen()).toEqual({ banner: 'message:free-plan', main: 'message:export-news' });
    expect(controller.explain('nps')).toEqual({ eligible: false, reasons: ['slot "main": waits for message "export-news" to close'] });

    press('main', 'dismiss');
    await settle();
    expect(screen()).toEqual({ banner: 'message:free-plan', main: 'survey:nps' });
    expect(controller.explain('nps')).toEqual({ eligible: true, reasons: [] });
    expect(controller.explain('free-plan')).toEqual({ eligible: true, reasons: [] });
  });

  it('a modal waiting for a tour shows when the user dismisses the tour, and explain() says what it waits for', async () => {
    const content = { version: 1, flows: [tour], messages: [banner, modal] } as unknown as ContentDocument;
    const { controller, screen, press, tracked } = setup(content);
    await controller.setContent(content);
    await settle();
    expect(screen()).toEqual({ banner: 'message:free-plan', main: 'welcome:hi' });
    expect(controller.explain('export-news')).toEqual({ eligible: false, reasons: ['slot "main": waits for flow "welcome" to close'] });
    await frame();

    press('main', 'dismiss');
    await settle();
    expect(screen()).toEqual({ banner: 'message:free-plan', main: 'message:export-news' });
    expect(tracked).toEqual([
      'Flow Started welcome',
      'Message Shown free-plan',
      'Flow Step Viewed welcome/hi',
      'Flow Dismissed welcome/hi',
      'Message Shown export-news',
    ]);
    expect(controller.explain('export-news')).toEqual({ eligible: true, reasons: [] });
  });

  it('holds one item per slot: a second banner waits for the first, and shows once it closes', async () => {
    const second = { ...banner, id: 'maintenance', audience: undefined, priority: -1, title: 'Maintenance tonight' };
    const content = { version: 1, messages: [second, banner] } as unknown as ContentDocument;
    const { controller, screen, press } = setup(content);
    await controller.setContent(content);
    await settle();
    expect(screen()).toEqual({ banner: 'message:free-plan' });
    expect(controller.explain('maintenance')).toEqual({ eligible: false, reasons: ['slot "banner": waits for message "free-plan" to close'] });
    press('banner', 'dismiss');
    await settle();
    expect(screen()).toEqual({ banner: 'message:maintenance' });
  });

  it('says eligible only of what shows: an item closed on this page waits for the next page view, which shows it again', async () => {
    const again = { ...modal, repeat: 'always' } as const;
    const content = { version: 1, messages: [again] } as unknown as ContentDocument;
    const { controller, screen, press, navigate } = setup(content);
    await controller.setContent(content);
    await settle();
    expect(controller.explain('export-news')).toEqual({ eligible: true, reasons: [] });
    press('main', 'dismiss');
    await settle();
    expect(screen()).toEqual({});
    expect(controller.explain('export-news')).toEqual({ eligible: false, reasons: ['trigger: waits for the next page view'] });
    navigate('/app/reports');
    await settle();
    expect(screen()).toEqual({ main: 'message:export-news' });
  });

  it('keeps the documented throttle across slots: at most N a session, whatever their slot', async () => {
    const content = { version: 1, settings: { throttle: { maxPerSession: 1 } }, messages: [{ ...banner, priority: 1 }, modal] } as unknown as ContentDocument;
    const { controller, screen } = setup(content);
    await controller.setContent(content);
    await settle();
    expect(screen()).toEqual({ banner: 'message:free-plan' });
    expect(controller.explain('export-news')).toEqual({ eligible: false, reasons: ['throttle: 1 shown this session (at most 1)'] });
  });
});

describe('hints (tooltip and hotspot messages) beside everything else', () => {
  const hotspot = {
    id: 'filters-new',
    kind: 'hotspot',
    target: '#filters',
    trigger: { on: 'page', url: '/app/*' },
    repeat: 'until-completed',
    title: 'New: filters',
  } as const;
  const tip = { id: 'export-tip', kind: 'tooltip', target: '#export', trigger: { on: 'page', url: '/app/*' }, title: 'Export from here' } as const;
  beforeEach(() => {
    document.body.innerHTML = '<button id="filters">Filters</button><button id="export">Export</button>';
  });

  it('a persistent hotspot holds back neither a tour nor a modal, and a tour step does not replace it', async () => {
    const content = { version: 1, flows: [tour], messages: [hotspot, modal] } as unknown as ContentDocument;
    const { controller, screen, press } = setup(content);
    await controller.setContent(content);
    await settle();
    expect(screen()).toEqual({ hint: 'message:filters-new', main: 'welcome:hi' });
    expect(controller.explain('filters-new')).toEqual({ eligible: true, reasons: [] });
    expect(controller.explain('export-news')).toEqual({ eligible: false, reasons: ['slot "main": waits for flow "welcome" to close'] });
    press('main', 'dismiss');
    await settle();
    expect(screen()).toEqual({ hint: 'message:filters-new', main: 'message:export-news' });
  });

  it('holds one hint at a time: a tooltip waits for the hotspot, and shows once it closes; what main shows stays', async () => {
    const content = { version: 1, flows: [tour], messages: [{ ...hotspot, priority: 1 }, tip] } as unknown as ContentDocument;
    const { controller, screen, press, tracked } = setup(content);
    await controller.setContent(content);
    await settle();
    expect(screen()).toEqual({ hint: 'message:filters-new', main: 'welcome:hi' });
    expect(controller.explain('export-tip')).toEqual({ eligible: false, reasons: ['slot "hint": waits for message "filters-new" to close'] });
    press('hint', 'dismiss');
    await settle();
    expect(screen()).toEqual({ hint: 'message:export-tip', main: 'welcome:hi' });
    // "Got it" on the hint completes it; the tour goes on.
    press('hint', 'next');
    await settle();
    expect(screen()).toEqual({ main: 'welcome:hi' });
    expect(tracked.filter((t) => t.startsWith('Message'))).toEqual([
      'Message Shown filters-new',
      'Message Dismissed filters-new',
      'Message Shown export-tip',
      'Message Clicked export-tip',
    ]);
  });
});

describe('show() and explain() of a checklist', () => {
  const checklist = {
    id: 'getting-started',
    title: 'Get started',
    audience: { trait: 'role', op: 'eq', value: 'admin' },
    items: [{ id: 'first', title: 'Add a todo', done: { event: 'Todo Added' } }],
  } as const;

  it('show(id) opens the checklist panel with its launcher whatever its audience; explain() tells why it did not show before', async () => {
    const content = { version: 1, checklists: [checklist] } as unknown as ContentDocument;
    const { controller, dock } = setup(content, { role: 'member' });
    await controller.setContent(content);
    await settle();
    expect(dock()).toBeNull();
    expect(controller.explain('getting-started')).toEqual({ eligible: false, reasons: ['audience: trait "role" is "member", not eq "admin"'] });

    controller.show('getting-started');
    await settle();
    expect(dock()).toMatchObject({ open: 'checklist', checklist: { id: 'getting-started', title: 'Get started' } });
    expect(controller.explain('getting-started')).toEqual({ eligible: true, reasons: [] });
  });
});

describe('lastSeen in the page', () => {
  it('the user is here: last seen now, so "not seen for a week" holds for nobody in the app, and the reason says so', async () => {
    const modal = (id: string, days: number, op: 'gte' | 'lt') => ({
      id,
      kind: 'modal',
      title: id,
      trigger: { on: 'page', url: '/app/*' },
      audience: { lastSeen: { op, days } },
    });
    const content = { version: 1, messages: [modal('lapsed', 7, 'gte'), modal('active', 1, 'lt')] } as unknown as ContentDocument;
    const { controller, screen, navigate } = setup(content);
    await controller.setContent(content);
    navigate('/app/home');
    await settle();
    expect(screen()).toEqual({ main: 'message:active' });
    expect(controller.explain('lapsed').reasons).toContain('audience: last seen 0 day(s) ago, not gte 7');
  });
});

describe('events the engine emits', () => {
  // The runtime feeds every tracked event back to the engine; what an event triggers must
  // see the state the transition that sent it ends in, not a half-done one.
  const followUp = (event: string) => ({ id: 'follow-up', kind: 'modal', trigger: { on: 'event', event }, title: 'One more thing' }) as const;

  it('a message dismissed frees its slot before its Message Dismissed triggers the next one', async () => {
    const content = { version: 1, messages: [modal, followUp('Message Dismissed')] } as unknown as ContentDocument;
    const { controller, screen, press, tracked } = setup(content);
    await controller.setContent(content);
    await settle();
    expect(screen()).toEqual({ main: 'message:export-news' });
    press('main', 'dismiss');
    await settle();
    expect(screen()).toEqual({ main: 'message:follow-up' });
    expect(tracked).toEqual(['Message Shown export-news', 'Message Dismissed export-news', 'Message Shown follow-up']);
  });

  it('a CTA closes its message before its Message Clicked triggers the next one', async () => {
    const content = {
      version: 1,
      messages: [{ ...modal, cta: { label: 'OK', action: 'dismiss' } }, followUp('Message Clicked')],
    } as unknown as ContentDocument;
    const { controller, screen, press, tracked } = setup(content);
    await controller.setContent(content);
    await settle();
    press('main', 'cta');
    await settle();
    expect(screen()).toEqual({ main: 'message:follow-up' });
    expect(tracked).toEqual(['Message Shown export-news', 'Message Clicked export-news', 'Message Shown follow-up']);
  });

  it('a step counts as viewed once a frame has drawn it; one left before that is never viewed', async () => {
    const two = {
      ...tour,
      steps: [
        { id: 'hi', title: 'Welcome' },
        { id: 'next', title: 'Next' },
        { id: 'last', title: 'Last' },
      ],
    };
    const content = { version: 1, flows: [two] } as unknown as ContentDocument;
    const { controller, screen, press, tracked } = setup(content);
    await controller.setContent(content);
    await settle();
    expect(screen()).toEqual({ main: 'welcome:hi' });
    expect(tracked).toEqual(['Flow Started welcome']);
    await frame();
    await frame();
    expect(tracked).toEqual(['Flow Started welcome', 'Flow Step Viewed welcome/hi']);
    // Step 2 is left before any frame has drawn it: never on screen, never viewed.
    press('main', 'next');
    await settle();
    press('main', 'next');
    await settle();
    expect(screen()).toEqual({ main: 'welcome:last' });
    await frame();
    expect(tracked).toEqual(['Flow Started welcome', 'Flow Step Viewed welcome/hi', 'Flow Step Viewed welcome/last']);
  });

  it('a Flow Completed that starts another item sees the flow finished', async () => {
    const content = { version: 1, flows: [tour], messages: [followUp('Flow Completed')] } as unknown as ContentDocument;
    const { controller, screen, press, tracked } = setup(content);
    await controller.setContent(content);
    await settle();
    await frame();
    press('main', 'next');
    await settle();
    expect(screen()).toEqual({ main: 'message:follow-up' });
    expect(controller.explain('welcome')).toEqual({
      eligible: false,
      reasons: ['slot "main": waits for message "follow-up" to close', 'repeat: repeat "once": already shown', 'trigger: waits for the next page view'],
    });
    expect(tracked).toEqual(['Flow Started welcome', 'Flow Step Viewed welcome/hi', 'Flow Completed welcome', 'Message Shown follow-up']);
  });
});

describe('the presenter draws what the engine decided, whenever it arrives', () => {
  it('a UI that loads late draws only the latest state of each slot', async () => {
    let arrive!: () => void;
    const content = { version: 1, messages: [banner, modal] } as unknown as ContentDocument;
    const late = setup(content, { plan: 'free' }, () => new Promise((resolve) => (arrive = () => resolve({ createUI: () => late.ui }))));
    await late.controller.setContent(content);
    // Before the UI arrives: both close, then the modal is asked for again.
    late.controller.dismiss();
    expect(late.tracked).toEqual(['Message Shown free-plan', 'Message Shown export-news', 'Message Dismissed free-plan', 'Message Dismissed export-news']);
    late.controller.show('export-news');
    arrive();
    await settle();
    expect(late.screen()).toEqual({ main: 'message:export-news' });
  });

  it('a UI that fails to load frees the slot: what is triggered next shows once it loads', async () => {
    let fail = true;
    const content = { version: 1, messages: [{ ...modal, repeat: 'always' }] } as unknown as ContentDocument;
    const app = setup(content, {}, async () => {
      if (fail) throw new Error('chunk failed');
      return { createUI: () => app.ui };
    });
    await app.controller.setContent(content);
    await settle();
    expect(app.screen()).toEqual({});
    // Nothing holds the slot: the next page view shows it (the UI loads this time).
    fail = false;
    app.navigate('/app/reports');
    await settle();
    expect(app.screen()).toEqual({ main: 'message:export-news' });
  });
});
