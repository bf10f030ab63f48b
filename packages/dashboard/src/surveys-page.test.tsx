// @vitest-environment happy-dom
import { render, screen } from '@testing-library/preact';
import { h } from 'preact';
import { expect, it, vi } from 'vitest';
import { SurveysPage } from './pages.js';
import { scriptedCollector } from './testing/scripted-collector.js';

/** The Surveys page against a collector that answers as scripted: each kind of survey shows its own figures. */
const project = { id: 1, name: 'Todo', writeKey: 'wk', role: 'owner' as const };
const range = { from: '2026-03-01', to: '2026-03-14' };
const query = '?from=2026-03-01&to=2026-03-14';
const answers: Record<string, unknown> = {
  '/v1/content': { version: 1, surveys: [{ id: 'csat', kind: 'rating', question: 'How was it?' }] },
  [`/v1/reports/surveys/csat${query}`]: {
    kind: 'rating',
    responses: 3,
    promoters: null,
    passives: null,
    detractors: null,
    nps: null,
    average: 4.67,
    distribution: [0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0],
    comments: [{ text: 'Fine', score: 4, at: '2026-03-02T10:00:00.000Z' }],
  },
};

scriptedCollector(answers);

it('shows a rating survey as its average of 5 and its five ratings, with no NPS', async () => {
  const { container } = render(<SurveysPage project={project} range={range} />);
  await screen.findByText('4.67');
  const stats = container.querySelector('.stats')!.textContent;
  expect(stats).toContain('4.67 average rating, of 5');
  expect(stats).toContain('3 responses');
  expect(stats).not.toMatch(/NPS|promoters/);
  const bars = screen.getByRole('list', { name: 'Ratings from 1 to 5' });
  expect([...bars.querySelectorAll('li')].map((li) => li.getAttribute('aria-label'))).toEqual(['1: 0', '2: 0', '3: 0', '4: 1', '5: 2']);
  expect(screen.queryByRole('list', { name: 'Scores from 0 to 10' })).toBeNull();
});
