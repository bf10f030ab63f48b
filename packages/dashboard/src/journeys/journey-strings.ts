import { useEffect, useState } from 'preact/hooks';
import { currentLocale } from '../i18n/locale.js';

/**
 * The words of journeys: their form in the content editor and their results page. English
 * travels with them; Japanese (journey-ja.ts) is a chunk of its own, fetched only when they
 * show in Japanese, so the dashboard's Japanese chunk does not grow.
 */
export const journeyEn = {
  journey: 'Journey',
  addJourney: 'Add a journey',
  about: 'The collector runs journeys every few minutes: a user enters when they newly match the audience, and the action runs once per entry.',
  idHelp: 'Letters, digits, "-", "_" or "."; unique among journeys.',
  whoEnters: 'Who enters',
  audienceIs: 'Audience',
  audienceHelp: 'Over what the collector knows of each user: traits, account, events, features, days since last seen (not the page they are on).',
  action: 'Action',
  actionKind: 'What happens',
  actionKinds: { email: 'Send an email', show: 'Show content on their next visit', webhook: 'Call a webhook' } as Record<string, string>,
  subject: 'Subject',
  body: 'Body (Markdown)',
  to: 'Address from the trait',
  toHelp: 'The user trait holding their email address; "email" when empty.',
  showWhat: 'Content to show',
  showHelp: 'Shown on their next visit whatever its own trigger and audience; consent, the holdout and the throttle still apply.',
  webhook: 'Webhook URL',
  repeat: 'Users enter',
  repeatModes: {
    once: 'Once',
    'until-completed': 'Until they reach the goal',
    always: 'Each time they newly match',
    everyDays: 'Again after some days',
  } as Record<string, string>,
  goal: 'Goal',
  addGoal: 'Set a goal',
  goalDefault: 'Without a goal, any event within 7 days counts as converted.',
  goalEvent: 'Event',
  goalEventHelp: 'Any event when empty.',
  withinDays: 'Within (days)',
  removeGoal: 'Remove the goal',
  holdout: 'Holdout (%)',
  holdoutHelp: 'A share of entering users who get no action, to measure what the journey is worth.',
  preview: 'Who would enter now?',
  previewing: 'Counting…',
  previewResult: '{entering} user(s) would enter now: {matching} of {evaluated} known users match the audience; {holdout} of those entering would be held out.',
  previewFailed: 'Could not count: {error}',
  previewInvalid: 'Fix the problems of this journey first.',
  // Results page
  none: 'No journeys published yet. Add one in Content, under "Journeys", and publish.',
  notPublished: 'Not in the published content: publish it to see results.',
  actionEmail: 'Sends the email "{subject}"',
  actionShow: 'Shows {content} on the next visit',
  actionWebhook: 'Calls {url}',
  entered: 'Entered',
  acted: 'Acted on',
  undelivered: 'Not delivered (refused or unsubscribed)',
  converted: 'Converted',
  rate: 'Conversion rate',
  group: 'Group',
  actedGroup: 'Outside the holdout',
  holdoutGroup: 'Holdout',
  noEntries: 'Nobody has entered yet.',
  vNoHoldout: 'No holdout: give the journey a holdout to measure what it is worth.',
  vWait: 'Not enough data yet: the acted-on group and the holdout both need users.',
  vWins: 'Acting converts better: {lift} over the holdout (95% interval {lo} to {hi}, {p}).',
  vLoses: 'The holdout converts better: {lift} against acting (95% interval {lo} to {hi}, {p}).',
  vNoDifference: 'No clear difference from the holdout yet ({p}): keep it running.',
  skipped: 'Skipped',
  skippedReasons: { unsubscribed: 'Unsubscribed', 'no-address': 'No address', capped: 'Weekly email cap reached' } as Record<string, string>,
  recent: 'Recent entries',
  user: 'User',
  enteredAt: 'Entered at',
  outcome: 'Outcome',
  outcomes: { acted: 'Acted on', holdout: 'Held out' } as Record<string, string>,
  yes: 'Yes',
  no: 'No',
};

export type JourneyStrings = typeof journeyEn;

let ja: JourneyStrings | undefined;

/**
 * The journeys' words in the dashboard's language; undefined while the Japanese ones load
 * (after a switch of language).
 */
export function useJourneyStrings(): JourneyStrings | undefined {
  const [, loaded] = useState(0);
  const want = currentLocale();
  useEffect(() => {
    if (want === 'ja' && !ja)
      import('./journey-ja.js').then(
        (m) => {
          ja = m.journeyJa;
          loaded((n) => n + 1);
        },
        () => loaded((n) => n + 1),
      );
  }, [want]);
  return want === 'ja' ? ja : journeyEn;
}
