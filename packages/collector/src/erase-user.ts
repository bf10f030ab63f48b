import type { EventStore, JourneyStore, UnsubscribeStore } from './store/store.js';

export type ErasureStore = Pick<EventStore, 'erasureKeys' | 'deleteUser'> &
  Pick<JourneyStore, 'forgetJourneyUsers'> &
  Pick<UnsubscribeStore, 'eraseUnsubscribe' | 'eraseJourneyJobs'>;

/** What journeys keep of these keys on the metadata side: outbox jobs (emails, webhooks), memories and entries, the users' own unsubscribes. */
async function forgetOnMetadataSide(store: ErasureStore, projectId: number, keys: readonly string[]): Promise<void> {
  await store.eraseJourneyJobs(projectId, keys);
  await store.forgetJourneyUsers(projectId, keys);
  for (const key of keys) await store.eraseUnsubscribe(projectId, key);
}

/**
 * Erases a user (`DELETE /v1/users/:id`): their keys (the user id and their anonymous ids) are
 * read from the events first; the metadata side forgets those keys before the events go, so an
 * erasure that fails midway can simply run again (the events, still there, name the keys).
 * The metadata side forgets them once more afterwards: a journey run that decided for the user
 * while their events were being erased leaves nothing behind. The address's place on the
 * suppression list stays (a re-import of the user is not written to).
 */
export async function eraseUser(store: ErasureStore, projectId: number, userId: string): Promise<{ events: number }> {
  const keys = await store.erasureKeys(projectId, userId);
  await forgetOnMetadataSide(store, projectId, keys);
  const { events, keys: erased } = await store.deleteUser(projectId, userId);
  await forgetOnMetadataSide(store, projectId, [...new Set([...keys, ...erased])]);
  return { events };
}
