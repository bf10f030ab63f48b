import type { Feature } from './document.js';
import { EVENTS } from './events.js';

/**
 * One kind of tracked event that means a feature was used: `event`, and when `featureId` is
 * set, only with `properties.feature_id` equal to it.
 */
export interface FeatureUse {
  event: string;
  featureId?: string;
}

/**
 * What "feature `id` was used" means, for the SDK's facts (`feature` conditions), the
 * adoption report and health signals alike: a `Feature Used` event naming it (the SDK
 * sends one when the user acts on the feature's `selector`; host code may send one too),
 * or the feature's own `event` when the content defines it by one. Stores that keep
 * counts per event name and per `Feature Used` id read the same list.
 */
export function featureUses(id: string, features: readonly Feature[] | undefined): FeatureUse[] {
  const event = features?.find((f) => f.id === id)?.event;
  return [{ event: EVENTS.featureUsed, featureId: id }, ...(event ? [{ event }] : [])];
}

/** Whether a tracked event is one of `uses` (see {@link featureUses}). */
export function isFeatureUse(uses: readonly FeatureUse[], event: string, properties: Readonly<Record<string, unknown>> | undefined): boolean {
  return uses.some((u) => u.event === event && (u.featureId === undefined || properties?.feature_id === u.featureId));
}
