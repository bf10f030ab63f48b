import type { Message } from './document.js';

/**
 * Which kinds of content may share the screen. Each kind shows in a slot; a slot holds one
 * item at a time, and items in different slots show together:
 *
 * - `main`: what asks for the user's attention: tours, modals and surveys. One at a time, as
 *   in Appcues, Pendo and Userpilot.
 * - `hint`: a tooltip or hotspot message pointing at the page. It is part of the page, as
 *   Pendo's and Userpilot's hotspots are: a persistent hotspot neither waits for nor holds
 *   back a tour or a modal. One hint at a time.
 * - `banner`: a bar along the top or bottom edge. It does not block the page, so it neither
 *   waits for nor holds back a tour, a modal or a survey.
 * - `corner`: a slideout in a corner, likewise.
 *
 * The checklist and resource-center launchers are not content that triggers: they stay
 * docked beside all of these.
 */
export type Slot = 'main' | 'hint' | 'banner' | 'corner';

/** What an item of content is (the names `LIFECYCLE` uses): a flow, a message or a survey. */
export type ContentKind = 'flow' | 'message' | 'survey';

type MessageKind = Message['kind'];

/** The slot of flows, surveys and each kind of message. */
export const SLOT_OF_KIND: Readonly<Record<Exclude<ContentKind, 'message'> | MessageKind, Slot>> = {
  flow: 'main',
  survey: 'main',
  modal: 'main',
  tooltip: 'hint',
  hotspot: 'hint',
  banner: 'banner',
  slideout: 'corner',
};

/** The kind of an item: a flow (it has steps), a survey (a question) or a message. */
export function contentKind(item: object): ContentKind {
  return 'steps' in item ? 'flow' : 'question' in item ? 'survey' : 'message';
}

/** The slot a flow, message or survey shows in (`main` for a message kind this version does not know). */
export function slotOf(item: object): Slot {
  const kind = contentKind(item);
  return SLOT_OF_KIND[kind === 'message' ? (item as { kind: MessageKind }).kind : kind] ?? 'main';
}
