import { contentKey, type EventRow, type ReportStore } from '../store/store.js';

/**
 * Content lifecycle events of every kind (a flow dismissed because its target never appeared,
 * ids that are not strings, a preview tab's), for the tests of the reach rollup's migrations
 * on each store.
 */
type Sent = [user: string, day: number, event: string, properties: Record<string, unknown>, context?: Record<string, unknown>];
const SENT: Sent[] = [
  ['ada', 20_030, 'Flow Started', { flow_id: 'tour' }],
  ['ada', 20_031, 'Flow Started', { flow_id: 'tour' }],
  ['ada', 20_031, 'Flow Completed', { flow_id: 'tour' }],
  ['bob', 20_031, 'Flow Dismissed', { flow_id: 'tour', reason: 'target_missing' }],
  ['cy', 20_070, 'Flow Dismissed', { flow_id: 'tour' }],
  ['ada', 20_031, 'Message Shown', { message_id: 'news' }],
  ['bob', 20_031, 'Message Clicked', { message_id: 'news' }],
  ['cy', 20_031, 'Message Dismissed', { message_id: 7 }],
  ['bob', 20_032, 'Survey Shown', { survey_id: 'nps' }],
  ['bob', 20_032, 'Survey Answered', { survey_id: 'nps', score: 9 }],
  ['cy', 20_032, 'Checklist Item Completed', { checklist_id: 'start', item_id: 'first' }],
  ['cy', 20_033, 'Checklist Dismissed', { checklist_id: 'start' }],
  ['pm', 20_031, 'Message Shown', { message_id: 'news' }, { preview: true }],
];

export function contentReachRows(): EventRow[] {
  return SENT.map(([user, day, event, properties, context], i) => ({
    messageId: `r${i}`,
    type: 'track',
    event,
    userId: user,
    anonymousId: null,
    groupId: null,
    timestamp: day * 86_400_000 + 3_600_000,
    receivedAt: 0,
    payload: JSON.stringify({ type: 'track', event, properties, ...(context && { context }) }),
    properties,
    ...(context?.preview === true && { preview: true }),
  }));
}

const KEYS = [
  contentKey('Flow Started', 'tour'),
  contentKey('Flow Completed', 'tour'),
  contentKey('Flow Dismissed', 'tour'),
  contentKey('Message Shown', 'news'),
  contentKey('Message Clicked', 'news'),
  contentKey('Message Dismissed', '7'),
  contentKey('Survey Shown', 'nps'),
  contentKey('Survey Answered', 'nps'),
  contentKey('Checklist Item Completed', 'start/first'),
  contentKey('Checklist Dismissed', 'start'),
];
const RANGES = [
  { from: 20_000, to: 20_100 },
  { from: 20_031, to: 20_031 },
  { from: 20_060, to: 20_100 },
];

/** The reach of each item over each range (the overview's question), as one list. */
export async function contentReach(store: Pick<ReportStore, 'distinctUsers'>, projectId: number): Promise<number[][]> {
  const out: number[][] = [];
  for (const range of RANGES) {
    const counts = await store.distinctUsers(projectId, 'content', KEYS, range);
    out.push(KEYS.map((k) => counts.get(k) ?? 0));
  }
  return out;
}
