import type { Condition, ContentDocument } from './document.js';
import { featureUses } from './feature-use.js';
import { PROFILE_DAYS } from './limits.js';

/**
 * The events whose daily counts the profile must keep further back than its
 * {@link PROFILE_DAYS}: those a condition of `doc` counts over a longer `withinDays` window
 * (directly, or as a feature's own event), each with its longest window. Every other event
 * has daily counts for PROFILE_DAYS and an all-time total, so a profile costs the same
 * whatever the user's history unless the content asks for more.
 */
export function profileHorizons(doc: ContentDocument | undefined): Map<string, number> {
  const horizons = new Map<string, number>();
  const need = (event: string, days: number) => days > PROFILE_DAYS && days > (horizons.get(event) ?? 0) && horizons.set(event, days);
  const walk = (c: Condition | string | undefined): void => {
    if (!c || typeof c !== 'object') return;
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else if ('event' in c && c.withinDays !== undefined) need(c.event, c.withinDays);
    else if ('feature' in c && c.withinDays !== undefined) {
      // Feature Used needs no daily counts: the profile keeps when each feature was last used.
      for (const use of featureUses(c.feature, doc?.features)) if (use.featureId === undefined) need(use.event, c.withinDays);
    }
  };
  for (const segment of doc?.segments ?? []) walk(segment);
  for (const item of [...(doc?.flows ?? []), ...(doc?.messages ?? []), ...(doc?.surveys ?? []), ...(doc?.checklists ?? [])]) walk(item.audience);
  for (const checklist of doc?.checklists ?? []) for (const item of checklist.items) if (!('flow' in item.done)) walk(item.done);
  return horizons;
}
