import type { LoadedContent } from './content-source.js';
import type { FlowController, UIModule } from './flows.js';
import type { Touchpoint } from './runtime.js';

/**
 * The tools of a vendor's team (CONTRACT §7): the preview of a draft, the builder, the
 * debugger. Each is a chunk of its own, loaded only when the page's URL asks for it
 * (`#touchpoint-preview=TOKEN`, `#touchpoint-builder=TOKEN`, `#touchpoint-debug`): an end
 * user's page never downloads them. Once asked for, a tool stays open in that tab (across
 * reloads and navigation) until it is closed; other tabs never see it.
 */
export type ToolName = 'preview' | 'builder' | 'debug';
export const TOOL_NAMES: readonly ToolName[] = ['preview', 'builder', 'debug'];

/** What a tool gets from the runtime that loaded it. */
export interface ToolContext {
  touchpoint: Touchpoint;
  /** The collector's base URL, without a trailing slash. */
  host: string;
  writeKey: string;
  /** The token its fragment carried ('' for one without a value, such as `#touchpoint-debug`). */
  token: string;
  locale: string;
  document: Document;
  /** The engine once the content runs (undefined when the content has nothing for it). */
  engine(): Promise<FlowController | undefined>;
  /** The content this tab runs once it is loaded, and how it was answered (`draft` in a preview, `ended` when its token was refused). */
  content: Promise<LoadedContent>;
  /** Loads the end users' UI (`ui.js`), so a tool shows content exactly as users will see it. */
  loadUI?(): Promise<UIModule>;
  /** Closes the tool in this tab: it forgets the token, so a reload does not open it again. */
  close(): void;
}

/** A tool's chunk (`/sdk/<version>/<name>.js` for the script tag). */
export interface ToolModule {
  /** Opens the tool; returns what removes it again (on `close()` or `destroy()`). */
  openTool(context: ToolContext): () => void;
}

const KEY = 'tp.tool.';

/**
 * The value of `#touchpoint-NAME=VALUE` in a URL's fragment: '' for a bare `#touchpoint-NAME`,
 * undefined when absent. Several may share one fragment, joined by `&`.
 */
export function fragmentParam(hash: string, name: string): string | undefined {
  for (const part of hash.replace(/^#/, '').split('&')) {
    const at = part.indexOf('=');
    if ((at < 0 ? part : part.slice(0, at)) !== `touchpoint-${name}`) continue;
    try {
      return at < 0 ? '' : decodeURIComponent(part.slice(at + 1));
    } catch {
      return part.slice(at + 1);
    }
  }
  return undefined;
}

/** The fragment without its `touchpoint-*` parts (so tokens never reach the app's router or analytics). */
export function withoutTools(hash: string): string {
  const rest = hash
    .replace(/^#/, '')
    .split('&')
    .filter((part) => part && !part.startsWith('touchpoint-'));
  return rest.length ? `#${rest.join('&')}` : '';
}

/**
 * The tools open in this tab and their tokens: those the fragment asks for now (remembered in
 * the tab's session storage), then those remembered from earlier pages of this tab.
 */
export function openTools(hash: string, session: Storage | undefined): Map<ToolName, string> {
  const open = new Map<ToolName, string>();
  for (const name of TOOL_NAMES) {
    const asked = fragmentParam(hash, name);
    let token: string | null | undefined = asked;
    try {
      if (asked !== undefined) session?.setItem(KEY + name, asked);
      else token = session?.getItem(KEY + name);
    } catch {
      // No session storage (sandboxed frames): the tool still opens on this page.
    }
    if (typeof token === 'string') open.set(name, token);
  }
  return open;
}

/** Forgets a tool in this tab. */
export function forgetTool(name: ToolName, session: Storage | undefined): void {
  try {
    session?.removeItem(KEY + name);
  } catch {
    // Nothing stored, nothing to forget.
  }
}
