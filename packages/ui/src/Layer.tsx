import { Component, createRef, Fragment, h } from 'preact';
import { follow, type Rect, type Space, spotlightPath } from './geometry.js';
import { StepCard } from './StepCard.js';
import { format, type UIStrings } from './strings.js';
import type { StepActions, StepView } from './view.js';

interface Props {
  view: StepView;
  actions: StepActions;
  strings: UIStrings;
  rtl: boolean;
}

interface State {
  /** The key of the hotspot step whose hint is open: every hotspot starts as a beacon, the next one too. */
  opened?: string;
  /** What the live region says: written after the step renders, so screen readers notice it. */
  announcement: string;
}

/** Everything on screen for one step: the spotlight, the step (or a hotspot's beacon), and the live region. */
export class Layer extends Component<Props, State> {
  private svg = createRef<SVGSVGElement>();
  private path = createRef<SVGPathElement>();
  // The last render drew a card: a beacon that takes its place takes its focus.
  private card = false;

  override componentDidMount() {
    this.announce();
  }

  override componentDidUpdate(previous: Props) {
    if (previous.view.key !== this.props.view.key) this.announce();
  }

  private announce() {
    const { view, strings } = this.props;
    // (A hint opened on an earlier step is forgotten: going back to that step shows its beacon again.)
    this.setState({ opened: undefined, announcement: `${format(strings.step, view.index + 1, view.total)}${view.title ? `: ${view.title}` : ''}` });
  }

  // Called on every repositioning: the spotlight is redrawn directly, without a render, and only
  // when its shape changed. The CSS keeps it over the viewport; around a target in the layer it
  // covers the whole document instead (no bigger: the page would scroll further; on both sides a
  // page can overflow sideways, as a right-to-left page does to the left), so it scrolls
  // with the page and the target, with nothing to redraw meanwhile.
  private onGeometry = (hole: Rect | null, { fixed, origin, page }: Space) => {
    const svg = this.svg.current;
    const path = this.path.current;
    if (!svg || !path) return;
    const seen = this.props.view.target ? hole : null;
    const layer = seen && !fixed;
    // (A style property, not the attribute: a strict CSP allows it.)
    svg.style.cssText = layer ? `position:absolute;left:${page.x}px;width:${page.width}px;height:${page.height}px` : '';
    const d = spotlightPath(layer ? { ...seen, x: seen.x - origin.x - page.x, y: seen.y - origin.y } : seen);
    if (path.getAttribute('d') !== d) path.setAttribute('d', d);
  };

  override render({ view, actions, strings, rtl }: Props, { opened, announcement }: State) {
    const beacon = view.kind === 'hotspot' && opened !== view.key && view.target;
    const card = this.card;
    this.card = !beacon;
    return (
      <>
        {view.spotlight && !beacon && (
          <svg ref={this.svg} class="spotlight" aria-hidden="true">
            <path ref={this.path} fill-rule="evenodd" d={spotlightPath(null)} />
          </svg>
        )}
        {beacon ? (
          <Beacon
            target={view.target!}
            rtl={rtl}
            focus={card}
            label={`${strings.openHint}${view.title ? `: ${view.title}` : ''}`}
            onOpen={() => this.setState({ opened: view.key })}
          />
        ) : (
          <StepCard key={view.key} view={view} actions={actions} strings={strings} rtl={rtl} onGeometry={this.onGeometry} />
        )}
        <p class="sr-only" aria-live="polite" aria-atomic="true">
          {announcement}
        </p>
      </>
    );
  }
}

interface BeaconProps {
  target: Element;
  rtl: boolean;
  label: string;
  /** Take focus when it shows (it replaces the card that had it). */
  focus: boolean;
  onOpen(): void;
}

/** A hotspot's pulsing beacon at the target's top end corner; opens the hint when pressed. */
class Beacon extends Component<BeaconProps> {
  private button = createRef<HTMLButtonElement>();
  private stop?: () => void;

  override componentDidMount() {
    this.place();
    if (this.props.focus) this.button.current!.focus({ preventScroll: true });
  }

  // A new target (the app re-rendered it, or the next step is a hotspot too): follow that one.
  override componentDidUpdate(previous: BeaconProps) {
    if (previous.target !== this.props.target) this.place();
  }

  private place() {
    this.stop?.();
    const el = this.button.current!;
    const { target, rtl } = this.props;
    this.stop = follow(target, el, ({ visible: r, space }) => {
      el.hidden = !r;
      if (!r) return;
      el.style.position = space.fixed ? 'fixed' : '';
      el.style.left = `${(rtl ? r.x : r.x + r.width) - 12 - space.origin.x}px`;
      el.style.top = `${r.y - 12 - space.origin.y}px`;
    });
  }

  override componentWillUnmount() {
    this.stop?.();
  }

  override render({ label, onOpen }: BeaconProps) {
    return <button ref={this.button} type="button" class="beacon" aria-label={label} aria-haspopup="dialog" onClick={onOpen} />;
  }
}
