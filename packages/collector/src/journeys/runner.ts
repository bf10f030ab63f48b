import { createHash } from 'node:crypto';
import { type ContentDocument, type Journey, segmentsOf } from '@touchpoint/content';
import type { Coordination, Lease } from '../coordination.js';
import type { AccountStore, EventStore, HealthStore, JourneyStore, PersonStore, Project } from '../store/store.js';
import type { ActionOptions } from './actions.js';
import { audienceFacts } from './audience-facts.js';
import { candidatePages, PAGE_SIZE, planCandidates, withoutIdentified } from './candidates.js';
import { addTally, decidePage, emptyTally, type RunTally } from './decide-page.js';
import { loadPageFacts } from './person-context.js';

/** What a run of journeys reads and writes. */
export type RunnerStore = PersonStore &
  JourneyStore &
  Pick<AccountStore, 'accountTraits'> &
  Pick<HealthStore, 'latestHealth'> &
  Pick<EventStore, 'identifiedAnonymousIds'>;

export interface RunnerOptions extends ActionOptions {
  store: RunnerStore;
  /** People a page (a batch of reads and one transaction). @default 500 */
  pageSize?: number;
  /**
   * Where a journey's run takes its lease (`Coordination.lease`), so two runs of one journey
   * (a schedule and a demand, on any instances) never decide the same people at once; the
   * second skips the journey and answers `busy`. Without it, nothing is leased (one run at a time by construction).
   */
  leases?: Pick<Coordination, 'lease'>;
  /** Called after each page is saved (tests stop a run there, as a crash would). */
  afterPage?: (journeyId: string) => void | Promise<void>;
}

/** One journey's run, as `POST /v1/journeys/run` answers it. */
export interface JourneyRunResult extends RunTally {
  id: string;
  /**
   * Another run of the journey was under way (on this instance or another): this one skipped
   * it and decided nothing; or this run lost its lease midway and stopped after a whole page.
   */
  busy?: true;
}

/** The name of a journey's lease: one per project and journey. */
export const journeyLease = (projectId: number, journeyId: string) => `journey:${JSON.stringify([projectId, journeyId])}`;

/** The fingerprint of what a journey's audience means: itself and the segments it may name. */
export function audienceFingerprint(journey: Journey, doc: ContentDocument): string {
  return createHash('sha256')
    .update(JSON.stringify([journey.audience, doc.segments ?? []]))
    .digest('hex')
    .slice(0, 32);
}

/**
 * Runs every journey of a project's published document at `now`, one after another: for each,
 * the candidates (see `planCandidates`), a page at a time, decided (`decidePage`) and saved in
 * one transaction with their outbox jobs; the journey's run state (its cursor) is saved after
 * its last page. A run stopped between pages keeps the pages saved; the next run evaluates the
 * same candidates again, and those already decided no longer newly match: nothing is lost or
 * done twice.
 */
export async function runJourneys(o: RunnerOptions, project: Project, doc: ContentDocument, now: number): Promise<JourneyRunResult[]> {
  const results: JourneyRunResult[] = [];
  if (!doc.journeys?.length) return results;
  const health = new Map((await o.store.latestHealth(project.id)).map((h) => [h.accountId, h.score]));
  for (const journey of doc.journeys) {
    const lease = o.leases ? await o.leases.lease(journeyLease(project.id, journey.id)) : { lost: false, release: async () => {} };
    if (!lease) {
      results.push({ id: journey.id, ...emptyTally(), busy: true });
      continue;
    }
    try {
      results.push({ id: journey.id, ...(await runJourney(o, project, doc, journey, health, now, lease)) });
    } finally {
      await lease.release();
    }
  }
  return results;
}

async function runJourney(
  o: RunnerOptions,
  project: Project,
  doc: ContentDocument,
  journey: Journey,
  health: ReadonlyMap<string, number>,
  now: number,
  lease: Pick<Lease, 'lost'>,
): Promise<RunTally & { busy?: true }> {
  const { store } = o;
  const tally = emptyTally();
  const uses = audienceFacts(journey.audience, doc.segments);
  // A match kept pending during `everyDays` enters when the wait is over, with no change in the
  // user's facts: the daily full pass finds them.
  if (typeof journey.repeat === 'object') uses.timeBased = true;
  const audience = audienceFingerprint(journey, doc);
  const state = await store.journeyRun(project.id, journey.id);
  const plan = planCandidates(state, uses, audience, await store.peopleCursor(project.id), now);
  const segments = segmentsOf(doc.segments);
  for await (const candidates of candidatePages(store, project.id, state, plan, uses, now, o.pageSize ?? PAGE_SIZE)) {
    const people = await withoutIdentified(store, project.id, candidates);
    if (!people.length) continue;
    const facts = await loadPageFacts(store, project.id, people, uses);
    const pageTally = emptyTally();
    const page = await decidePage(store, { project, doc, journey, people, facts, health, segments, changedAfter: state?.cursor ?? 0, now }, o, pageTally);
    // Another instance may hold the lease now (and decide these people): this page is dropped
    // unsaved, and the run stops saving no cursor (the next run takes up what is left).
    if (lease.lost) return { ...tally, busy: true };
    // Jobs come due on the wall clock, as the outbox's retries run on it (`now` may be a test's).
    await store.saveJourneyPage(project.id, journey.id, page, Date.now());
    addTally(tally, pageTally);
    await o.afterPage?.(journey.id);
  }
  if (lease.lost) return { ...tally, busy: true };
  await store.saveJourneyRun(project.id, journey.id, { ranAt: now, cursor: plan.upTo, fullAt: plan.full ? now : (state?.fullAt ?? now), audience });
  return tally;
}
