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

  override componentDidMount() {
    if (this.props.view.kind === 'modal') this.card.current!.focus({ preventScroll: true });
  }

  private onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.props.actions.dismiss();
    } else if (this.props.view.kind === 'modal') trapTab(event, this.card.current!);
  };

  override render({ view, actions, strings }: Props) {
    const modal = view.kind === 'modal';
    const position = view.position ?? (view.kind === 'banner' ? 'bottom' : 'bottom-end');
    const card = (
      <div
        ref={this.card}
        class={`message ${view.kind}`}
        data-position={position}
        role={modal ? 'dialog' : 'region'}
        aria-modal={modal ? 'true' : undefined}
        aria-labelledby={view.title ? 'tp-m-title' : undefined}
        aria-label={view.title ? undefined : strings.message}
        aria-describedby={view.body ? 'tp-m-body' : undefined}
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
            <h2 class="title" id="tp-m-title">
              {view.title}
            </h2>
          )}
          {view.body && <Markdown blocks={view.body} id="tp-m-body" />}
        </div>
        {view.cta && (
          <button type="button" class="button primary" onClick={actions.cta}>
            {view.cta}
          </button>
        )}
        <p class="sr-only" aria-live="polite">
          {modal ? '' : view.title ?? ''}
        </p>
      </div>
    );
    return modal ? <div class="backdrop">{card}</div> : card;
  }
}
