/**
 * The debugger (`#touchpoint-debug`, CONTRACT §7): "why didn't it show?" for PMs. A panel in
 * its own shadow root, a region named "Touchpoint debugger", with every item of the content
 * and `explain()`'s answer for this user now, who the user is, their segments and events,
 * and a reset of their content state so the PM can try again. Built as `/sdk/<version>/debug.js`,
 * loaded only when a page's URL asks for it.
 */
import type { ToolContext } from '../tools.js';
import { element, renderSnapshot } from './render.js';
import { readSnapshot } from './snapshot.js';
import { DEBUG_CSS } from './styles.js';

/** How often the panel reads the engine again while open (ms): it follows what the user does. */
const POLL_MS = 1000;

/** Opens the debugger's panel; returns what removes it. */
export function openTool(context: ToolContext): () => void {
  const doc = context.document;
  const h = element.bind(null, doc);
  const host = h('touchpoint-debug');
  const root = host.attachShadow({ mode: 'open' });
  const win = doc.defaultView;
  if (win && 'adoptedStyleSheets' in root) {
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(DEBUG_CSS);
    root.adoptedStyleSheets = [sheet];
  } else root.append(h('style', {}, DEBUG_CSS));

  const button = (label: string, onClick: () => void, attributes: Record<string, string> = {}) => {
    const b = h('button', { type: 'button', ...attributes }, label);
    b.addEventListener('click', onClick);
    return b;
  };
  const status = h('p', { class: 'status', role: 'status' });
  const body = h('div', { class: 'body', id: 'tp-debug-body', tabindex: '0', role: 'group', 'aria-label': 'Content, user and events' });
  const panel = h('section', { class: 'panel', role: 'region', 'aria-label': 'Touchpoint debugger' });
  let reset: (() => void) | undefined;
  let shown = '';
  let closed = false;
  let reading = false;

  /** Reads the engine and redraws the details when they changed (a redraw keeps focus on the panel's buttons). */
  async function refresh(announce?: string) {
    // A poll while a read is under way (the content still loading) waits for that one.
    if (reading && !announce) return;
    reading = true;
    try {
      const read = await readSnapshot(context);
      if (closed) return;
      reset = read.reset;
      const json = JSON.stringify(read.snapshot);
      if (json !== shown) {
        shown = json;
        body.replaceChildren(renderSnapshot(doc, read.snapshot));
      }
      if (announce) status.textContent = announce;
    } catch (e) {
      if (!closed) status.textContent = `Could not read the engine: ${String(e)}`;
    } finally {
      reading = false;
    }
  }

  const toggle = button(
    'Hide details',
    () => {
      const hidden = !body.hidden;
      body.hidden = hidden;
      toggle.textContent = hidden ? 'Show details' : 'Hide details';
      toggle.setAttribute('aria-expanded', String(!hidden));
    },
    { 'aria-expanded': 'true', 'aria-controls': 'tp-debug-body' },
  );
  const side = button('Move left', () => {
    const left = panel.classList.toggle('left');
    side.textContent = left ? 'Move right' : 'Move left';
  });
  panel.append(
    h(
      'header',
      {},
      h('h2', {}, 'Touchpoint debugger'),
      button('Refresh', () => void refresh('Refreshed.')),
      button('Reset my content state', () => {
        if (!reset) return void (status.textContent = 'Nothing to reset: the content has nothing for this page to run.');
        reset();
        void refresh('Content state reset: progress, throttle, variants and what was seen are forgotten for this user.');
      }),
      toggle,
      side,
      button('Close', () => context.close(), { 'aria-label': 'Close the debugger' }),
    ),
    status,
    body,
  );
  root.append(panel);
  (doc.body ?? doc.documentElement).append(host);
  void refresh();
  const timer = win?.setInterval(() => void refresh(), POLL_MS);

  return () => {
    closed = true;
    if (timer !== undefined) win?.clearInterval(timer);
    host.remove();
  };
}
