/**
 * Shows what the builder edits on the real page, with the end users' UI (`ui.js`) and the
 * same presenter the engine uses: same targets, same Markdown, same look. The builder's
 * panel stays above it and keeps the keyboard focus while the PM types.
 */
import { slotOf, type ContentDocument, type Flow, type ContentMessage as Message, type MessageContent, type StepCopy } from '@touchpoint/content';
import { atom } from 'nanostores';
import type { UIModule } from '../flows.js';
import { createPresenter, type Presenter } from '../presenter.js';
import type { Scenes } from '../scene.js';

export interface LivePreviewOptions {
  document: Document;
  locale: string;
  loadUI(): Promise<UIModule>;
  /** Brings the panel back on top of the preview, keeping its focus. */
  raise(): void;
  /** The preview's Next/Back moved to step `index` of the flow (past the end: it finished). */
  goTo(index: number): void;
  /** The previewed item's target is not on this page. */
  missing(): void;
}

export type PreviewItem = { flow: Flow; step: number; copy?: Record<string, StepCopy> } | { message: Message; content: MessageContent } | null;

export interface LivePreview {
  show(doc: ContentDocument, item: PreviewItem): void;
  destroy(): void;
}

export function createLivePreview(o: LivePreviewOptions): LivePreview {
  let presenter: Promise<Presenter> | undefined;
  let settingsKey = '';
  let shownKey: string | undefined;
  let lastItemKey: string | undefined;
  let wanted: { doc: ContentDocument; item: PreviewItem } | undefined;
  let destroyed = false;
  // What the preview shows, slot by slot: the presenter draws it, as it draws the engine's.
  const $shown = atom<Scenes>({});

  function presenterFor(doc: ContentDocument): Promise<Presenter> {
    const key = JSON.stringify(doc.settings?.theme ?? {});
    if (presenter && key === settingsKey) return presenter;
    settingsKey = key;
    lastItemKey = undefined;
    void presenter?.then((p) => p.destroy());
    presenter = o.loadUI().then((ui) =>
      createPresenter({
        document: o.document,
        locale: o.locale,
        settings: doc.settings,
        createUI(options) {
          const real = ui.createUI(options);
          // A new view opens the UI's layer anew (above ours) and focuses it: the panel comes back on top with its focus.
          const keep =
            <A extends unknown[]>(fn: (...args: A) => void) =>
            (...args: A) => {
              const key = (args[0] as { key?: string }).key;
              fn(...args);
              if (key !== shownKey) o.raise();
              shownKey = key;
            };
          return { ...real, showStep: keep(real.showStep), showMessage: keep(real.showMessage) };
        },
        $shown,
        goTo: o.goTo,
        dismiss: () => $shown.set({}),
        missing: o.missing,
        viewed: () => {},
      }),
    );
    return presenter;
  }

  return {
    show(doc, item) {
      wanted = { doc, item };
      void presenterFor(doc).then(() => {
        if (destroyed || wanted?.item !== item) return;
        // Another item: what showed goes. The same one edited: redrawn in place (no flicker, focus stays).
        const itemKey = !item ? '' : 'flow' in item ? `flow:${item.flow.id}:${item.step}` : `message:${item.message.id}:${item.message.kind}`;
        if (itemKey !== lastItemKey) {
          $shown.set({});
          shownKey = undefined;
          lastItemKey = itemKey;
        }
        if (!item) return;
        if ('flow' in item) $shown.set({ main: { item: item.flow, index: item.step, copy: item.copy } });
        else
          $shown.set({
            [slotOf(item.message)]: {
              item: item.message,
              content: item.content,
              handlers: { cta: () => {}, dismiss: () => $shown.set({}), missing: o.missing },
            },
          });
      });
    },
    destroy() {
      destroyed = true;
      void presenter?.then((p) => p.destroy());
    },
  };
}
