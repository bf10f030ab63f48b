/**
 * Which kinds of content may share the screen. Each kind shows in a slot; a slot holds one
 * item at a time, and items in different slots show together:
 *
 * - `main`: what asks for the user's attention: tours, modals, surveys, and the tooltips
 *   and hotspots that point at the page. One at a time, as in Appcues, Pendo and Userpilot.
 * - `banner`: a bar along the top or bottom edge. It does not block the page, so it neither
 *   waits for nor holds back a tour, a modal or a survey.
 * - `corner`: a slideout in a corner, likewise.
 *
 * The checklist and resource-center launchers are not content that triggers: they stay
 * docked beside all of these.
 */
export type Slot = 'main' | 'banner' | 'corner';

/** Every kind of triggered content: flows (tours), the message kinds, and surveys. */
export type ContentKind = 'flow' | 'modal' | 'tooltip' | 'hotspot' | 'banner' | 'slideout' | 'survey';

/** The slot of each kind of content. */
export const SLOT_OF_KIND: Readonly<Record<ContentKind, Slot>> = {
  flow: 'main',
  modal: 'main',
  tooltip: 'main',
  hotspot: 'main',
  survey: 'main',
  banner: 'banner',
  slideout: 'corner',
};

/** The kind of a flow (it has steps), a survey (a question) or a message (its `kind`). */
export function contentKind(item: object): ContentKind {
  return 'steps' in item ? 'flow' : 'question' in item ? 'survey' : (item as { kind: ContentKind }).kind;
}

/** The slot a flow, message or survey shows in (`main` for a kind this version does not know). */
export function slotOf(item: object): Slot {
  // Flows have no `kind`, and surveys' kinds are not message kinds: both fall to `main`.
  return SLOT_OF_KIND[(item as { kind: ContentKind }).kind] ?? 'main';
}
