import type { Flow } from '@touchpoint/content';
import { describe, expect, it } from 'vitest';
import { begin, blockedReason, dismiss, goTo, readProgress, stepAdvances, targetMissing, triggerFires, triggeredBy, type FlowProgress } from './flow-engine.js';

const DAY = 86_400_000;
const empty: FlowProgress = { seen: {} };
const f = (id: string, extra: Partial<Flow> = {}): Flow => ({ id, steps: [{ id: 's1' }, { id: 's2' }, { id: 's3' }], ...extra });
const page = (url: string) => ({ kind: 'page' as const, url: `https://app.test${url}` });

describe('repeat rules', () => {
  it('once: never again after it started; until-completed: until completed; always; every N days', () => {
    const started = { seen: { a: { lastStarted: 0 } } };
    const completed = { seen: { a: { lastStarted: 0, completed: 5 } } };
    expect(blockedReason(f('a'), empty, 0)).toBeNull();
    expect(blockedReason(f('a'), started, 0)).toMatch(/once/);
    expect(blockedReason(f('a', { repeat: 'until-completed' }), started, 0)).toBeNull();
    expect(blockedReason(f('a', { repeat: 'until-completed' }), completed, 0)).toMatch(/completed/);
    expect(blockedReason(f('a', { repeat: 'always' }), completed, 0)).toBeNull();
    expect(blockedReason(f('a', { repeat: { everyDays: 7 } }), started, 6 * DAY)).toMatch(/7 days: shown 6/);
    expect(blockedReason(f('a', { repeat: { everyDays: 7 } }), started, 7 * DAY)).toBeNull();
  });

  it('dismissed stays dismissed, unless repeat is "always" or every N days', () => {
    const dismissed = { seen: { a: { lastStarted: 0, dismissed: 1 } } };
    expect(blockedReason(f('a', { repeat: 'until-completed' }), dismissed, 2)).toBe('dismissed by the user');
    expect(blockedReason(f('a', { repeat: 'always' }), dismissed, 2)).toBeNull();
    expect(blockedReason(f('a', { repeat: { everyDays: 1 } }), dismissed, 2 * DAY)).toBeNull();
  });
});

describe('triggers', () => {
  it('page globs, events (with optional URL), clicks by selector; manual and missing never fire', () => {
    expect(triggerFires({ on: 'page', url: '/app/*' }, page('/app/x'))).toBe(true);
    expect(triggerFires({ on: 'page', url: '/app/*' }, page('/settings'))).toBe(false);
    expect(triggerFires({ on: 'event', event: 'Todo Added' }, { kind: 'event', name: 'Todo Added', url: 'https://app.test/' })).toBe(true);
    expect(triggerFires({ on: 'event', event: 'Todo Added', url: '/app' }, { kind: 'event', name: 'Todo Added', url: 'https://app.test/' })).toBe(false);
    expect(triggerFires({ on: 'click', selector: '.help' }, { kind: 'click', url: 'https://app.test/', matches: (s) => s === '.help' })).toBe(true);
    expect(triggerFires({ on: 'manual' }, page('/'))).toBe(false);
    expect(triggerFires(undefined, page('/'))).toBe(false);
  });

  it('picks the highest priority among the flows that may start', () => {
    const flows = [
      f('low', { trigger: { on: 'page', url: '/app' }, priority: 1 }),
      f('high', { trigger: { on: 'page', url: '/app' }, priority: 9 }),
      f('seen', { trigger: { on: 'page', url: '/app' }, priority: 99 }),
      f('other', { trigger: { on: 'page', url: '/other' }, priority: 50 }),
    ];
    const candidates = triggeredBy(flows, page('/app'));
    expect(candidates.map((f) => f.id)).toEqual(['seen', 'high', 'low']);
    // The controller starts the first that nothing blocks: "seen" was already shown once.
    const progress = { seen: { seen: { lastStarted: 0 } } };
    expect(candidates.find((f) => blockedReason(f, progress, 0) === null)?.id).toBe('high');
  });
});

describe('transitions', () => {
  it('start, next, back, complete, with the Flow events', () => {
    const flow = f('a');
    let t = begin(empty, flow, 100, 'b');
    expect(t.events).toEqual([{ name: 'Flow Started', properties: { flow_id: 'a', variation_id: 'b' } }]);
    t = goTo(t.progress, flow, 1, 110);
    t = goTo(t.progress, flow, 0, 120);
    // The variant stays with the running flow, so its copy survives navigation and reloads.
    expect(t.progress.active).toEqual({ flowId: 'a', stepIndex: 0, variant: 'b' });
    t = goTo(t.progress, flow, 3, 130);
    expect(t.events).toEqual([{ name: 'Flow Completed', properties: { flow_id: 'a' } }]);
    expect(t.progress).toEqual({ active: undefined, seen: { a: { lastStarted: 100, completed: 130 } } });
  });

  it('dismiss names the step; a missing target skips to the next step, or ends when the step says so', () => {
    const flow: Flow = { id: 'a', steps: [{ id: 's1' }, { id: 's2', onMissing: 'end' }, { id: 's3' }] };
    const at = (i: number) => ({ active: { flowId: 'a', stepIndex: i }, seen: { a: { lastStarted: 0 } } });
    const url = 'https://app.test/app';
    expect(dismiss(at(1), flow).events).toEqual([{ name: 'Flow Dismissed', properties: { flow_id: 'a', step_id: 's2', step_index: 1 } }]);
    expect(targetMissing(at(0), flow, 1, url)).toEqual({
      progress: { active: { flowId: 'a', stepIndex: 1 }, seen: { a: { lastStarted: 0 } } },
      events: [{ name: 'Flow Target Missing', properties: { flow_id: 'a', step_id: 's1', url } }],
    });
  });

  it('a flow whose remaining steps cannot show ends as Flow Dismissed with reason target_missing, never completed, and not as the user’s dismissal', () => {
    const flow: Flow = { id: 'a', steps: [{ id: 's1' }, { id: 's2', onMissing: 'end' }, { id: 's3' }] };
    const at = (i: number) => ({ active: { flowId: 'a', stepIndex: i }, seen: { a: { lastStarted: 0 } } });
    const url = 'https://app.test/app';
    const ended = (stepId: string, index: number) => ({
      progress: { active: undefined, seen: { a: { lastStarted: 0 } } },
      events: [
        { name: 'Flow Target Missing', properties: { flow_id: 'a', step_id: stepId, url } },
        { name: 'Flow Dismissed', properties: { flow_id: 'a', step_id: stepId, step_index: index, reason: 'target_missing' } },
      ],
    });
    // The step ends the flow when missing.
    expect(targetMissing(at(1), flow, 5, url)).toEqual(ended('s2', 1));
    // The last step: nothing left to show.
    expect(targetMissing(at(2), flow, 5, url)).toEqual(ended('s3', 2));
    // A user who then finishes a later step completes the flow, as before.
    const skipped = targetMissing(at(0), flow, 5, url);
    expect(goTo(skipped.progress, flow, 3, 6).events).toEqual([{ name: 'Flow Completed', properties: { flow_id: 'a' } }]);
  });

  it('advances steps by event or URL, never by a plain page view for button steps', () => {
    expect(stepAdvances({ id: 's', advance: { event: 'Saved' } }, { kind: 'event', name: 'Saved', url: '' })).toBe(true);
    expect(stepAdvances({ id: 's', advance: { url: '/done*' } }, page('/done/1'))).toBe(true);
    expect(stepAdvances({ id: 's' }, page('/done'))).toBe(false);
    expect(stepAdvances({ id: 's', advance: { click: true } }, page('/'))).toBe(false);
  });

  it('reads stored progress defensively', () => {
    expect(readProgress(undefined)).toEqual({ active: undefined, seen: {} });
    expect(readProgress({ active: { flowId: 'a', stepIndex: -1 }, seen: 'x' })).toEqual({ active: undefined, seen: {} });
    expect(readProgress({ active: { flowId: 'a', stepIndex: 2 }, seen: { a: { lastStarted: 1 } } })).toEqual({
      active: { flowId: 'a', stepIndex: 2 },
      seen: { a: { lastStarted: 1 } },
    });
  });
});
