import type { KeyValueStore } from './storage.js';

/**
 * Where the debugger's reset of a user's content state is remembered (`{ key, at }`, written
 * by inspect.ts): from when (ms) the content history of user `key` counts on this device. What
 * the profile and this page know of their earlier history (shown, completed, dismissed, on any
 * device) is then ignored, so a PM can try the content again without losing who they are.
 */
export const SINCE = 'tp.since';

/** When `userKey`'s content history was last reset on this device (0: never). */
export function contentSince(store: KeyValueStore, userKey: string): number {
  const since = store.get<{ key?: unknown; at?: unknown }>(SINCE);
  return (since?.key === userKey && Number(since.at)) || 0;
}
