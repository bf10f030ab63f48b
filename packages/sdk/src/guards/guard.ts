/**
 * Eligibility as small guards, the way floating-ui runs middleware: each rule is one pure
 * `{ name, check }` in a file of its own, over a context the engine builds once per
 * evaluation (every storage read happens there, none in a guard). The engine's decision to
 * show and `explain()` run the same guards (see `run.ts`).
 */
import type { ContentMessage, Flow, Segments, Settings, Slot, Survey, TargetingContext } from '@touchpoint/content';
import type { FlowProgress } from '../flow-engine.js';

/** What the engine shows unsolicited: a flow, a message or a survey. */
export type Item = Flow | ContentMessage | Survey;

/** Everything a guard may look at, read once when the evaluation starts. */
export interface GuardContext {
  item: Item;
  /** What shows in the item's slot now (a running flow holds `main`), if anything. */
  occupant?: Item;
  slot: Slot;
  settings: Settings;
  /** The user id, or the anonymous id: what holdout buckets. */
  userKey: string;
  targeting: TargetingContext;
  segments: Segments;
  /** Progress with what the profile knows from other devices folded in. */
  progress: FlowProgress;
  now: number;
  /** Unsolicited items shown this session, and when content last showed on any device (0: never). */
  shownThisSession: number;
  lastShown: number;
  url: string;
  /** Milliseconds since this page was viewed. */
  sincePage: number;
  /** The item's trigger fired just now (the decision to show), rather than being asked about. */
  fired: boolean;
  /** Held back on this page by another reason, the item waits to be tried again when a slot frees. */
  waiting: boolean;
}

/** One eligibility rule: why the item does not show now, or null when this rule lets it. */
export interface Guard {
  name: string;
  check(context: GuardContext): string | null;
}
