/**
 * What the builder is editing, kept in the tab's session storage: a reload or a full
 * navigation of the app reopens the panel on the same item, with the unsaved changes.
 * Bound to the builder's token, so a new builder link starts from the server's draft.
 */
import type { ContentDocument } from '@touchpoint/content';
import type { BuilderSelection } from '@touchpoint/ui/builder';

const KEY = 'tp.builder.state';

export interface SessionState {
  token: string;
  doc: ContentDocument;
  selection: BuilderSelection;
  dirty: boolean;
  position: { x: number; y: number };
  /** The ETag of the draft these edits started from (saves name it with If-Match). */
  etag?: string;
}

export function restoreSession(storage: Storage | undefined, token: string): SessionState | undefined {
  try {
    const state = JSON.parse(storage?.getItem(KEY) ?? 'null') as SessionState | null;
    return state && state.token === token && state.doc && state.selection ? state : undefined;
  } catch {
    return undefined;
  }
}

export function keepSession(storage: Storage | undefined, state: SessionState): void {
  try {
    storage?.setItem(KEY, JSON.stringify(state));
  } catch {
    // Full or unavailable: the panel works, a reload starts from the saved draft.
  }
}

export function forgetSession(storage: Storage | undefined): void {
  try {
    storage?.removeItem(KEY);
  } catch {
    // Nothing kept.
  }
}
