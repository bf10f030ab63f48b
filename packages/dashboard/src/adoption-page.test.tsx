// @vitest-environment happy-dom
import { render, screen } from '@testing-library/preact';
import { h } from 'preact';
import { expect, it, vi } from 'vitest';
import { AdoptionPage } from './pages.js';
import { scriptedCollector } from './testing/scripted-collector.js';

/** The Adoption page against a collector that answers as scripted: each feature's trend against the range before. */
const project = { id: 1, name: 'Todo', writeKey: 'wk', role: 'owner' as const };
const range = { from: '2026-03-15', to: '2026-03-28' };
const feature = (feature_id: string, adoption: number) => ({ feature_id, name: feature_id, users: Math.round(adoption * 100), adoption });
const answers: Record<string, unknown> = {
  '/v1/reports/adoption?from=2026-03-15&to=2026-03-28': { activeUsers: 100, features: [feature('same', 0.3), feature('up', 0.5), feature('down', 0.1)] },
  '/v1/reports/adoption?from=2026-03-01&to=2026-03-14': { activeUsers: 100, features: [feature('same', 0.302), feature('up', 0.4), feature('down', 0.2)] },
  '/v1/reports/health': { accounts: [] },
};

scriptedCollector(answers);

it('says "no change" for a trend that rounds to 0 points (was "▲ 0 pts"), and the sign of the others', async () => {
  render(<AdoptionPage project={project} range={range} />);
  const bars = await screen.findByRole('list', { name: 'Features by adoption' });
  await vi.waitFor(() => expect(bars.querySelector('li')?.getAttribute('aria-label')).not.toContain('new'));
  expect([...bars.querySelectorAll('li')].map((li) => li.getAttribute('aria-label'))).toEqual([
    'same: 30%, 30 users, no change',
    'up: 50%, 50 users, ▲ 10 pts',
    'down: 10%, 10 users, ▼ 10 pts',
  ]);
});
