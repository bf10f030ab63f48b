import type { ContentDocument, Experiment, Flow, FlowExperiment, MarkdownBlock, ContentMessage as Message, MessageKind, Step } from '@touchpoint/content';

/** What the builder's target field says about its selector now (the SDK counts it on the page). */
export interface SelectorStatus {
  count: number;
  unique: boolean;
  /** See the SDK's `SelectorWarning`: invalid, no-match, not-unique, other-element, locale-text, position. */
  warnings: string[];
}

/** Which item the builder edits. */
export interface BuilderSelection {
  tab: 'flows' | 'messages';
  flowId?: string;
  /** The selected step of the flow (0-based). */
  step: number;
  messageId?: string;
  /** The experiment variant whose copy shows (and is edited); undefined: the item's own copy. */
  variant?: string;
}

/** The builder panel as the SDK's builder tool decides it; the panel only draws it. */
export interface BuilderView extends BuilderSelection {
  /** The draft being edited. */
  doc: ContentDocument;
  /** An element is being picked. */
  picking: boolean;
  /** Which of the target's selectors the pick fills (0: the target, then its fallbacks; the list's length: a new fallback). */
  pickingAt?: number;
  /** The selected step's or message's target selectors (the first, then its fallbacks), each counted on the page; undefined for an empty one. */
  targets: Array<SelectorStatus | undefined>;
  /** The last save's or preview's outcome. */
  status?: { tone: 'info' | 'error'; text: string };
  /** Validation errors of the last save, by JSON path. */
  errors: Array<{ path: string; message: string }>;
  /** Unsaved changes. */
  dirty: boolean;
  /** The last save was refused because someone else saved the draft since it was read. */
  conflict?: boolean;
  /** The panel's top-left corner, in viewport pixels. */
  position: { x: number; y: number };
}

/** One change to the draft, applied by the builder tool (see the SDK's draft-edit.ts). */
export type BuilderChange =
  | { kind: 'addFlow' }
  | { kind: 'flow'; patch: Partial<Flow> }
  | { kind: 'deleteFlow' }
  | { kind: 'addStep' }
  | { kind: 'moveStep'; from: number; to: number }
  | { kind: 'deleteStep'; index: number }
  | { kind: 'step'; patch: Partial<Step> }
  /** The selected step's or message's target: its selectors in order, the first tried first (an empty list removes it). */
  | { kind: 'target'; selectors: string[] }
  | { kind: 'addMessage'; messageKind: MessageKind }
  | { kind: 'message'; patch: Partial<Message> }
  | { kind: 'deleteMessage' }
  | { kind: 'addVariant' }
  | { kind: 'experiment'; patch: Partial<Omit<Experiment, 'variants'>> | Partial<Omit<FlowExperiment, 'variants'>> }
  | { kind: 'variant'; id: string; weight?: number; copy?: Record<string, unknown> }
  | { kind: 'deleteVariant'; id: string }
  | { kind: 'removeExperiment' };

export interface BuilderActions {
  edit(change: BuilderChange): void;
  select(selection: Partial<BuilderSelection>): void;
  /** Starts (or stops) picking the selected item's target, or its fallback `at` (1…; the list's length adds one). */
  pick(at?: number): void;
  save(): void;
  /** After a conflict: `replace` saves these edits over the other save, `reload` drops them for it. */
  resolveConflict(choice: 'replace' | 'reload'): void;
  preview(): void;
  /** Opens the draft's preview with the debugger beside it: why each item shows or not for this user. */
  debug(): void;
  close(): void;
  move(position: { x: number; y: number }): void;
  /** Parses Markdown-subset text (the UI never parses text itself). */
  markdown(source: string): MarkdownBlock[];
}
