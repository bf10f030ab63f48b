/** The engine's boundary: what `flows.ts` is given by the runtime, and what it offers it. */
import type { ContentDocument } from '@touchpoint/content';
import type { UIOptions, TouchpointUI } from '@touchpoint/ui';
import type { Happening } from './flow-engine.js';
import type { Inspection } from './inspect.js';
import type { Platform } from './platform.js';
import type { KeyValueStore } from './storage.js';

/** The lazily loaded UI module (`@touchpoint/ui`, or `/sdk/ui.js` for the script tag). */
export interface UIModule {
  createUI(options: UIOptions): TouchpointUI;
}

/** Who the user is, as the runtime knows them now. */
export interface WhoIsIt {
  userId?: string;
  anonymousId: string;
  traits: Record<string, unknown>;
  groupTraits: Record<string, unknown>;
  /** HMAC of the user id from the vendor's server, for identity verification. */
  userHash?: string;
}

export interface FlowControllerOptions {
  platform: Platform;
  document: Document;
  store: KeyValueStore;
  identity(): WhoIsIt;
  /** The current session (for the per-session throttle). */
  sessionId(): string;
  /** GET a collector path (with the write key added), resolving to the parsed JSON or undefined. */
  fetchJson(path: string): Promise<unknown>;
  /** Opens a URL (a message's call-to-action), in a new tab or this one. */
  navigate(url: string, newTab: boolean): void;
  track(event: string, properties: Record<string, unknown>): void;
  /** Loads the UI, the first time a step must show. */
  loadUI(): Promise<UIModule>;
  locale: string;
  /** Whether the user consented (or none is required): a journey's content shows only then. */
  allowed(): boolean;
  warn(msg: string): void;
}

export interface FlowController {
  /** Runs this content; resolves once the user's facts are in and the page has been looked at. */
  setContent(content: ContentDocument): Promise<void>;
  /** Something happened: it may start a flow, or advance the running one. */
  happen(happening: Happening): void;
  /** Opens the resource center, searching for `query` when given. */
  openResources(query?: string): void;
  /** Starts a flow now, whatever its trigger and repeat rule. */
  start(flowId: string): void;
  /**
   * Shows a flow, message, survey or checklist now, whatever its trigger, audience, repeat
   * rule and the throttle; it takes the place of what its slot shows.
   */
  show(contentId: string): void;
  /** The variant of an experiment this user is assigned (null: control, or no such experiment). */
  variant(experimentId: string): string | null;
  /** Closes whatever shows, in every slot, as dismissed by the user. */
  dismiss(): void;
  /** Who the user is changed (identify, group, reset): refetch their facts and look again. */
  identityChanged(): void;
  /**
   * Why a flow, message, survey or checklist would or would not show now (CONTRACT §3
   * `explain`): eligible only when it shows; otherwise every reason, including what it waits
   * for (another item in its slot, its trigger).
   */
  explain(contentId: string): { eligible: boolean; reasons: string[] };
  /** Forgets all flow state (log out). */
  reset(): void;
  /** The engine as the debugger shows it (a chunk of its own, loaded on the first call). */
  inspect(): Promise<Inspection>;
  destroy(): void;
}
