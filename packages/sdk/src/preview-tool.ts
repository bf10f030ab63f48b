import type { LoadedContent } from './content-source.js';
import type { ToolContext } from './tools.js';

/**
 * The preview tool (`/sdk/<version>/preview.js`, CONTRACT §7): a badge in the page's corner
 * that says this tab shows the project's draft, with a "Leave preview" button. Loaded only in
 * a tab that holds a preview token. Plain DOM in a shadow root of its own: the app's styles
 * never reach it and it never touches the app's.
 */

// Colours pass WCAG AA on their background in both schemes; no motion at all.
const CSS = `:host{all:initial;position:fixed;left:16px;bottom:16px;z-index:2147483646}
div{display:flex;align-items:center;gap:10px;padding:8px 10px 8px 14px;border-radius:999px;background:#1f2330;color:#fff;
font:14px/1.4 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.25)}
strong{font-weight:700}
button{font:inherit;color:#1f2330;background:#fff;border:0;border-radius:999px;padding:4px 12px;cursor:pointer}
button:focus-visible{outline:3px solid #a5b4fc;outline-offset:2px}`;

/** What the badge says for where the content came from. */
function statusOf({ content, source }: LoadedContent): string {
  if (source === 'draft') return content ? 'You see the draft. Nobody else does.' : 'Nothing to preview yet: no draft saved.';
  if (source === 'offline') return 'The draft could not be loaded: you see the last published content.';
  return 'This preview has ended: you see the published content.';
}

export function openTool(context: ToolContext): () => void {
  const doc = context.document;
  const host = doc.createElement('div');
  host.setAttribute('data-touchpoint', 'preview');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];

  const badge = doc.createElement('div');
  badge.setAttribute('role', 'region');
  badge.setAttribute('aria-label', 'Touchpoint preview');
  const title = doc.createElement('strong');
  title.textContent = 'Preview';
  // A live region: the status arrives once the content has loaded.
  const status = doc.createElement('span');
  status.setAttribute('role', 'status');
  const leave = doc.createElement('button');
  leave.type = 'button';
  leave.textContent = 'Leave preview';
  leave.addEventListener('click', () => {
    // Forgets the token for the tab, then reloads with the published content.
    context.close();
    doc.defaultView?.location.reload();
  });
  badge.append(title, status, leave);
  root.append(badge);
  (doc.body ?? doc.documentElement).append(host);

  let open = true;
  void context.content.then((loaded) => {
    if (open) status.textContent = statusOf(loaded);
  });
  return () => {
    open = false;
    host.remove();
  };
}
