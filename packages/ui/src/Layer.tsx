import { autoUpdate } from '@floating-ui/dom';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { spotlightPath, visibleRect, type Rect } from './geometry.js';
import { StepCard } from './StepCard.js';
import { format, type UIStrings } from './strings.js';
import type { StepActions, StepView } from './view.js';

interface Props {
  view: StepView;
  actions: StepActions;
  strings: UIStrings;
  rtl: boolean;
}

/** Everything on screen for one step: the spotlight, the step (or a hotspot's beacon), and the live region. */
export function Layer({ view, actions, strings, rtl }: Props) {
  const [hole, setHole] = useState<Rect | null>(null);
  const [opened, setOpened] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => setOpened(false), [view.key]);
  useEffect(() => {
    // Written after the step renders, so screen readers notice the change and read it.
    setAnnouncement(`${format(strings.step, view.index + 1, view.total)}${view.title ? `: ${view.title}` : ''}`);
  }, [view.key]);

  const beacon = view.kind === 'hotspot' && !opened && view.target;
  return (
    <>
      {view.spotlight && !beacon && <Spotlight hole={view.target ? hole : null} />}
      {beacon ? (
        <Beacon target={view.target!} label={`${strings.openHint}${view.title ? `: ${view.title}` : ''}`} onOpen={() => setOpened(true)} />
      ) : (
        <StepCard view={view} actions={actions} strings={strings} rtl={rtl} onGeometry={setHole} />
      )}
      <p class="sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </>
  );
}

function Spotlight({ hole }: { hole: Rect | null }) {
  const w = window.innerWidth;
  const h = window.innerHeight;
  return (
    <svg class="spotlight" viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" aria-hidden="true">
      <path fill-rule="evenodd" d={spotlightPath(hole, w, h)} />
    </svg>
  );
}

/** A hotspot's pulsing beacon at the target's top end corner; opens the hint when pressed. */
function Beacon({ target, label, onOpen }: { target: Element; label: string; onOpen(): void }) {
  const button = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    const el = button.current!;
    return autoUpdate(target, el, () => {
      const r = visibleRect(target);
      el.hidden = !r;
      if (!r) return;
      const rtl = getComputedStyle(target).direction === 'rtl';
      el.style.left = `${(rtl ? r.x : r.x + r.width) - 12}px`;
      el.style.top = `${r.y - 12}px`;
    });
  }, [target]);
  return <button ref={button} type="button" class="beacon" aria-label={label} aria-haspopup="dialog" onClick={onOpen} />;
}
