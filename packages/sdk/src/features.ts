import { EVENTS, type Feature } from '@touchpoint/content';
import { invalidSelector } from './selectors.js';

/**
 * Tracks `Feature Used {feature_id}` when the user acts on a feature's elements. One
 * capture-phase listener per DOM event type on the document: elements rendered later count
 * too, and `composedPath()` reaches into open shadow roots (for composed events: click,
 * input, focus). Only the feature id is sent: never text, values or the element itself.
 * Returns the function that removes the listeners.
 */
export function watchFeatures(
  doc: Document,
  features: readonly Feature[],
  track: (event: string, properties: Record<string, unknown>) => void,
  warn: (msg: string) => void,
): () => void {
  const byType = new Map<string, Feature[]>();
  for (const f of features) {
    if (!f?.selector || typeof f.id !== 'string') continue;
    if (invalidSelector(doc, [f.selector]) !== undefined) {
      warn(`feature "${f.id}" skipped: "${f.selector}" is not a valid selector`);
      continue;
    }
    // focus does not bubble; focusin does, and is the same moment.
    const type = f.on === 'focus' ? 'focusin' : (f.on ?? 'click');
    byType.set(type, [...(byType.get(type) ?? []), f]);
  }
  const offs = [...byType].map(([type, list]) => {
    const listener = (event: Event) => {
      const path = event.composedPath().filter((n): n is Element => n instanceof Element);
      for (const f of list) if (path.some((el) => el.matches(f.selector!))) track(EVENTS.featureUsed, { feature_id: f.id });
    };
    doc.addEventListener(type, listener, true);
    return () => doc.removeEventListener(type, listener, true);
  });
  return () => offs.forEach((off) => off());
}
