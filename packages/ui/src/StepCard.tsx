import { arrow, autoUpdate, computePosition, flip, offset, shift, type Placement } from '@floating-ui/dom';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { trapTab } from './focus.js';
import { visibleRect, type Rect } from './geometry.js';
import { Markdown } from './Markdown.js';
import { format, type UIStrings } from './strings.js';
import type { StepActions, StepView } from './view.js';

interface Props {
  view: StepView;
  actions: StepActions;
  strings: UIStrings;
  rtl: boolean;
  /** Called with the target's visible box on every repositioning (null: not visible). */
  onGeometry(rect: Rect | null): void;
}

/**
 * A tour step or tooltip: a dialog placed at its target by floating-ui and kept there by
 * autoUpdate (scroll in any ancestor, resize, layout shifts). It stays hidden until its
 * first position is known and whenever the target is scrolled out of sight: never a box
 * at 0,0 or pointing at nothing.
 */
export function StepCard({ view, actions, strings, rtl, onGeometry }: Props) {
  const card = useRef<HTMLDivElement>(null);
  const arrowEl = useRef<HTMLDivElement>(null);
  const n = view.index + 1;
  const titleId = `tp-title-${view.index}`;
  const bodyId = `tp-body-${view.index}`;
  const tooltip = view.kind !== 'popover';

  useLayoutEffect(() => {
    const floating = card.current!;
    const target = view.target;
    floating.focus({ preventScroll: true });
    if (!target) {
      onGeometry(null);
      return;
    }
    floating.setAttribute('data-pending', '');
    // Bring the target into view through every scrolling ancestor (nested containers,
    // iframes) when any of it is cut off.
    const box = target.getBoundingClientRect();
    const seen = visibleRect(target);
    if (!seen || seen.width < box.width - 1 || seen.height < box.height - 1) target.scrollIntoView({ block: 'center', inline: 'nearest' });
    const placement = mirror(view.placement ?? 'bottom', rtl);
    const update = () => {
      computePosition(target, floating, {
        strategy: 'fixed',
        placement,
        middleware: [offset(12), flip({ padding: 8, fallbackAxisSideDirection: 'start' }), shift({ padding: 8 }), arrow({ element: arrowEl.current!, padding: 10 })],
      }).then(({ x, y, placement: side, middlewareData }) => {
        floating.style.left = `${x}px`;
        floating.style.top = `${y}px`;
        // The visible part of the target (clipped by its scroll containers) places the
        // spotlight's hole, and hides the step while the target is scrolled out of sight.
        const visible = visibleRect(target);
        floating.toggleAttribute('data-hidden', !visible);
        floating.removeAttribute('data-pending');
        const a = arrowEl.current!;
        const staticSide = side.split('-')[0]! as 'top' | 'bottom' | 'left' | 'right';
        const opposite = { top: 'bottom', bottom: 'top', left: 'right', right: 'left' }[staticSide];
        a.setAttribute('data-side', opposite);
        a.style.left = middlewareData.arrow?.x != null ? `${middlewareData.arrow.x}px` : '';
        a.style.top = middlewareData.arrow?.y != null ? `${middlewareData.arrow.y}px` : '';
        a.style.right = a.style.bottom = '';
        a.style[opposite as 'top'] = '-7px';
        onGeometry(visible);
      });
    };
    return autoUpdate(target, floating, update);
  }, [view.key, view.target]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      actions.dismiss();
    } else if (event.key === (rtl ? 'ArrowLeft' : 'ArrowRight') && view.showNext && !isTyping(event)) {
      actions.next();
    } else if (event.key === (rtl ? 'ArrowRight' : 'ArrowLeft') && view.canGoBack && !isTyping(event)) {
      actions.back();
    } else if (view.trapFocus) {
      trapTab(event, card.current!);
    }
  };

  return (
    <div
      ref={card}
      class={tooltip ? 'step tooltip' : 'step'}
      role="dialog"
      aria-modal={view.trapFocus ? 'true' : undefined}
      aria-labelledby={view.title ? titleId : undefined}
      aria-label={view.title ? undefined : format(strings.step, n, view.total)}
      aria-describedby={view.body ? bodyId : undefined}
      tabIndex={-1}
      data-centered={view.target ? undefined : ''}
      onKeyDown={onKeyDown}
    >
      <div ref={arrowEl} class="arrow" hidden={!view.target} aria-hidden="true" />
      <button type="button" class="close" aria-label={strings.close} onClick={actions.dismiss}>
        ×
      </button>
      {view.image && <img class="media" src={view.image} alt={view.imageAlt ?? ''} loading="lazy" />}
      {view.video && <video class="media" src={view.video} controls muted playsInline preload="metadata" />}
      {view.title && (
        <h2 class="title" id={titleId}>
          {view.title}
        </h2>
      )}
      {view.body && <Markdown source={view.body} id={bodyId} />}
      {(view.showNext || view.canGoBack || (!tooltip && view.total > 1)) && (
        <div class="footer">
          {!tooltip && view.total > 1 && <span class="progress">{format(strings.progress, n, view.total)}</span>}
          {view.canGoBack && (
            <button type="button" class="button" onClick={actions.back}>
              {strings.back}
            </button>
          )}
          {view.showNext && (
            <button type="button" class="button primary" onClick={actions.next}>
              {view.isLast ? (tooltip ? strings.gotIt : strings.done) : strings.next}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function isTyping(event: KeyboardEvent): boolean {
  const el = event.composedPath()[0] as HTMLElement | undefined;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable);
}

/** Placements are logical: in a right-to-left page, "right" is the inline end, on the left. */
function mirror(placement: Placement, rtl: boolean): Placement {
  if (!rtl) return placement;
  const [side, align] = placement.split('-') as [string, string | undefined];
  const flipped = side === 'left' ? 'right' : side === 'right' ? 'left' : side;
  const alignment = (side === 'top' || side === 'bottom') && align ? (align === 'start' ? 'end' : 'start') : align;
  return (alignment ? `${flipped}-${alignment}` : flipped) as Placement;
}
