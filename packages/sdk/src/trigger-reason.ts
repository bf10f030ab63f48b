/**
 * What an item still waits for before it shows, as `explain()` says it: its trigger. (What
 * shows in its slot is the other thing it may wait for: see `blockers` in flows.ts.)
 */
import { matchUrlGlob, type Trigger } from '@touchpoint/content';

/**
 * What the trigger still waits for on this page, or null once it has come (a page trigger
 * whose URL matches, a delay that has passed).
 *
 * @param sincePage milliseconds since this page was viewed.
 */
export function triggerReason(trigger: Trigger | undefined, url: string, sincePage: number): string | null {
  if (!trigger || trigger.on === 'manual') return 'trigger: manual (shows only with startFlow or show)';
  if ('url' in trigger && trigger.url && !matchUrlGlob(trigger.url, url)) return `trigger: "${trigger.url}" does not match this page`;
  if (trigger.on === 'event') return `trigger: waits for the event "${trigger.event}"`;
  if (trigger.on === 'click') return `trigger: waits for a click on "${trigger.selector}"`;
  if (trigger.on === 'delay' && sincePage < trigger.seconds * 1000) return `trigger: shows ${trigger.seconds} s after the page loads`;
  return null;
}

/** Said of an item whose page or delay trigger has come and gone without it showing. */
export const NEXT_PAGE = 'trigger: waits for the next page view';
