import type { ContentDocument, MessageKind } from './document.js';
import { SLOT_OF_KIND } from './slots.js';

/**
 * What may show by itself on a page view, by what draws it: `steps` (a flow's step, or a tooltip
 * or hotspot message: the UI draws them itself), `messages` (a modal, banner or slideout),
 * `surveys`, and the `dock` (a checklist, or a resource center with articles: shown on every
 * page their audience sees).
 */
export type PageLoadShow = 'steps' | 'messages' | 'surveys' | 'dock';

/**
 * A delay this short counts as showing with the page's load. A longer one leaves time for the
 * engine's own fetch of the UI once the page is idle (`flows.ts`): fetching ahead then would only
 * compete with the page's own loading.
 */
const SOON_SECONDS = 3;

/** A message in the `hint` slot (a tooltip, a hotspot) is drawn at its target as a step (the presenter's `showStep`), not by the messages chunk. */
const drawnAsStep = (message: { kind?: unknown } | null) => SLOT_OF_KIND[message?.kind as MessageKind] === 'hint';

/**
 * What in `doc` may show by itself as a page loads (a page trigger, or a delay of at most
 * SOON_SECONDS), in a fixed order (the same document gives the same list). Asked where the
 * page's URL and the user are not known, by the collector for the script tag's first-visit hint:
 * a trigger on any URL, and a checklist for any audience, count. Never throws on a broken
 * document.
 */
export function pageLoadShows(doc: ContentDocument | undefined): PageLoadShow[] {
  const items = (section: unknown) => (Array.isArray(section) ? (section as Array<{ trigger?: { on?: unknown }; kind?: unknown } | null>) : []);
  const byItself = (item: { trigger?: { on?: unknown; seconds?: unknown } } | null) =>
    item?.trigger?.on === 'page' || (item?.trigger?.on === 'delay' && Number(item.trigger.seconds) <= SOON_SECONDS);
  const messages = items(doc?.messages).filter(byItself);
  const shows: Record<PageLoadShow, boolean> = {
    steps: items(doc?.flows).some(byItself) || messages.some(drawnAsStep),
    messages: messages.some((m) => !drawnAsStep(m)),
    surveys: items(doc?.surveys).some(byItself),
    dock: items(doc?.checklists).length > 0 || items((doc?.resources as { articles?: unknown } | null | undefined)?.articles).length > 0,
  };
  return (Object.keys(shows) as PageLoadShow[]).filter((kind) => shows[kind]);
}

/**
 * The browser storage key under which the SDK keeps the anonymous id (`identity.ts`): the
 * collector's first-visit hint reads it too (a browser that has one is not on its first visit).
 */
export const ANONYMOUS_ID_KEY = 'tp.aid';
