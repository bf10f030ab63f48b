// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/preact';
import { h } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyLocale } from '../i18n/locale.js';
import type { JourneyReport } from './journey-api.js';
import { journeyEn } from './journey-strings.js';
import { journeyVerdict, JourneysPage } from './JourneysPage.js';

/** The Journeys page against a collector that answers as recorded, in the brief's shapes. */
const project = { id: 1, name: 'Todo', writeKey: 'wk', role: 'viewer' as const };
const range = { from: '2026-03-01', to: '2026-03-14' };

const report: JourneyReport = {
  entered: 250,
  acted: 200,
  undelivered: 4,
  converted: 80,
  holdout: { entered: 50, converted: 10 },
  skipped: { unsubscribed: 3, 'no-address': 2, capped: 0 },
  lift: 1,
  pValue: 0.004,
  ci95: [0.08, 0.32],
  recent: [
    { userKey: 'u-9', enteredAt: '2026-03-13T10:00:00.000Z', holdout: false, outcome: 'acted', converted: true },
    { userKey: 'u-8', enteredAt: '2026-03-13T09:00:00.000Z', holdout: true, outcome: 'holdout', converted: false },
    { userKey: 'u-7', enteredAt: '2026-03-12T08:00:00.000Z', holdout: false, outcome: 'skipped', reason: 'unsubscribed', converted: false },
  ],
};
let answers: Record<string, { status: number; body: unknown }>;

beforeEach(() => {
  answers = {
    '/v1/content': {
      status: 200,
      body: {
        version: 1,
        messages: [{ id: 'come-back', name: 'Welcome back', kind: 'modal', title: 'Welcome back' }],
        journeys: [
          {
            id: 'win-back',
            name: 'Win back',
            audience: { lastSeen: { op: 'gte', days: 7 } },
            action: { email: { subject: { en: 'We miss you', ja: 'お久しぶりです' }, body: 'Hi' } },
            holdout: 20,
          },
          { id: 'nudge', audience: { lastSeen: { op: 'gte', days: 3 } }, action: { show: 'come-back' } },
        ],
      },
    },
    '/v1/reports/journeys/win-back': { status: 200, body: report },
    '/v1/reports/journeys/nudge': { status: 404, body: { error: 'no journey "nudge" in the published content' } },
  };
  vi.stubGlobal('fetch', async (path: string) => {
    const a = answers[path] ?? { status: 500, body: { error: `not scripted: ${path}` } };
    return new Response(JSON.stringify(a.body), { status: a.status, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await applyLocale('en');
});

describe('the Journeys page', () => {
  it("shows each published journey's results: entered, acted, converted, lift against the holdout, skipped by reason, recent entries", async () => {
    render(<JourneysPage project={project} range={range} />);
    const card = await screen.findByRole('region', { name: 'Win back' });
    expect(await within(card).findByText('Acting converts better: +100% over the holdout (95% interval +8.0% to +32%, p = 0.004).')).toBeTruthy();
    expect(within(card).getByText('Sends the email "We miss you"')).toBeTruthy();
    // Acted on, and of those, never delivered.
    expect(card.querySelector('.stats')!.textContent).toContain('Acted on: 200Not delivered (refused or unsubscribed): 4');
    const [groups, recent] = within(card).getAllByRole('table');
    const rows = within(groups!)
      .getAllByRole('row')
      .map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Group', 'Entered', 'Converted', 'Conversion rate', 'Lift', '95% interval of the difference', 'p-value'],
      ['Outside the holdout', '200', '80', '40%', '+100%', '+8.0% to +32%', '0.004'],
      ['Holdout', '50', '10', '20%', ''],
    ]);
    expect(within(card).getByRole('img', { name: 'from +8.0% to +32%' })).toBeTruthy();
    // Reasons with no entries are left out.
    expect(
      within(card)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Unsubscribed: 3', 'No address: 2']);
    expect(
      within(recent!)
        .getAllByRole('row')
        .slice(1)
        .map((r) => [...r.children].map((c) => c.textContent)),
    ).toEqual([
      ['u-9', '13 Mar 2026, 10:00 UTC', 'Acted on', 'Yes'],
      ['u-8', '13 Mar 2026, 09:00 UTC', 'Held out', 'No'],
      ['u-7', '12 Mar 2026, 08:00 UTC', 'Skipped: Unsubscribed', 'No'],
    ]);

    // A journey the collector does not have published yet says so, named by its content.
    const draft = screen.getByRole('region', { name: 'nudge' });
    expect(await within(draft).findByText('Not in the published content: publish it to see results.')).toBeTruthy();
    expect(within(draft).getByText('Shows Welcome back on the next visit')).toBeTruthy();
  });

  it('speaks Japanese, its words fetched when the page opens in Japanese', async () => {
    await applyLocale('ja');
    render(<JourneysPage project={project} range={range} />);
    const card = await screen.findByRole('region', { name: 'Win back' });
    expect(await within(card).findByText('メール「お久しぶりです」を送る')).toBeTruthy();
    expect(await within(card).findByText(/^アクションの方がコンバージョンが高い/)).toBeTruthy();
  });

  it('says when nothing is published', async () => {
    answers['/v1/content'] = { status: 404, body: { error: 'nothing published' } };
    render(<JourneysPage project={project} range={range} />);
    expect(await screen.findByText(/^No journeys published yet/)).toBeTruthy();
  });
});

describe('journeyVerdict', () => {
  const s = journeyEn;
  const base = { ...report };
  it('reads the report as the experiments page reads one: a win, a loss, no clear difference, or nothing to compare', () => {
    expect(journeyVerdict(base, s).tone).toBe('win');
    expect(journeyVerdict({ ...base, lift: -0.5, ci95: [-0.3, -0.05], pValue: 0.01 }, s)).toEqual({
      tone: 'loss',
      text: 'The holdout converts better: -50% against acting (95% interval -30% to -5.0%, p = 0.010).',
    });
    // An interval that crosses zero is no win, whatever the p-value says.
    expect(journeyVerdict({ ...base, ci95: [-0.01, 0.2], pValue: 0.2 }, s)).toEqual({
      tone: 'none',
      text: 'No clear difference from the holdout yet (p = 0.200): keep it running.',
    });
    expect(journeyVerdict({ ...base, holdout: { entered: 0, converted: 0 }, lift: null, ci95: null, pValue: null }, s).text).toBe(s.vNoHoldout);
    expect(journeyVerdict({ ...base, acted: 0, converted: 0, lift: null, ci95: null, pValue: null }, s).text).toBe(s.vWait);
    expect(journeyVerdict({ ...base, entered: 0, acted: 0, converted: 0, holdout: { entered: 0, converted: 0 }, ci95: null }, s).text).toBe(s.noEntries);
  });
});
