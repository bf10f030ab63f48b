import type { EventSideStore, MetadataStore, Store } from './store.js';

/** A store's lifecycle, as each engine offers it. */
export interface StoreLifecycle {
  /** Creates or upgrades the schema (idempotent; safe to run from several processes at once). */
  migrate?(): Promise<void>;
  checkWritable(): Promise<void>;
  close(): Promise<void>;
}

// Each side's methods, listed once; the type checks below fail when store.ts gains a method
// that is in neither list (or in the wrong one), so the composite can never miss one.
const METADATA = [
  'createProject',
  'listProjects',
  'projectByWriteKey',
  'projectBySecretKey',
  'stagingOf',
  'rotateKeys',
  'publishContent',
  'latestContent',
  'contentVersion',
  'listContentVersions',
  'contentDraft',
  'saveContentDraft',
  'discardContentDraft',
  'saveAccessToken',
  'accessTokenHolder',
  'appendAudit',
  'queryAudit',
  'saveHealth',
  'latestHealth',
  'healthHistory',
  'accountHealth',
  'enqueueAlert',
  'claimAlert',
  'settleAlert',
  'listAlerts',
  'emailsQueuedTo',
  'emailAddressesOf',
  'createUser',
  'userByEmail',
  'setPassword',
  'memberships',
  'setMembership',
  'projectMembers',
  'createSession',
  'useSession',
  'endSession',
  'endUserSessions',
  'saveInvitation',
  'invitation',
  'takeInvitation',
  'pendingInvitations',
  'dropInvitations',
  'unsubscribe',
  'unsubscribedAt',
  'suppressAddress',
  'addressSuppressedAt',
  'eraseUnsubscribe',
  'eraseJourneyJobs',
  'unsubscribeSecret',
  'journeyRun',
  'saveJourneyRun',
  'journeyMemories',
  'openJourneyEntries',
  'journeyEmailsSince',
  'saveJourneyPage',
  'journeyReport',
  'latestJourneyEntries',
  'forgetJourneyUsers',
] as const satisfies ReadonlyArray<keyof MetadataStore>;

const EVENT_SIDE = [
  'insertEvents',
  'queryEvents',
  'userOfAnonymousId',
  'identifiedAnonymousIds',
  'clientDropped',
  'dailyCounts',
  'eventTotals',
  'featuresUsed',
  'contentFacts',
  'accountEvents',
  'clicksAfter',
  'deleteUser',
  'erasureKeys',
  'distinctUsers',
  'distinctUsersOfAny',
  'addFeatureUses',
  'experimentCounts',
  'eventsPerUser',
  'dailyActivity',
  'surveyScores',
  'stepHealth',
  'surveyComments',
  'account',
  'accountTraits',
  'accountUsers',
  'accountWindows',
  'accountWindow',
  'peopleCursor',
  'peopleChanged',
  'peopleLastSeen',
  'allPeople',
  'personEventDays',
  'personFeatureDays',
  'firstEventsBetween',
] as const satisfies ReadonlyArray<keyof EventSideStore>;

type Unlisted<T, L extends readonly PropertyKey[]> = Exclude<keyof T, L[number]>;
// Both must be `never`: every method of each side is listed.
const metadataComplete: Unlisted<MetadataStore, typeof METADATA> extends never ? true : false = true;
const eventSideComplete: Unlisted<EventSideStore, typeof EVENT_SIDE> extends never ? true : false = true;
void metadataComplete;
void eventSideComplete;

/**
 * One `Store` over two engines: shared state (projects, content, tokens, users, health scores
 * and the alert outbox) from `metadata`, events and every report fact from `events` (CONTRACT §9:
 * PostgreSQL and ClickHouse). Each method is the engine's own, bound; nothing else is added,
 * so what a route gets is exactly what the engine answers.
 */
export function composeStore(metadata: MetadataStore & StoreLifecycle, events: EventSideStore & StoreLifecycle): Store & StoreLifecycle {
  const store: Record<string, unknown> = {};
  for (const name of METADATA) store[name] = (metadata[name] as (...args: unknown[]) => unknown).bind(metadata);
  for (const name of EVENT_SIDE) store[name] = (events[name] as (...args: unknown[]) => unknown).bind(events);
  return Object.assign(store as unknown as Store, {
    async migrate() {
      await metadata.migrate?.();
      await events.migrate?.();
    },
    async checkWritable() {
      await Promise.all([metadata.checkWritable(), events.checkWritable()]);
    },
    async close() {
      // Both close even when one fails; the first failure is reported.
      const results = await Promise.allSettled([metadata.close(), events.close()]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  });
}
