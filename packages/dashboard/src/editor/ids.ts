import type { ContentDocument } from '@touchpoint/content';

/** Every content id in use: flows, messages, checklists and surveys share one space (`show(id)` takes any). */
export const contentIds = (doc: ContentDocument): string[] =>
  [...(doc.flows ?? []), ...(doc.messages ?? []), ...(doc.checklists ?? []), ...(doc.surveys ?? [])].map((x) => x.id);
