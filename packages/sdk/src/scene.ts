import type { ContentMessage, Flow, MessageContent, Slot, StepCopy, Survey } from '@touchpoint/content';
import type { SurveyActions } from '@touchpoint/ui';

/** What a tooltip or hotspot message's buttons do, and what the presenter says back. */
export interface MessageHandlers {
  cta(): void;
  dismiss(): void;
  /** Its target did not appear in time, or its UI could not load: it closes unseen. */
  missing(): void;
}

/**
 * What one slot shows, as the engine decided it: a flow's step (`copy` replaces steps' copy by
 * step id for a flow experiment's variant), a message with its content (its own or its
 * variant's), or a survey. The engine keeps these in a store (`$shown`); the presenter
 * subscribes and draws the latest, so a presenter that loads late never draws a stale one.
 */
export type Scene =
  | { item: Flow; index: number; copy?: Record<string, StepCopy> }
  | { item: ContentMessage; content: MessageContent; handlers: MessageHandlers }
  | { item: Survey; actions: SurveyActions };

/** Slot → what it shows (absent or undefined: nothing). */
export type Scenes = Partial<Record<Slot, Scene>>;

/** The message or survey a scene shows (a flow's step is not one: its flow holds the slot through progress). */
export const messageOf = (scene: Scene | undefined): ContentMessage | Survey | undefined => (scene && !('index' in scene) ? scene.item : undefined);
