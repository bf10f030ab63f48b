import { describe, expect, it } from 'vitest';
import type { EventRow } from '../store/store.js';
import { converts, factsOf, type EventFacts } from './event-facts.js';
import { contentKey, flowKey } from './rollup-keys.js';

const DAY = 86_400_000;
const AT = 20_412 * DAY + 3_600_000;

function row(extra: Partial<EventRow>): EventRow {
  return { messageId: 'm', type: 'track', event: null, userId: 'u1', anonymousId: 'a1', groupId: null, timestamp: AT, receivedAt: AT, payload: '{}', ...extra };
}
const track = (event: string, properties: Record<string, unknown> = {}, extra: Partial<EventRow> = {}) => row({ event, properties, ...extra });

/** The parts of the facts a case is about; the rest is checked by the first cases. */
const keysOf = (f: EventFacts | undefined) => f && { userDays: f.userDays.map((d) => `${d.kind}:${d.key}`), accountCounts: f.accountCounts };

describe('factsOf: what one stored event counts for', () => {
  it('a preview event (sent from a tab previewing the draft or building: the team testing) counts for nothing', () => {
    const counted = track('Flow Started', { flow_id: 'tour' }, { groupId: 'acme', exposure: { experimentId: 'x', variant: 'b' } });
    expect(factsOf(counted)).toBeDefined();
    expect(factsOf({ ...counted, preview: true })).toBeUndefined();
    expect(factsOf(row({ type: 'group', groupId: 'acme', traits: { tier: 'gold' }, preview: true }))).toBeUndefined();
  });

  it("a survey's answer: its score as sent, its comment (else its answer) when non-empty text; none without a survey id", () => {
    expect(factsOf(track('Survey Answered', { survey_id: 'nps', score: 9, comment: 'great', answer: 'x' }))?.survey).toEqual({
      surveyId: 'nps',
      score: 9,
      text: 'great',
    });
    expect(factsOf(track('Survey Answered', { survey_id: 'nps', score: 3, comment: null, answer: 'slow' }))?.survey).toEqual({
      surveyId: 'nps',
      score: 3,
      text: 'slow',
    });
    expect(factsOf(track('Survey Answered', { survey_id: 'nps', comment: '' }))?.survey).toEqual({ surveyId: 'nps', score: null });
    expect(factsOf(track('Survey Answered', { survey_id: 'nps', score: 'n/a', comment: 7 }))?.survey).toEqual({ surveyId: 'nps', score: 'n/a' });
    expect(factsOf(track('Survey Answered', { survey_id: 42, score: 9 }))?.survey).toBeUndefined();
    expect(factsOf(track('Survey Shown', { survey_id: 'nps', score: 9 }))?.survey).toBeUndefined();
  });

  it('names the user, the day and the account; anonymous users count under their anonymous id', () => {
    expect(factsOf(row({ type: 'page', groupId: 'acme' }))).toEqual({
      userKey: 'u1',
      at: AT,
      day: 20_412,
      accountId: 'acme',
      identified: true,
      userDays: [{ kind: 'active', key: '' }],
      accountCounts: [''],
      goals: [],
      ids: ['u1', 'a1'],
    });
    expect(factsOf(row({ type: 'page', userId: null }))).toMatchObject({ userKey: 'a1', identified: false, accountId: null, accountCounts: [] });
    expect(factsOf(row({ userId: null, anonymousId: null }))).toBeUndefined();
    // Before 1970 the day is still the UTC day the time falls in.
    expect(factsOf(row({ timestamp: -1 }))?.day).toBe(-1);
  });

  it.each<[string, EventRow, ReturnType<typeof keysOf>]>([
    ['a page view: active only', row({ type: 'page' }), { userDays: ['active:'], accountCounts: [] }],
    ['an identify: active only', row({ type: 'identify', traits: { role: 'admin' } }), { userDays: ['active:'], accountCounts: [] }],
    [
      'a tracked event, in an account',
      track('Todo Added', {}, { groupId: 'acme' }),
      { userDays: ['active:', 'event:Todo Added'], accountCounts: ['', 'event:Todo Added'] },
    ],
    [
      'Feature Used: the event and the feature',
      track('Feature Used', { feature_id: 'export' }, { groupId: 'acme' }),
      { userDays: ['active:', 'event:Feature Used', 'feature:export'], accountCounts: ['', 'event:Feature Used', 'feature:export'] },
    ],
    [
      'Feature Used without a string feature_id: the event only',
      track('Feature Used', { feature_id: 7 }),
      { userDays: ['active:', 'event:Feature Used'], accountCounts: [] },
    ],
    [
      'Element Clicked: the click features it matched, never the raw event',
      track('Element Clicked', { path: [] }, { groupId: 'acme', features: ['export', 'filters'] }),
      { userDays: ['active:', 'feature:export', 'feature:filters'], accountCounts: [''] },
    ],
    ['Element Clicked matching nothing', track('Element Clicked', { path: [] }), { userDays: ['active:'], accountCounts: [] }],
    [
      'Flow Started',
      track('Flow Started', { flow_id: 'tour' }),
      { userDays: ['active:', 'event:Flow Started', `content:${contentKey('Flow Started', 'tour')}`, `flow:${flowKey('tour', 'started')}`], accountCounts: [] },
    ],
    [
      'Flow Completed',
      track('Flow Completed', { flow_id: 'tour' }),
      {
        userDays: ['active:', 'event:Flow Completed', `content:${contentKey('Flow Completed', 'tour')}`, `flow:${flowKey('tour', 'completed')}`],
        accountCounts: [],
      },
    ],
    [
      'Flow Dismissed by the user',
      track('Flow Dismissed', { flow_id: 'tour', step_id: 's', step_index: 0 }),
      {
        userDays: ['active:', 'event:Flow Dismissed', `content:${contentKey('Flow Dismissed', 'tour')}`, `flow:${flowKey('tour', 'dismissed')}`],
        accountCounts: [],
      },
    ],
    [
      'Flow Dismissed because targets were missing: no dismissal',
      track('Flow Dismissed', { flow_id: 'tour', reason: 'target_missing' }),
      { userDays: ['active:', 'event:Flow Dismissed'], accountCounts: [] },
    ],
    [
      'Flow Step Viewed: the step by index and id',
      track('Flow Step Viewed', { flow_id: 'tour', step_id: 's', step_index: 1 }),
      { userDays: ['active:', 'event:Flow Step Viewed', `flow:${flowKey('tour', { stepIndex: 1, stepId: 's' })}`], accountCounts: [] },
    ],
    [
      'Flow Step Viewed without its index: no step',
      track('Flow Step Viewed', { flow_id: 'tour', step_id: 's' }),
      { userDays: ['active:', 'event:Flow Step Viewed'], accountCounts: [] },
    ],
    [
      'Flow Target Missing: the step by id',
      track('Flow Target Missing', { flow_id: 'tour', step_id: 's', url: '/' }),
      { userDays: ['active:', 'event:Flow Target Missing', `flow:${flowKey('tour', { missing: 's' })}`], accountCounts: [] },
    ],
    [
      'a flow event whose flow_id is no string: the event only',
      track('Flow Started', { flow_id: 3 }),
      { userDays: ['active:', 'event:Flow Started'], accountCounts: [] },
    ],
    [
      "Message Shown: the message's reach, no flow funnel",
      track('Message Shown', { message_id: 'm' }),
      { userDays: ['active:', 'event:Message Shown', `content:${contentKey('Message Shown', 'm')}`], accountCounts: [] },
    ],
  ])('%s', (_, input, expected) => {
    expect(keysOf(factsOf(input))).toEqual(expected);
  });

  it("counts every tracked event under its name in the user's day (the holdout report's goal events), clicks too; other types under none", () => {
    expect(factsOf(track('Todo Added'))?.event).toBe('Todo Added');
    expect(factsOf(track('Element Clicked', { path: [{ tag: 'a' }] }))?.event).toBe('Element Clicked');
    expect(factsOf(track('Feature Used', { feature_id: 'export' }))?.event).toBe('Feature Used');
    expect(factsOf(row({ type: 'page' }))?.event).toBeUndefined();
    expect(factsOf(row({ type: 'identify' }))?.event).toBeUndefined();
    expect(factsOf(track('Todo Added', {}, { preview: true }))).toBeUndefined();
  });

  it("carries an identify call's traits (journeys' per-user facts merge them); no other type's", () => {
    expect(factsOf(row({ type: 'identify', traits: { plan: 'pro', email: 'a@x.test' } }))?.traits).toEqual({ plan: 'pro', email: 'a@x.test' });
    expect(factsOf(row({ type: 'group', groupId: 'acme', traits: { tier: 'high' } }))?.traits).toBeUndefined();
    expect(factsOf(row({ type: 'identify', traits: { plan: 'pro' }, preview: true }))).toBeUndefined();
  });

  it("records a group call's tier and traits (a call without a tier keeps the known one)", () => {
    expect(factsOf(row({ type: 'group', groupId: 'acme', traits: { tier: 'high', seats: 5 } }))?.account).toEqual({
      accountId: 'acme',
      tier: 'high',
      traits: { tier: 'high', seats: 5 },
    });
    expect(factsOf(row({ type: 'group', groupId: 'acme', traits: { tier: 3 } }))?.account).toEqual({ accountId: 'acme', tier: null, traits: { tier: 3 } });
    // Another message carrying the account is no group call: it sets nothing.
    expect(factsOf(track('Todo Added', {}, { groupId: 'acme', traits: { tier: 'low' } }))?.account).toBeUndefined();
  });

  it('carries what the content says: the exposure, and the experiments the event is the goal of, with the ids to find the exposure under', () => {
    const exposure = factsOf(track('Experiment Viewed', { experiment_id: 'x', variation_id: 'a' }, { exposure: { experimentId: 'x', variant: 'a' } }));
    expect(exposure).toMatchObject({ userKey: 'u1', exposure: { experimentId: 'x', variant: 'a' }, goals: [] });
    const goal = factsOf(track('Report Exported', {}, { userId: null, goals: [{ experimentId: 'x', windowMs: 7 * DAY }] }));
    expect(goal).toMatchObject({ userKey: 'a1', goals: [{ experimentId: 'x', windowMs: 7 * DAY }], ids: [null, 'a1'] });
    expect(goal?.exposure).toBeUndefined();
  });
});

describe('converts: a goal counts after the exposure, within its window', () => {
  it.each([
    [-1, false],
    [0, true],
    [7 * DAY, true],
    [7 * DAY + 1, false],
  ])('a goal %d ms after the exposure converts: %s', (offset, expected) => {
    expect(converts(AT, AT + offset, 7 * DAY)).toBe(expected);
  });
});

describe('factsOf: target health (a step shown, or its target missing, and where)', () => {
  it('a step viewed counts as one view of the step', () => {
    expect(factsOf(track('Flow Step Viewed', { flow_id: 'tour', step_id: 's', step_index: 1 }))?.step).toEqual({ flowId: 'tour', stepId: 's', missing: false });
  });

  it('a missing target counts for the step, on its page: query and fragment left out (ids and tokens ride there), clipped', () => {
    const f = factsOf(track('Flow Target Missing', { flow_id: 'tour', step_id: 's', url: 'https://app.example.com/app/reports?id=42#top' }));
    expect(f?.step).toEqual({ flowId: 'tour', stepId: 's', missing: true, url: 'https://app.example.com/app/reports' });
    expect(factsOf(track('Flow Target Missing', { flow_id: 'tour', step_id: 's', url: `/a#${'x'.repeat(600)}` }))?.step?.url).toBe('/a');
    expect(factsOf(track('Flow Target Missing', { flow_id: 'tour', step_id: 's', url: `/${'x'.repeat(600)}` }))?.step?.url).toHaveLength(500);
    // Without a URL (an older SDK), the page is unknown but the miss still counts.
    expect(factsOf(track('Flow Target Missing', { flow_id: 'tour', step_id: 's' }))?.step).toEqual({ flowId: 'tour', stepId: 's', missing: true, url: '' });
  });

  it('nothing for a step not named by strings, nor for other events', () => {
    expect(factsOf(track('Flow Target Missing', { flow_id: 'tour' }))?.step).toBeUndefined();
    expect(factsOf(track('Flow Step Viewed', { flow_id: 3, step_id: 's', step_index: 0 }))?.step).toBeUndefined();
    expect(factsOf(track('Flow Started', { flow_id: 'tour' }))?.step).toBeUndefined();
    expect(factsOf(row({ type: 'page' }))?.step).toBeUndefined();
  });
});
