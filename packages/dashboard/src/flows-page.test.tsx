// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/preact';
import { h } from 'preact';
import { expect, it, vi } from 'vitest';
import { FlowsPage } from './pages.js';
import { scriptedCollector } from './testing/scripted-collector.js';

/** The Flows page against a collector that answers as scripted: broken steps are marked, with their selector, page and since when. */
const project = { id: 1, name: 'Todo', writeKey: 'wk', role: 'owner' as const };
const range = { from: '2026-03-01', to: '2026-03-14' };
const answers: Record<string, unknown> = {
  '/v1/content': {
    version: 1,
    flows: [
      {
        id: 'tour',
        steps: [
          { id: 'a', target: '.a', title: 'A' },
          { id: 'export', target: ['[data-tour=export]', '.export'], title: 'B' },
        ],
      },
    ],
  },
  '/v1/reports/flows/tour?from=2026-03-01&to=2026-03-14': {
    started: 10,
    completed: 2,
    dismissed: 1,
    steps: [
      { step_id: 'a', step_index: 0, viewed: 10, missing: 0 },
      { step_id: 'export', step_index: 1, viewed: 3, missing: 6 },
    ],
  },
  '/v1/reports/targets?from=2026-03-01&to=2026-03-14&flow=tour': {
    steps: [
      {
        step_id: 'export',
        step_index: 1,
        selectors: ['[data-tour=export]', '.export'],
        viewed: 3,
        missing: 9,
        rate: 0.75,
        broken: true,
        since: '2026-03-12T09:30:00.000Z',
        lastMissing: '2026-03-13T10:00:00.000Z',
        pages: [{ url: 'https://app.example.com/app/reports', missing: 9, firstMissing: '2026-03-12T09:30:00.000Z', lastMissing: '2026-03-13T10:00:00.000Z' }],
      },
      {
        step_id: 'a',
        step_index: 0,
        selectors: ['.a'],
        viewed: 10,
        missing: 1,
        rate: 0.0909,
        broken: false,
        since: null,
        lastMissing: '2026-03-02T10:00:00.000Z',
        pages: [{ url: 'https://app.example.com/app', missing: 1, firstMissing: '2026-03-02T10:00:00.000Z', lastMissing: '2026-03-02T10:00:00.000Z' }],
      },
    ],
  },
};

scriptedCollector(answers);

it('marks broken steps with their selector, the page where they broke and since when', async () => {
  render(<FlowsPage project={project} range={range} />);
  const section = await screen.findByRole('region', { name: 'Target health' });
  const [broken, sometimes] = within(section)
    .getAllByRole('listitem')
    .filter((li) => li.parentElement?.parentElement === section);
  expect(broken!.textContent).toContain('⚠ Broken: step 2 (export), [data-tour=export], .export since 12 Mar 2026, 09:30 UTC');
  expect(broken!.textContent).toContain('https://app.example.com/app/reports: 9 times');
  expect(broken!.querySelector('time')?.getAttribute('datetime')).toBe('2026-03-12T09:30:00.000Z');
  expect(sometimes!.textContent).toMatch(/^Target missed at times: step 1 \(a\), \.a\. Missing 1 time /);
  expect(sometimes!.textContent).not.toContain('since');
});

it('a range that cuts the funnel says so, and each step shows its change from the one before with its sign', async () => {
  const before = { ...answers };
  answers['/v1/reports/flows/tour?from=2026-03-01&to=2026-03-14'] = {
    started: 2,
    completed: 3,
    dismissed: 0,
    steps: [
      { step_id: 'a', step_index: 0, viewed: 4, missing: 0 },
      { step_id: 'export', step_index: 1, viewed: 8, missing: 0 },
    ],
  };
  answers['/v1/reports/targets?from=2026-03-01&to=2026-03-14&flow=tour'] = { steps: [] };
  render(<FlowsPage project={project} range={range} />);
  await screen.findByText(/started this flow before the range/);
  const steps = screen.getAllByRole('listitem').map((li) => li.getAttribute('aria-label'));
  // Was "−-100%".
  expect(steps).toContain('Step 2: export: 8, +100%');
  expect(steps).toContain('Step 1: a: 4');
  // (The file's other tests see the answers they were written for.)
  Object.assign(answers, before);
});
