import type { PersonStore } from '../store/store.js';

/**
 * Journeys on the scaled installation (CONTRACT §9) are not complete yet: their state has
 * PostgreSQL tables (migration 0007), but their per-user facts are not recorded in ClickHouse.
 * Every read of people a run or a preview needs refuses with this error, which
 * `POST /v1/journeys/run` and the preview answer with 501 and the scheduler logs, rather than
 * running over nobody.
 */
export class JourneysUnsupportedError extends Error {
  constructor() {
    super('journeys need per-user facts that the ClickHouse event store does not keep yet: run them on the SQLite store for now');
  }
}

const refuse = async (): Promise<never> => {
  throw new JourneysUnsupportedError();
};

/** ClickHouse's people: refused (see {@link JourneysUnsupportedError}). */
export function unsupportedPeople(): PersonStore {
  return {
    peopleCursor: refuse,
    peopleChanged: refuse,
    peopleLastSeen: refuse,
    allPeople: refuse,
    personEventDays: refuse,
    personFeatureDays: refuse,
    firstEventBetween: refuse,
  };
}
