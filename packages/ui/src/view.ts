import type { MarkdownBlock, Placement, Slot } from '@touchpoint/content';

/** What one step looks like, decided by the SDK; the UI only draws it. Strings arrive localized. */
export interface StepView {
  /** Changes whenever a different step is shown (flow id + step id). */
  key: string;
  kind: 'popover' | 'tooltip' | 'hotspot';
  title?: string;
  /** The body, already parsed from the Markdown subset (the UI never parses text). */
  body?: MarkdownBlock[];
  image?: string;
  imageAlt?: string;
  video?: string;
  /** The element pointed at; null for a centred step. */
  target: Element | null;
  /** @default "bottom" */
  placement?: Placement;
  /** Dim the page around the target. */
  spotlight: boolean;
  /** Keep keyboard focus inside the step (a spotlight step advanced by its buttons). */
  trapFocus: boolean;
  /** 0-based position and count, for "2 of 5". */
  index: number;
  total: number;
  canGoBack: boolean;
  /** False when the step advances by a click, an event or a URL: no Next button then. */
  showNext: boolean;
  isLast: boolean;
  /** A call-to-action button (messages shown as tooltips or hotspots). */
  cta?: string;
  /** Where it shows: a flow's steps in `main`, tooltip and hotspot messages in `hint`. @default "main" */
  slot?: Slot;
}

/** A modal, banner or slideout message, decided by the SDK. Strings arrive localized. */
export interface MessageView {
  key: string;
  kind: 'modal' | 'banner' | 'slideout';
  title?: string;
  body?: MarkdownBlock[];
  image?: string;
  imageAlt?: string;
  video?: string;
  cta?: string;
  /** Banners: top or bottom; slideouts: a corner. @default "bottom" / "bottom-end" */
  position?: 'top' | 'bottom' | 'top-start' | 'top-end' | 'bottom-start' | 'bottom-end';
  /** Where it shows (the SDK reads it from `@touchpoint/content`'s slots): it replaces what that slot shows, and only that. @default "main" */
  slot?: Slot;
}

export interface MessageActions {
  /** The call-to-action was pressed. */
  cta(): void;
  dismiss(): void;
  /** Its code could not load (offline, a failed deploy): it is not on screen. Loading is tried again on the next show. */
  failed?(): void;
}

export interface StepActions {
  next(): void;
  back(): void;
  dismiss(): void;
  /** The call-to-action was pressed (when the view has one). */
  cta?(): void;
}

/** A checklist as the dock shows it. Strings arrive localized. */
export interface ChecklistView {
  id: string;
  title: string;
  items: Array<{ id: string; title: string; description?: string; done: boolean /** Clicking it runs an action. */; actionable: boolean }>;
}

/** The resource center's articles (localized; bodies as Markdown source, parsed when opened) and contact entry. */
export interface ResourcesView {
  articles: Array<{ id: string; title: string; body: string; tags?: string[]; url?: string; image?: string; imageAlt?: string; video?: string }>;
  /** The label defaults to the built-in "Contact us". */
  contact?: { label?: string; href: string };
}

/** The corner launchers and the panel open from one of them. */
export interface DockView {
  checklist?: ChecklistView;
  resources?: ResourcesView;
  open: 'checklist' | 'resources' | null;
  /** A search to run when the resource center opens (`openResourceCenter(query)`), with a key that changes per call. */
  search?: { query: string; key: number };
}

export interface DockActions {
  /** Open a panel (or close with null). */
  open(panel: 'checklist' | 'resources' | null): void;
  /** A checklist item was clicked (it has an action). */
  runItem(itemId: string): void;
  dismissChecklist(): void;
  /** The user settled on a search (paused typing, pressed Enter or left it): `results` may be 0. */
  searched(query: string, results: number): void;
  viewed(articleId: string): void;
  /** Parses an article body (the SDK's Markdown subset; the UI never parses text itself). */
  markdown(source: string): MarkdownBlock[];
}

/** A survey, decided by the SDK. Strings arrive localized. */
export interface SurveyView {
  key: string;
  kind: 'nps' | 'rating' | 'choice' | 'text';
  question: string;
  choices?: string[];
  multiple?: boolean;
}

export interface SurveyAnswer {
  score?: number;
  answer?: string | string[];
  comment?: string;
}

export interface SurveyActions {
  answer(answer: SurveyAnswer): void;
  dismiss(): void;
  /** The thank-you has been shown: take the survey away. */
  done(): void;
  /** Its code could not load: it is not on screen. Loading is tried again on the next show. */
  failed?(): void;
}
