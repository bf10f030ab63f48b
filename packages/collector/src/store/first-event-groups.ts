import type { FirstEventQuery } from './store.js';

/** A group of first-event queries one statement answers: one event name (or any), each user at most once. */
export interface FirstEventGroup {
  event: string | undefined;
  /** The group's queries, with their place in the caller's list. */
  items: Array<FirstEventQuery & { index: number }>;
}

/**
 * Splits a page's goal checks into the groups a store reads with one statement each: by event
 * name (a journey's goal names one, so a page is one group), and each user at most once in a
 * group (a user with two open entries is in two groups), so a group's answer is one minimum per user.
 */
export function firstEventGroups(queries: readonly FirstEventQuery[]): FirstEventGroup[] {
  const groups: Array<FirstEventGroup & { keys: Set<string> }> = [];
  queries.forEach((q, index) => {
    let group = groups.find((g) => g.event === q.event && !g.keys.has(q.userKey));
    if (!group) groups.push((group = { event: q.event, items: [], keys: new Set() }));
    group.keys.add(q.userKey);
    group.items.push({ ...q, index });
  });
  return groups.map(({ event, items }) => ({ event, items }));
}
