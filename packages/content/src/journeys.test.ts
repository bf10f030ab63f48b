import { describe, expect, it } from 'vitest';
import { browserContent } from './browser-content.js';
import type { ContentDocument } from './document.js';
import { validateContent } from './validate-content.js';

/** Journeys in the content document (CONTRACT §6): what a valid one is, and what is refused, at its path. */
const doc = (journeys: unknown[], extra: Record<string, unknown> = {}) => ({
  version: 1,
  segments: [{ id: 'lapsed', lastSeen: { op: 'gte', days: 7 } }],
  messages: [{ id: 'welcome-back', kind: 'modal', title: 'Welcome back' }],
  journeys,
  ...extra,
});
const errors = (input: unknown) => {
  const result = validateContent(input);
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('journeys', () => {
  it('take an audience, one action (email, show or webhook), repeat, goal and holdout', () => {
    const journeys = [
      {
        id: 'come-back',
        name: 'Not seen for a week',
        audience: 'lapsed',
        action: { email: { subject: { en: 'We miss you', ja: 'お久しぶりです' }, body: 'Your **todos** are waiting.' } },
        repeat: { everyDays: 30 },
        goal: { withinDays: 7 },
        holdout: 10,
      },
      {
        id: 'renewal-tour',
        audience: {
          all: [
            { account: 'renewal', op: 'before', value: '+30d' },
            { feature: 'export', used: false },
          ],
        },
        action: { show: 'welcome-back' },
      },
      { id: 'crm', audience: { lastSeen: { op: 'gte', days: 14 } }, action: { webhook: 'https://crm.example.com/hooks/lapsed' }, repeat: 'always' },
      {
        id: 'to-work',
        audience: 'lapsed',
        action: { email: { subject: 'Hi', body: 'Hi', to: 'trait:work_email' } },
        goal: { event: 'Todo Added', withinDays: 3 },
      },
    ];
    const input = doc(journeys, { features: [{ id: 'export', event: 'Report Exported' }] });
    expect(errors(input)).toEqual([]);
    expect((validateContent(input) as { document: ContentDocument }).document.journeys).toEqual(journeys);
  });

  it('refuses what would do nothing or the wrong thing, each at its path in plain words', () => {
    expect(
      errors(
        doc([
          { id: 'a', audience: 'lapsd', action: { show: 'welcome-bak' } },
          { id: 'a', audience: 'lapsed', action: { email: { subject: 'Hi', body: 'Hi', to: 'email' } } },
          { id: 'b', audience: 'lapsed', action: { webhook: 'http://10.0.0.8/hook' } },
          { id: 'c', action: { show: 'welcome-back' } },
          { id: 'd', audience: 'lapsed', action: { show: 'welcome-back', webhook: 'https://x.example' } },
          { id: 'e', audience: { lastSeen: { op: 'gte', days: -1 } }, action: { show: 'welcome-back' }, holdout: 150, goal: { event: 'X' } },
          { id: 'f', audience: 'lapsed', action: { email: { subject: 'Hi' } } },
          { id: 'g', audience: 'lapsed', action: { email: { subject: 5, body: 'Hi' } } },
          { id: 'h', audience: 'lapsed', action: { email: { subject: ' ', body: 'Hi' } } },
        ]),
      ),
    ).toEqual([
      'journeys[0].audience: unknown segment "lapsd" (did you mean "lapsed"?)',
      'journeys[0].action.show: unknown flow, message or survey "welcome-bak" (did you mean "welcome-back"?)',
      'journeys[1].id: duplicate journey id "a"',
      'journeys[1].action.email.to: must name the trait holding the address, such as "trait:email"; got "email"',
      expect.stringMatching(/^journeys\[2\]\.action\.webhook: .*private/),
      'journeys[3].audience: is required',
      'journeys[4].action.webhook: unknown field "webhook"; the fields here are show',
      'journeys[5].audience.lastSeen.days: must be at least 0; got -1',
      'journeys[5].holdout: must be at most 100; got 150',
      'journeys[5].goal.withinDays: is required',
      // An email missing its body, or with a subject of the wrong type, is said as such (was:
      // "action.email: unknown field "email"; the fields here are webhook" and "action.show: is required").
      'journeys[6].action.email.body: is required',
      expect.stringMatching(/^journeys\[7\]\.action\.email\.subject: .*got 5/),
      // An email with a blank subject (or body) would go out blank (was: accepted).
      'journeys[8].action.email.subject: must not be empty: users would see a blank; got " "',
    ]);
  });

  it('never reach the browser: emails, webhooks and audiences stay on the collector', () => {
    const input = doc([{ id: 'crm', audience: 'lapsed', action: { webhook: 'https://crm.example.com/hooks/t0ken' } }]) as ContentDocument;
    const shipped = browserContent(input);
    expect(shipped).not.toHaveProperty('journeys');
    expect(JSON.stringify(shipped)).not.toContain('t0ken');
    // The lastSeen segment does: the browser evaluates segments as a whole.
    expect(shipped.segments).toEqual(input.segments);
  });

  it('refuse a url condition in a journey audience, directly or through a segment: the server has no page', () => {
    const segments = [
      { id: 'lapsed', lastSeen: { op: 'gte', days: 7 } },
      { id: 'on-billing', url: '/billing*' },
      { id: 'lapsed-on-billing', all: [{ segment: 'lapsed' }, { segment: 'on-billing' }] },
    ];
    expect(
      errors(
        doc(
          [
            { id: 'a', audience: { all: [{ lastSeen: { op: 'gte', days: 7 } }, { url: '/pricing' }] }, action: { show: 'welcome-back' } },
            { id: 'b', audience: 'lapsed-on-billing', action: { show: 'welcome-back' } },
            { id: 'c', audience: { not: { segment: 'on-billing' } }, action: { show: 'welcome-back' } },
            { id: 'd', audience: 'lapsed', action: { show: 'welcome-back' } },
          ],
          { segments },
        ),
      ),
    ).toEqual([
      "journeys[0].audience: a journey's audience is evaluated on the server, where a url condition never holds: use lastSeen, event, feature, trait, account or health",
      'journeys[1].audience: a journey\'s audience is evaluated on the server, where a url condition never holds (segment "lapsed-on-billing" uses one): use lastSeen, event, feature, trait, account or health',
      "journeys[2].audience: a journey's audience is evaluated on the server, where a url condition never holds: use lastSeen, event, feature, trait, account or health",
    ]);
    // The same segments stay valid for content the browser shows.
    expect(errors({ version: 1, segments, messages: [{ id: 'm', kind: 'modal', title: 'Hi', audience: 'on-billing' }] })).toEqual([]);
  });

  it('take a per-user cap on journey emails a week', () => {
    expect(errors(doc([], { settings: { emailsPerWeek: 2 } }))).toEqual([]);
    expect(errors(doc([], { settings: { emailsPerWeek: -1 } }))).toEqual(['settings.emailsPerWeek: must be at least 0; got -1']);
  });
});
