/** The focused element, looking inside shadow roots (document.activeElement stops at their hosts). */
export function deepActiveElement(doc: Document = document): HTMLElement | null {
  let active = doc.activeElement as HTMLElement | null;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement as HTMLElement;
  return active;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), video[controls], [tabindex]:not([tabindex="-1"])';

/** Keeps Tab and Shift+Tab inside `container` (spotlight steps, modals). */
export function trapTab(event: KeyboardEvent, container: HTMLElement): void {
  if (event.key !== 'Tab') return;
  const items = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const active = (container.getRootNode() as Document | ShadowRoot).activeElement;
  const first = items[0];
  const last = items[items.length - 1];
  // Nothing to move to, or past an end: focus goes round, never out.
  const to = !first ? container : event.shiftKey ? (active === first || active === container) && last : active === last && first;
  if (to) {
    event.preventDefault();
    if (to !== container) to.focus();
  }
}
