import { computePosition, flip, offset, shift, type Placement } from '@floating-ui/dom';
import { Component, createRef, h } from 'preact';
import { trapTab } from './focus.js';
import { follow, type Rect, type Space, visibleRect } from './geometry.js';
import { Markdown } from './Markdown.js';
import { format, type UIStrings } from './strings.js';
import type { StepActions, StepView } from './view.js';

interface Props {
  view: StepView;
  actions: StepActions;
  strings: UIStrings;
  rtl: boolean;
  /** Called with the target's visible box on every repositioning (null: not visible), and the space it is placed in. */
  onGeometry(rect: Rect | null, space: Space): void;
}

/** How close to the viewport's edge the step may come (flip and shift keep it that far in). */
const MARGIN = 8;

/**
 * A tour step or tooltip: a dialog placed at its target by floating-ui and kept there by
 * `follow` (scroll, resize, any move of the target). It stays hidden until its first position
 * is known and whenever the target is scrolled out of sight: never a box at 0,0 or pointing at
 * nothing. One instance draws one step (Layer keys it by the step): nothing one step wrote
 * on the element (its position, hidden state) can leak into the next.
 */
export class StepCard extends Component<Props> {
  private card = createRef<HTMLDivElement>();
  private arrow = createRef<HTMLDivElement>();
  private stop?: () => void;
  /** What had focus in the step when it was hidden (its target scrolled away or re-rendered): it gets it back. */
  private focused?: HTMLElement;
  /** What had focus in the page when the step mounted: the step takes focus from it when it first shows. */
  private before?: Element | null;

  override componentDidMount() {
    // A step at a target stays hidden until placed, and a hidden element takes no focus: it
    // takes focus when it first shows (focusing it now would only force a layout first).
    if (this.props.view.target) this.before = document.activeElement;
    else this.card.current!.focus({ preventScroll: true });
    this.place();
  }

  // The app re-rendered the target: follow the new element (without pulling focus from the page).
  override componentDidUpdate(previous: Props) {
    if (previous.view.target !== this.props.view.target) this.place();
  }

  override componentWillUnmount() {
    this.stop?.();
  }

  /** Brings the target into view, and keeps the step placed at it. */
  private place() {
    this.stop?.();
    this.stop = undefined;
    const { view, rtl, onGeometry } = this.props;
    const floating = this.card.current!;
    const target = view.target;
    if (!target) return onGeometry(null, { fixed: true, origin: { x: 0, y: 0 }, page: { x: 0, width: 0, height: 0 } });
    // Hidden until its first position is known; at a new target it stays where it was meanwhile (and keeps focus).
    if (!floating.style.top) floating.setAttribute('data-hidden', '');
    // Bring the target into view through every scrolling ancestor (nested containers,
    // iframes) when any of it is cut off.
    const box = target.getBoundingClientRect();
    const seen = visibleRect(target);
    if (!seen || seen.width < box.width - 1 || seen.height < box.height - 1) target.scrollIntoView({ block: 'center', inline: 'nearest' });
    const placement = mirror(view.placement ?? 'bottom', rtl);
    // Each frame follow measures (reads) first; the placement then only writes.
    this.stop = follow(
      target,
      floating,
      ({ visible, width, height, space }) => {
        const { fixed, origin } = space;
        // In the layer, which scrolls with the page, unless the target is pinned to the viewport (see follow).
        floating.style.position = fixed ? 'fixed' : '';
        computePosition(target, floating, {
          strategy: fixed ? 'fixed' : 'absolute',
          placement,
          // Bounded by the viewport alone: the step is in the top layer, where no ancestor clips
          // it (and floating-ui need not read the style of each ancestor every frame).
          // Shifted along both axes: a target taller or wider than the viewport still gets its
          // step in view (over the target) when no side of it has room.
          middleware: [
            offset(12),
            flip({ padding: MARGIN, boundary: [], fallbackAxisSideDirection: 'start' }),
            shift({ padding: MARGIN, boundary: [], crossAxis: true }),
          ],
        }).then(({ x, y, placement: side }) => {
          const a = this.arrow.current;
          if (!a) return; // unmounted meanwhile
          // The visible part of the target (clipped by its scroll containers) places the
          // spotlight's hole, and hides the step while the target is scrolled out of sight.
          const shows = visible && floating.hasAttribute('data-hidden');
          // A hidden element loses focus (to <body>): when the step shows again, focus comes back
          // to where it was in it, unless the user has put it somewhere else on the page meanwhile.
          const active = (floating.getRootNode() as ShadowRoot).activeElement as HTMLElement;
          if (!visible && floating.contains(active)) this.focused = active;
          // The arrow sits on the edge facing the target, pointing at the centre of its
          // visible part (the same box as the spotlight's hole), kept 10 px from the corners. It
          // is placed in the card's padding box (inside its 1 px border) and is 14 px wide (12
          // and its own border): its left side is the centre less 8 px.
          const edge = side.split('-')[0]!;
          const across = edge === 'top' || edge === 'bottom';
          const centre = visible ? (across ? visible.x - origin.x + visible.width / 2 - x : visible.y - origin.y + visible.height / 2 - y) - 8 : 0;
          const along = `${Math.min(Math.max(centre, 9), (across ? width : height) - 25)}px`;
          const edgeOffset = edge === 'top' || edge === 'left' ? 'calc(100% - 6px)' : '-7px';
          // Only writes from here: no layout is read back in this frame.
          floating.style.left = `${x}px`;
          floating.style.top = `${y}px`;
          floating.toggleAttribute('data-hidden', !visible);
          // Turned to face the target: its CSS points it at a target above it.
          a.style.rotate = `${['bottom', 'left', 'top', 'right'].indexOf(edge) * 90}deg`;
          a.style.left = across ? along : edgeOffset;
          a.style.top = across ? edgeOffset : along;
          onGeometry(visible, space);
          // (Unless the user put focus elsewhere on the page meanwhile, or is in a field: a first
          // step that is not modal, as a tooltip shown after a delay, never takes the keys from
          // it; a later step follows the tour the user is in, a modal one takes focus to hold it.)
          const now = document.activeElement!;
          const free = (now === document.body || now === this.before) && (view.index || view.trapFocus || !now.matches(':read-write'));
          if (shows && free) (this.focused ?? floating).focus({ preventScroll: true });
          if (shows) this.before = undefined;
        });
      },
      MARGIN,
    );
  }

  private onKeyDown = (event: KeyboardEvent) => {
    const { view, actions, rtl } = this.props;
    if (event.key === (rtl ? 'ArrowLeft' : 'ArrowRight') && view.showNext) {
      actions.next();
    } else if (event.key === (rtl ? 'ArrowRight' : 'ArrowLeft') && view.canGoBack) {
      actions.back();
    } else if (view.trapFocus) {
      trapTab(event, this.card.current!);
    }
  };

  override render({ view, actions, strings }: Props) {
    const n = view.index + 1;
    // One step a slot (a hint beside a tour's step): ids of its own.
    const titleId = `tp-${view.slot ?? 'main'}-title`;
    const bodyId = `tp-${view.slot ?? 'main'}-body`;
    const tooltip = view.kind !== 'popover';
    return (
      <div
        ref={this.card}
        class={tooltip ? 'step tooltip' : 'step'}
        role="dialog"
        aria-modal={view.trapFocus || undefined}
        aria-labelledby={view.title ? titleId : undefined}
        aria-label={view.title ? undefined : format(strings.step, n, view.total)}
        aria-describedby={view.body ? bodyId : undefined}
        tabIndex={-1}
        data-centered={view.target ? undefined : ''}
        onKeyDown={this.onKeyDown}
      >
        <div ref={this.arrow} class="arrow" hidden={!view.target} aria-hidden="true" />
        <button type="button" class="close" aria-label={strings.close} onClick={actions.dismiss}>
          ×
        </button>
        {view.image && <img class="media" src={view.image} alt={view.imageAlt ?? ''} />}
        {view.video && <video class="media" src={view.video} controls muted playsInline preload="metadata" />}
        {view.title && (
          <h2 class="title" id={titleId}>
            {view.title}
          </h2>
        )}
        {view.body && <Markdown blocks={view.body} id={bodyId} />}
        {(view.showNext || view.cta || view.canGoBack || (!tooltip && view.total > 1)) && (
          <div class="footer">
            {!tooltip && view.total > 1 && <span class="progress">{format(strings.progress, n, view.total)}</span>}
            {view.canGoBack && (
              <button type="button" class="button" onClick={actions.back}>
                {strings.back}
              </button>
            )}
            {view.cta ? (
              <button type="button" class="button primary" onClick={actions.cta}>
                {view.cta}
              </button>
            ) : (
              view.showNext && (
                <button type="button" class="button primary" onClick={actions.next}>
                  {view.isLast ? (tooltip ? strings.gotIt : strings.done) : strings.next}
                </button>
              )
            )}
          </div>
        )}
      </div>
    );
  }
}

/**
 * Placements are logical: in a right-to-left page "right" is the inline end, on the left.
 * Only the sides swap here: floating-ui itself flips `-start`/`-end` by the layer's `dir`.
 */
function mirror(placement: Placement, rtl: boolean): Placement {
  return (rtl ? placement.replace(/left|right/, (side) => (side === 'left' ? 'right' : 'left')) : placement) as Placement;
}
