import type { JourneyStore, PersonStore } from '../store/store.js';

/**
 * Journeys on the scaled installation (PostgreSQL and ClickHouse, CONTRACT §9) are not built
 * yet: their per-user facts are not recorded in ClickHouse, and their state has no PostgreSQL
 * tables. Every read a run needs refuses with this error, which `POST /v1/journeys/run` and the
 * preview answer with 501 and the scheduler logs, rather than running over nothing.
 */
export class JourneysUnsupportedError extends Error {
  constructor() {
    super('journeys run on the SQLite store only for now: the scaled installation (PostgreSQL and ClickHouse) does not keep their facts yet');
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

/**
 * PostgreSQL's journey state: a run's reads and writes are refused; what other features read
 * answers truthfully that nothing is kept (no entries to show in a profile, nothing to forget
 * when a user is erased), so profiles and erasure keep working.
 */
export function unsupportedJourneyState(): JourneyStore {
  return {
    journeyRun: refuse,
    saveJourneyRun: refuse,
    journeyMemories: refuse,
    openJourneyEntries: refuse,
    journeyEmailsSince: refuse,
    saveJourneyPage: refuse,
    journeyReport: refuse,
    latestJourneyEntries: async () => [],
    forgetJourneyUsers: async () => {},
  };
}
