import { segmentsOf, type Settings } from '@touchpoint/content';
import { describe, expect, it } from 'vitest';
import { audienceGuard } from './audience.js';
import type { Guard, GuardContext, Item } from './guard.js';
import { holdoutGuard } from './holdout.js';
import { repeatGuard } from './repeat.js';
import { allReasons, firstReason } from './run.js';
import { slotGuard } from './slot.js';
import { sessionLimitGuard, spacingGuard } from './throttle.js';
import { triggerGuard } from './trigger.js';

const NOW = Date.parse('2026-03-01T10:00:00Z');
const DAY = 86_400_000;
const modal = { id: 'news', kind: 'modal', title: 'News', trigger: { on: 'page', url: '/app/*' } } as Item;
const tour = { id: 'welcome', steps: [{ id: 'hi', title: 'Hi' }] } as Item;

/** A context in which every guard lets the item show; each row changes what it tests. */
function context(over: Partial<GuardContext> = {}): GuardContext {
  return {
    item: modal,
    slot: 'main',
    settings: {},
    userKey: 'user-1',
    targeting: { traits: { plan: 'free' }, account: {}, url: 'https://app.example.com/app/home', now: NOW, eventCount: () => 0, featureUsed: () => false },
    segments: segmentsOf(undefined),
    progress: { seen: {} },
    now: NOW,
    shownThisSession: 0,
    lastShown: 0,
    url: 'https://app.example.com/app/home',
    sincePage: 0,
    fired: true,
    waiting: false,
    ...over,
  };
}

const table: Array<[Guard, string, Partial<GuardContext>, string | null]> = [
  [slotGuard, 'an empty slot', {}, null],
  [slotGuard, 'a flow in the slot', { occupant: tour }, 'slot "main": waits for flow "welcome" to close'],
  [
    slotGuard,
    'a banner in its slot',
    { slot: 'banner', occupant: { id: 'b', kind: 'banner', title: 'B' } as Item },
    'slot "banner": waits for message "b" to close',
  ],
  [holdoutGuard, 'no holdout', {}, null],
  [holdoutGuard, 'a 0% holdout', { settings: { holdout: 0 } }, null],
  [holdoutGuard, 'a 100% holdout', { settings: { holdout: 100 } }, 'holdout: this user is in the 100% who see no unsolicited content'],
  [audienceGuard, 'no audience', {}, null],
  [audienceGuard, 'a matching audience', { item: { ...modal, audience: { trait: 'plan', op: 'eq', value: 'free' } } as Item }, null],
  [
    audienceGuard,
    'another plan',
    { item: { ...modal, audience: { trait: 'plan', op: 'eq', value: 'pro' } } as Item },
    'audience: trait "plan" is "free", not eq "pro"',
  ],
  [repeatGuard, 'never seen', {}, null],
  [repeatGuard, 'seen, repeat once', { progress: { seen: { news: { lastStarted: NOW - DAY } } } }, 'repeat: repeat "once": already shown'],
  [repeatGuard, 'seen, repeat always', { item: { ...modal, repeat: 'always' } as Item, progress: { seen: { news: { lastStarted: NOW - DAY } } } }, null],
  [
    repeatGuard,
    'every 7 days, seen 2 days ago',
    { item: { ...modal, repeat: { everyDays: 7 } } as Item, progress: { seen: { news: { lastStarted: NOW - 2 * DAY } } } },
    'repeat: repeat every 7 days: shown 2 day(s) ago',
  ],
  [sessionLimitGuard, 'no throttle', { shownThisSession: 5 }, null],
  [sessionLimitGuard, 'under the limit', { settings: { throttle: { maxPerSession: 2 } }, shownThisSession: 1 }, null],
  [sessionLimitGuard, 'at the limit', { settings: { throttle: { maxPerSession: 2 } }, shownThisSession: 2 }, 'throttle: 2 shown this session (at most 2)'],
  [sessionLimitGuard, 'a limit of 0', { settings: { throttle: { maxPerSession: 0 } } }, 'throttle: 0 shown this session (at most 0)'],
  [spacingGuard, 'nothing shown yet', { settings: { throttle: { minMinutesBetween: 30 } } }, null],
  [
    spacingGuard,
    'shown 10 minutes ago',
    { settings: { throttle: { minMinutesBetween: 30 } }, lastShown: NOW - 10 * 60_000 },
    'throttle: the last content showed 10 minute(s) ago (at least 30 between)',
  ],
  [spacingGuard, 'shown 40 minutes ago', { settings: { throttle: { minMinutesBetween: 30 } }, lastShown: NOW - 40 * 60_000 }, null],
  [triggerGuard, 'fired', { item: { ...modal, trigger: { on: 'event', event: 'X' } } as Item }, null],
  [
    triggerGuard,
    'asked about, waiting for its event',
    { fired: false, item: { ...modal, trigger: { on: 'event', event: 'X' } } as Item },
    'trigger: waits for the event "X"',
  ],
  [
    triggerGuard,
    'asked about, manual',
    { fired: false, item: { ...modal, trigger: { on: 'manual' } } as Item },
    'trigger: manual (shows only with startFlow or show)',
  ],
  [
    triggerGuard,
    'asked about, a delay still to come',
    { fired: false, item: { ...modal, trigger: { on: 'delay', seconds: 30 } } as Item, sincePage: 10_000 },
    'trigger: shows 30 s after the page loads',
  ],
  [triggerGuard, 'asked about, its page trigger came and went', { fired: false }, 'trigger: waits for the next page view'],
  [triggerGuard, 'asked about, its page trigger came while it waits for its slot', { fired: false, waiting: true }, null],
];

describe('each guard', () => {
  it.each(table)('%o: %s', (guard, _case, over, reason) => {
    expect(guard.check(context(over))).toBe(reason);
  });
});

describe('the runner', () => {
  const blocked = context({
    occupant: tour,
    settings: { holdout: 100, throttle: { maxPerSession: 0 } },
    fired: false,
    item: { ...modal, trigger: { on: 'manual' } } as Item,
  });

  it('gives the first reason for the decision to show, and null when every guard lets it', () => {
    expect(firstReason(blocked)).toBe('slot "main": waits for flow "welcome" to close');
    expect(firstReason(context())).toBeNull();
  });

  it('gives every reason, in order, for explain()', () => {
    expect(allReasons(blocked)).toEqual([
      'slot "main": waits for flow "welcome" to close',
      'holdout: this user is in the 100% who see no unsolicited content',
      'throttle: 0 shown this session (at most 0)',
      'trigger: manual (shows only with startFlow or show)',
    ]);
    expect(allReasons(context())).toEqual([]);
  });

  it('runs no guard after the first that refuses', () => {
    const checked: string[] = [];
    const spy = (name: string, reason: string | null): Guard => ({ name, check: () => (checked.push(name), reason) });
    expect(firstReason(context(), [spy('a', null), spy('b', 'no'), spy('c', 'never asked')])).toBe('no');
    expect(checked).toEqual(['a', 'b']);
  });
});
