import type { DayRange, EventRow, ReportStore } from '../store/store.js';

/**
 * Events of every kind for the event-count rollups (the holdout report's events per user, the
 * overview's events per day): identified and anonymous users, pages, clicks, several events a
 * day, days on both sides of a 32-day block edge, a day outside the ranges, and a preview tab's
 * (a team member testing, and a user's own tab in preview). For the tests of their migrations
 * on each store.
 */
type Sent = [who: string, day: number, type: 'track' | 'page', event: string | null, context?: Record<string, unknown>];
/** A 32-day block edge: day EDGE - 1 and EDGE are in different blocks of `user_days`. */
const EDGE = 20_032;
const SENT: Sent[] = [
  ['ada', EDGE - 1, 'track', 'Report Exported'],
  ['ada', EDGE - 1, 'track', 'Report Exported'],
  ['ada', EDGE, 'track', 'Report Exported'],
  ['ada', EDGE, 'page', null],
  ['ada', EDGE, 'track', 'Report Exported', { preview: true }],
  ['bob', EDGE, 'page', null],
  ['bob', EDGE + 1, 'track', 'Element Clicked'],
  ['~anon-1', EDGE, 'track', 'Report Exported'],
  ['~anon-1', EDGE + 40, 'track', 'Report Exported'],
  ['cy', EDGE + 40, 'track', 'Report Exported'],
  ['pm', EDGE, 'track', 'Report Exported', { preview: true }],
  ['pm', EDGE, 'page', null, { preview: true }],
];

export function eventCountRows(): EventRow[] {
  return SENT.map(([who, day, type, event, context], i) => {
    const anonymous = who.startsWith('~');
    const ids = anonymous ? { userId: null, anonymousId: who.slice(1) } : { userId: who, anonymousId: null };
    return {
      messageId: `c${i}`,
      type,
      event,
      ...ids,
      groupId: null,
      timestamp: day * 86_400_000 + i * 60_000,
      receivedAt: 0,
      payload: JSON.stringify({ type, ...(event !== null && { event }), ...ids, ...(context && { context }) }),
      ...(context?.preview === true && { preview: true }),
    };
  });
}

/** The ranges asked: both blocks, one day of each, all days, none of the days with events. */
export const EVENT_COUNT_RANGES: readonly DayRange[] = [
  { from: EDGE - 1, to: EDGE + 1 },
  { from: EDGE - 1, to: EDGE - 1 },
  { from: EDGE, to: EDGE },
  { from: EDGE - 40, to: EDGE + 60 },
  { from: EDGE + 2, to: EDGE + 39 },
];

/** Every range's events per user (of `Report Exported` and of `Element Clicked`, users sorted) and events per day. */
export async function eventCounts(store: Pick<ReportStore, 'eventsPerUser' | 'dailyActivity'>, projectId: number) {
  const out = [];
  for (const range of EVENT_COUNT_RANGES) {
    const perUser = async (event: string) => (await store.eventsPerUser(projectId, event, range)).sort((a, b) => a.key.localeCompare(b.key));
    out.push({
      exported: await perUser('Report Exported'),
      clicked: await perUser('Element Clicked'),
      daily: (await store.dailyActivity(projectId, range)).filter((d) => d.events || d.activeUsers),
    });
  }
  return out;
}
