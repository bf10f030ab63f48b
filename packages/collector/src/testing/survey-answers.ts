import type { EventRow, ReportStore } from '../store/store.js';

/**
 * Survey answers of every shape (a score with a comment, an answer instead, an empty comment,
 * a non-number score, booleans and objects as scores, no survey id, a preview tab's), for the
 * tests of the survey facts' migrations on each store.
 */
type Sent = [user: string, at: number, properties: Record<string, unknown>, context?: Record<string, unknown>];
const SENT: Sent[] = [
  ['ada', 1, { survey_id: 'nps', score: 9, comment: 'great' }],
  ['bob', 2, { survey_id: 'nps', score: 3, answer: 'slow' }],
  ['cy', 3, { survey_id: 'nps', score: 'n/a', comment: '' }],
  ['dan', 4, { survey_id: 'nps', score: true, comment: null, answer: 'yes' }],
  ['eve', 5, { survey_id: 'nps', score: { stars: 4 }, comment: 7 }],
  ['fay', 6, { survey_id: 'nps' }],
  ['gus', 7, { score: 10, comment: 'no survey' }],
  ['pm', 8, { survey_id: 'nps', score: 0, comment: 'testing my own survey' }, { preview: true }],
];
const DAY = 86_400_000;
const FROM = 20_000 * DAY;

function rowOf([user, at, properties, context]: Sent, i: number): EventRow {
  return {
    messageId: `m${i}`,
    type: 'track',
    event: 'Survey Answered',
    userId: user,
    anonymousId: null,
    groupId: null,
    timestamp: FROM + at * 60_000,
    receivedAt: 0,
    payload: JSON.stringify({ type: 'track', event: 'Survey Answered', properties, ...(context && { context }) }),
    properties,
    ...(context?.preview === true && { preview: true }),
  };
}

/** The answers as the collector's ingest makes them rows. */
export const surveyAnswerRows = (): EventRow[] => SENT.map(rowOf);

/** The survey report's reads over the answers' day, scores in a fixed order. */
export async function surveyReport(store: Pick<ReportStore, 'surveyScores' | 'surveyComments'>, projectId: number) {
  return {
    scores: (await store.surveyScores(projectId, 'nps', FROM, FROM + DAY)).sort((a, b) => JSON.stringify(a.score).localeCompare(JSON.stringify(b.score))),
    comments: await store.surveyComments(projectId, 'nps', FROM, FROM + DAY, 20),
  };
}
