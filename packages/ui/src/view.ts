import type { MarkdownBlock, Placement } from '@touchpoint/content';

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
}

export interface MessageActions {
  /** The call-to-action was pressed. */
  cta(): void;
  dismiss(): void;
}

export interface StepActions {
  next(): void;
  back(): void;
  dismiss(): void;
  /** The call-to-action was pressed (when the view has one). */
  cta?(): void;
}
