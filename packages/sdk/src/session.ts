import type { KeyValueStore } from './storage.js';

/** A session ends after this long without any event. @default 30 minutes */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;
const SESSION = 'tp.session';

interface SavedSession {
  id?: unknown;
  last?: unknown;
}

/**
 * The current session id, renewed after {@link SESSION_TIMEOUT_MS} of inactivity. Each call
 * counts as activity (stored to the second: a session may end up to a second early). Kept in
 * storage, so tabs of one browser share a session.
 */
export function touchSession(store: KeyValueStore, now: number, newId: () => string): string {
  const saved = store.get<SavedSession>(SESSION);
  const alive = typeof saved?.id === 'string' && typeof saved.last === 'number' && now - saved.last < SESSION_TIMEOUT_MS && now >= saved.last;
  const id = alive ? (saved.id as string) : newId();
  // Against a 30-minute timeout, a time a second old is as good as exact: a burst of events writes once.
  if (!alive || now - (saved.last as number) >= 1000) store.set(SESSION, { id, last: now });
  return id;
}

/** Ends the session now (on `reset`), so the next event starts a new one. */
export function endSession(store: KeyValueStore): void {
  store.remove(SESSION);
}
