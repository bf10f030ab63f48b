import { Component, createRef, h } from 'preact';
import { trapTab } from './focus.js';
import { Markdown } from './Markdown.js';
import type { UIStrings } from './strings.js';
import type { MessageActions, MessageView } from './view.js';

interface Props {
  view: MessageView;
  actions: MessageActions;
  strings: UIStrings;
}

/**
 * A modal (centred, page dimmed, focus kept inside), a banner (an edge of the screen) or a
 * slideout (a corner). Non-modal messages do not take focus: a live region announces
 * them, and Tab reaches them.
 */
export class Message extends Component<Props> {
  private card = createRef<HTMLDivElement>();
  private stop?: () => void;
  override componentDidMount() {
    const card = this.card.current!;
    const { kind } = this.props.view;
    if (kind === 'modal') card.focus({ preventScroll: true });
    if (kind !== 'banner') return;
    // A banner takes room of its own at its edge of the page, as Appcues' inline banners do: a
    // spacer as tall as it, first in the body under a top banner (the page, its header too,
    // starts below the banner, which scrolls away with it: CSS), last above a bottom one (the
    // end of the page scrolls clear of it). Slideouts, surveys and launchers on its edge sit
    // `--tp-top` / `--tp-bottom` from it (16 px by default, CSS): 16 px beyond it while it shows.
    const position = card.dataset.position!;
    const space = document.createElement('touchpoint-space');
    const style = ((card.getRootNode() as ShadowRoot).host as HTMLElement).style;
    const edge = `--tp-${position}`;
    // A row of its own across a grid body's columns (else it takes the first cell, and the app's
    // sidebar moves to the next one).
    space.style.cssText = 'display:block;grid-column:1/-1';
    space.dataset.edge = position;
    document.body[position === 'top' ? 'prepend' : 'append'](space);
    const watch = new ResizeObserver(() => {
      const height = card.offsetHeight;
      space.style.height = `${height}px`;
      style.setProperty(edge, `${height + 16}px`);
    });
    watch.observe(card);
    // Every spacer at its edge: one in a copy of the body the app put back (a snapshot it restores) too.
    this.stop = () => (
      watch.disconnect(), document.querySelectorAll(`touchpoint-space[data-edge=${position}]`).forEach((s) => s.remove()), style.removeProperty(edge)
    );
  }

  override componentWillUnmount() {
    this.stop?.();
  }

  // (Esc is the UI's: it dismisses what a slot shows.)
  private onKeyDown = (event: KeyboardEvent) => {
    if (this.props.view.kind === 'modal') trapTab(event, this.card.current!);
  };

  override render({ view, actions, strings }: Props) {
    const modal = view.kind === 'modal';
    // A message per slot: ids of its own (a banner and a modal show together).
    const id = `tp-${view.slot ?? 'main'}`;
    const position = view.position ?? (view.kind === 'banner' ? 'bottom' : 'bottom-end');
    const card = (
      // biome-ignore lint/a11y/noStaticElementInteractions: the role is dialog or region, chosen at run time (the linter sees an expression)
      // biome-ignore lint/a11y/useAriaPropsSupportedByRole: aria-modal is only set with role dialog
      <div
        ref={this.card}
        class={`message ${view.kind}`}
        data-position={position}
        role={modal ? 'dialog' : 'region'}
        aria-modal={modal || undefined}
        aria-labelledby={view.title ? `${id}-title` : undefined}
        aria-label={view.title ? undefined : strings.message}
        aria-describedby={view.body ? `${id}-body` : undefined}
        tabIndex={-1}
        onKeyDown={this.onKeyDown}
      >
        <button type="button" class="close" aria-label={strings.close} onClick={actions.dismiss}>
          ×
        </button>
        {view.image && <img class="media" src={view.image} alt={view.imageAlt ?? ''} loading="lazy" />}
        {view.video && <video class="media" src={view.video} controls muted playsInline preload="metadata" />}
        <div class="content">
          {view.title && (
            <h2 class="title" id={`${id}-title`}>
              {view.title}
            </h2>
          )}
          {view.body && <Markdown blocks={view.body} id={`${id}-body`} />}
        </div>
        {view.cta && (
          <button type="button" class="button primary" onClick={actions.cta}>
            {view.cta}
          </button>
        )}
        <p class="sr-only" aria-live="polite">
          {!modal && view.title}
        </p>
      </div>
    );
    return modal ? <div class="backdrop">{card}</div> : card;
  }
}
