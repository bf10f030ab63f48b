import { describe, expect, it } from 'vitest';
import type { StepDay, TargetMissPage } from './store/store.js';
import { brokenOn, missingRate, stepHealthReport, targetJumped } from './target-health.js';

const DAY = 86_400_000;
const TODAY = 20_500;
const doc = {
  version: 1 as const,
  flows: [
    {
      id: 'tour',
      name: 'Welcome',
      steps: [
        { id: 'a', target: '.a', title: 'A' },
        { id: 'b', target: ['[data-tour=b]', '.b'], title: 'B' },
        { id: 'c', title: 'C' },
      ],
    },
  ],
};
const dayOf = (stepId: string, day: number, viewed: number, missing: number): StepDay => ({ flowId: 'tour', stepId, day, viewed, missing });
const page = (stepId: string, day: number, url: string, count: number, hour = 10): TargetMissPage => ({
  flowId: 'tour',
  stepId,
  day,
  url,
  count,
  firstAt: day * DAY + hour * 3_600_000,
  lastAt: day * DAY + (hour + 1) * 3_600_000,
});

describe('target health: the rule', () => {
  it('missing rate is misses over views and misses', () => {
    expect(missingRate({ viewed: 3, missing: 1 })).toBe(0.25);
    expect(missingRate({ viewed: 0, missing: 0 })).toBe(0);
  });

  it('broken on a day: at least 5 misses and a rate of at least 50%', () => {
    expect(brokenOn({ viewed: 5, missing: 5 })).toBe(true);
    expect(brokenOn({ viewed: 0, missing: 4 })).toBe(false);
    expect(brokenOn({ viewed: 6, missing: 5 })).toBe(false);
  });

  it('a jump: broken today against under 10% over the days before (none before counts as healthy)', () => {
    expect(targetJumped({ viewed: 1, missing: 6 }, { viewed: 90, missing: 10 })).toBe(false);
    expect(targetJumped({ viewed: 1, missing: 6 }, { viewed: 96, missing: 4 })).toBe(true);
    expect(targetJumped({ viewed: 1, missing: 6 }, { viewed: 0, missing: 0 })).toBe(true);
    expect(targetJumped({ viewed: 1, missing: 4 }, { viewed: 100, missing: 0 })).toBe(false);
  });
});

describe('target health: the report', () => {
  it('lists the steps that went missing, broken ones first, with selectors, since when and where', () => {
    const rows = stepHealthReport(doc, {
      days: [dayOf('a', TODAY - 1, 30, 1), dayOf('b', TODAY - 3, 40, 0), dayOf('b', TODAY - 1, 2, 5), dayOf('b', TODAY, 0, 7), dayOf('c', TODAY, 3, 0)],
      pages: [
        page('a', TODAY - 1, 'https://app/x', 1),
        page('b', TODAY - 1, 'https://app/reports', 5, 9),
        page('b', TODAY, 'https://app/reports', 4),
        page('b', TODAY, 'https://app/home', 3),
      ],
    });
    expect(rows).toEqual([
      {
        flow_id: 'tour',
        flow_name: 'Welcome',
        step_id: 'b',
        step_index: 1,
        selectors: ['[data-tour=b]', '.b'],
        viewed: 42,
        missing: 12,
        rate: 0.2222,
        broken: true,
        // Broken since yesterday's first miss (two days in a row held the rule).
        since: new Date((TODAY - 1) * DAY + 9 * 3_600_000).toISOString(),
        lastMissing: new Date(TODAY * DAY + 11 * 3_600_000).toISOString(),
        pages: [
          {
            url: 'https://app/reports',
            missing: 9,
            firstMissing: new Date((TODAY - 1) * DAY + 9 * 3_600_000).toISOString(),
            lastMissing: new Date(TODAY * DAY + 11 * 3_600_000).toISOString(),
          },
          {
            url: 'https://app/home',
            missing: 3,
            firstMissing: new Date(TODAY * DAY + 10 * 3_600_000).toISOString(),
            lastMissing: new Date(TODAY * DAY + 11 * 3_600_000).toISOString(),
          },
        ],
      },
      expect.objectContaining({ step_id: 'a', broken: false, since: null, missing: 1, viewed: 30 }),
    ]);
  });

  it('a step fixed since (its last day healthy) is no longer broken; steps gone from the content are left out', () => {
    const rows = stepHealthReport(doc, {
      days: [dayOf('b', TODAY - 1, 0, 9), dayOf('b', TODAY, 20, 0), dayOf('gone', TODAY, 0, 9)],
      pages: [page('b', TODAY - 1, '/r', 9), page('gone', TODAY, '/r', 9)],
    });
    expect(rows.map((r) => [r.step_id, r.broken, r.since])).toEqual([['b', false, null]]);
  });
});
