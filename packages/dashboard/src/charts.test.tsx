// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { BarChart, HBars, ScoreChart, Sparkline } from './charts.js';
import { IntervalBar } from './difference.js';

afterEach(cleanup);

describe('charts', () => {
  it('bars: a summary for screen readers, and each bar focusable with its value', () => {
    render(
      <BarChart
        title="Active users per day"
        unit="active users"
        points={[
          { label: '2026-03-01', value: 4 },
          { label: '2026-03-02', value: 10 },
        ]}
      />,
    );
    expect(screen.getByRole('img', { name: 'Active users per day: 2 days, peak 10 active users, total 14' })).toBeTruthy();
    const bar = screen.getByRole('img', { name: '2026-03-02: 10 active users' });
    expect([bar.getAttribute('tabindex'), bar.getAttribute('height')]).toEqual(['0', '38']);
    expect(screen.getByRole('img', { name: '2026-03-01: 4 active users' }).getAttribute('height')).toBe(String((4 / 10) * 38));
  });

  it('horizontal bars: widths relative to the largest, labels with their note', () => {
    const { container } = render(
      <HBars
        title="Funnel"
        format={String}
        rows={[
          { label: 'Started', value: 10 },
          { label: 'Completed', value: 5, note: '50%' },
        ]}
      />,
    );
    expect(screen.getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual(['Started: 10', 'Completed: 5, 50%']);
    expect([...container.querySelectorAll('rect')].map((r) => r.getAttribute('width'))).toEqual(['100', '50']);
  });

  it('interval bars are coloured by whether they cross zero; sparklines need two points', () => {
    const { container } = render(
      <div>
        <IntervalBar lo={0.01} hi={0.05} scale={0.1} label="win" />
        <IntervalBar lo={-0.02} hi={0.05} scale={0.1} label="unsure" />
        <Sparkline values={[3]} label="one" />
        <Sparkline values={[3, 5, 4]} label="three" />
      </div>,
    );
    expect([...container.querySelectorAll('svg.interval')].map((s) => s.getAttribute('class'))).toEqual(['interval win', 'interval none']);
    expect(screen.getByRole('img', { name: 'three: 3, 5, 4' })).toBeTruthy();
    expect(screen.queryByRole('img', { name: /^one/ })).toBeNull();
  });
});

describe('score chart', () => {
  it('sums the history up for screen readers, scales 0–100, and says when there is none', () => {
    const { container } = render(
      <ScoreChart
        title="Health score"
        points={[
          { label: '2026-03-01', value: 40 },
          { label: '2026-03-02', value: 100 },
          { label: '2026-03-03', value: 0 },
        ]}
      />,
    );
    expect(screen.getByRole('img', { name: 'Health score over 3 days: from 40 to 0, lowest 0, highest 100' })).toBeTruthy();
    const dots = [...container.querySelectorAll('circle')];
    expect(dots.map((d) => [d.getAttribute('aria-label'), d.getAttribute('tabindex'), d.getAttribute('cy')])).toEqual([
      ['2026-03-01: 40', '0', String(38 - 0.4 * 36)],
      ['2026-03-02: 100', '0', '2'],
      ['2026-03-03: 0', '0', '38'],
    ]);
    cleanup();
    render(<ScoreChart title="Health score" points={[]} />);
    expect(screen.getByText(/No scores yet/)).toBeTruthy();
  });
});
