/**
 * What the debugger (`#touchpoint-debug`) shows of the engine: the content's items, who the
 * user is, the segments they are in and what they did. A chunk of its own, imported by
 * `FlowController.inspect()` only when the debugger asks, so the engine every page loads
 * does not grow with it.
 */
import { audienceFailure, segmentsOf, type ContentDocument } from '@touchpoint/content';
import { SINCE } from './content-since.js';
import { targetingOf, type Facts } from './facts.js';
import type { FlowController, FlowControllerOptions, WhoIsIt } from './flows.js';

/** One item of the content: what `explain()` can be asked about. */
export interface InspectedItem {
  id: string;
  kind: 'flow' | 'message' | 'survey' | 'checklist';
  /** A message's kind (modal, banner, tooltip…), a flow's name: what tells items apart in a list. */
  detail?: string;
}

/** The engine as it stands for this user now. */
export interface Inspection {
  items: InspectedItem[];
  user: WhoIsIt;
  /** Every segment of the content, with whether the user is in it now (and why not). */
  segments: Array<{ id: string; member: boolean; reason?: string }>;
  /** Events tracked on this page since the user's facts were fetched, newest first (at most 50). */
  recent: Array<{ event: string; at: number }>;
  /** How often the user did each event, all time, on every device (the profile) and this page. */
  totals: Record<string, number>;
  /**
   * Resets this user's content state on this device: progress, throttle, experiment variants,
   * checklists and what they have seen (on any device, as the profile tells it), so their
   * content shows as to someone who never saw it. Who they are (ids, traits) stays.
   */
  resetContent(): void;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * The engine seen from the debugger, from what it was made with (`engine`), runs (`content`)
 * and knows (`facts`) on the page at `url`. Positional: the call in the engine stays small.
 * `controller.reset()` is the engine's reset of content state (as on log out; identity is
 * not its business).
 */
export function inspect(
  engine: FlowControllerOptions,
  content: ContentDocument,
  facts: Facts,
  url: string,
  controller: Pick<FlowController, 'reset'>,
): Inspection {
  const who = engine.identity();
  const now = () => engine.platform.now();
  const list = <T extends { id: string }>(section: readonly T[] | undefined) => (Array.isArray(section) ? section : []);
  const items: InspectedItem[] = [
    ...list(content.flows).map((f) => ({ id: f.id, kind: 'flow' as const, detail: text(f.name) })),
    ...list(content.messages).map((m) => ({ id: m.id, kind: 'message' as const, detail: text(m.kind) })),
    ...list(content.surveys).map((v) => ({ id: v.id, kind: 'survey' as const, detail: text(v.kind) })),
    ...list(content.checklists).map((c) => ({ id: c.id, kind: 'checklist' as const })),
  ];
  // The same targeting context the engine's audience guard reads (see flows.ts contextOf).
  const targeting = targetingOf(who, url, now(), facts);
  const segments = segmentsOf(content.segments);
  const { profile, local } = facts.dump();
  const totals: Record<string, number> = {};
  for (const [event, fact] of Object.entries(profile?.events ?? {})) totals[event] = fact.total;
  for (const e of local) totals[e.event] = (totals[e.event] ?? 0) + 1;
  return {
    items,
    user: who,
    segments: list(content.segments).map(({ id }) => {
      const reason = audienceFailure(id, targeting, segments);
      return reason ? { id, member: false, reason } : { id, member: true };
    }),
    recent: local
      .slice(-50)
      .reverse()
      .map((e) => ({ event: e.event, at: e.at })),
    totals,
    resetContent() {
      engine.store.set(SINCE, { key: who.userId ?? who.anonymousId, at: now() });
      controller.reset();
    },
  };
}
