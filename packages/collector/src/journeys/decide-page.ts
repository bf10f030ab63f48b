import { createHash } from 'node:crypto';
import { type ContentDocument, type Journey, journeyEntry, journeyGoal, matchesAudience, type Segments } from '@touchpoint/content';
import type { JourneyPage, JourneyStore, PersonStore, Project, StoredJourneyEntry, StoredJourneyMemory, StoredPerson } from '../store/store.js';
import { actionKind, type ActionOptions, planAction } from './actions.js';
import type { PageFacts } from './person-context.js';
import { personContext } from './person-context.js';

const DAY = 86_400_000;

/** The most journey emails one user gets in any 7 days, unless the document says otherwise. */
export const DEFAULT_EMAILS_PER_WEEK = 3;

/**
 * An entry's id: stable for a project, a journey, a user and the entry's number, so a run that
 * repeats a decision (two runs racing, a retry) names the same entry and the same outbox job,
 * each kept once; another project (a staging copy of the same content, the same test users)
 * names its own. Hashed: a user key may hold any character, and the id is sent as Idempotency-Key.
 */
export function entryId(projectId: number, journeyId: string, userKey: string, n: number): string {
  return `je_${createHash('sha256')
    .update(JSON.stringify([projectId, journeyId, userKey, n]))
    .digest('hex')
    .slice(0, 32)}`;
}

/** What a run tallies (the run's answer, per journey). */
export interface RunTally {
  evaluated: number;
  entered: number;
  acted: number;
  holdout: number;
  skipped: Record<string, number>;
}

export const emptyTally = (): RunTally => ({ evaluated: 0, entered: 0, acted: 0, holdout: 0, skipped: {} });

/** Adds a saved page's tally to the run's. */
export function addTally(into: RunTally, page: RunTally): void {
  into.evaluated += page.evaluated;
  into.entered += page.entered;
  into.acted += page.acted;
  into.holdout += page.holdout;
  for (const [reason, n] of Object.entries(page.skipped)) into.skipped[reason] = (into.skipped[reason] ?? 0) + n;
}

export interface PageInput {
  project: Project;
  doc: ContentDocument;
  journey: Journey;
  people: readonly StoredPerson[];
  facts: PageFacts;
  health: ReadonlyMap<string, number>;
  segments: Pick<Segments, 'byId'>;
  /** People changed at or below this are not checked for conversions (their facts did not change since the last run). */
  changedAfter: number;
  now: number;
}

/**
 * Decides one page of a run: the goals reached by people whose facts changed (exact event
 * times), who matches now, who enters (`journeyEntry`), and what each entry's action does.
 * Reads only; the caller saves the answer in one transaction.
 */
export async function decidePage(
  store: Pick<JourneyStore, 'journeyMemories' | 'openJourneyEntries' | 'journeyEmailsSince'> & Pick<PersonStore, 'firstEventsBetween'>,
  input: PageInput,
  options: ActionOptions,
  tally: RunTally,
): Promise<JourneyPage> {
  const { project, doc, journey, people, now } = input;
  const keys = people.map((p) => p.key);
  const memories = await store.journeyMemories(project.id, journey.id, keys);
  const conversions = await goalsReached(store, input, memories);
  const page: {
    memories: Array<{ userKey: string; memory: StoredJourneyMemory | null }>;
    entries: StoredJourneyEntry[];
    conversions: typeof conversions;
    jobs: JourneyPage['jobs'][number][];
  } = {
    memories: [],
    entries: [],
    conversions,
    jobs: [],
  };
  const kind = actionKind(journey);
  const cap = doc.settings?.emailsPerWeek ?? DEFAULT_EMAILS_PER_WEEK;
  let emails: Map<string, number> | undefined;
  for (const person of people) {
    tally.evaluated++;
    const known = memories.get(person.key);
    const context = personContext(person, input.facts, input.health, now);
    const matches = matchesAudience(journey.audience, context, { byId: input.segments.byId, cache: new Map() });
    const decision = journeyEntry(journey, person.key, known, matches, now, doc.settings?.holdout);
    let memory: StoredJourneyMemory | null = known ? { ...known, matching: decision.matching } : decision.matching ? { matching: true, entries: 0 } : null;
    if (decision.enter) {
      const n = (known?.entries ?? 0) + 1;
      memory = { matching: true, entries: n, lastEntry: now, converted: false };
      const entry = {
        id: entryId(project.id, journey.id, person.key, n),
        journeyId: journey.id,
        userKey: person.key,
        enteredAt: now,
        holdout: decision.holdout,
      };
      tally.entered++;
      let outcome: Pick<StoredJourneyEntry, 'outcome' | 'reason'>;
      if (decision.holdout) outcome = { outcome: 'holdout' };
      else if (kind === 'email' && ((emails ??= await store.journeyEmailsSince(project.id, keys, now - 7 * DAY)).get(person.key) ?? 0) >= cap) {
        outcome = { outcome: 'skipped', reason: 'capped' };
      } else {
        const plan = await planAction({ project, journey, entry, person, now }, options);
        if (plan.outcome === 'acted') {
          outcome = { outcome: 'acted' };
          if (plan.job) page.jobs.push(plan.job);
          if (kind === 'email') emails!.set(person.key, (emails!.get(person.key) ?? 0) + 1);
        } else outcome = { outcome: 'skipped', reason: plan.reason };
      }
      if (outcome.outcome === 'acted') tally.acted++;
      else if (outcome.outcome === 'holdout') tally.holdout++;
      else tally.skipped[outcome.reason!] = (tally.skipped[outcome.reason!] ?? 0) + 1;
      page.entries.push({ ...entry, action: kind, ...outcome });
    }
    // Only rows worth keeping: a user who neither matches nor ever entered is forgotten.
    if (memory && !memory.matching && !memory.entries) memory = null;
    if (memory || known) page.memories.push({ userKey: person.key, memory });
  }
  return page;
}

/**
 * The conversions among the open entries of the page's people whose facts changed since the
 * last run: the exact time of the first goal event after entering, within the goal's window.
 * A user's latest entry converting is remembered (`until-completed` reads it).
 */
async function goalsReached(
  store: Pick<JourneyStore, 'openJourneyEntries'> & Pick<PersonStore, 'firstEventsBetween'>,
  input: PageInput,
  memories: Map<string, StoredJourneyMemory>,
): Promise<Array<{ id: string; at: number }>> {
  const { project, journey, now } = input;
  const changed = input.people.filter((p) => p.changed > input.changedAfter).map((p) => p.key);
  if (!changed.length) return [];
  // Entries whose window closed up to 30 days ago still convert by an event that arrived late.
  const window = journeyGoal(journey, 0).until;
  const open = await store.openJourneyEntries(project.id, journey.id, changed, now - window - 30 * DAY);
  const checks = open.map((entry) => {
    const goal = journeyGoal(journey, entry.enteredAt);
    return { userKey: entry.userKey, after: goal.after, until: Math.min(goal.until, now), ...(goal.event !== undefined && { event: goal.event }) };
  });
  const times = await store.firstEventsBetween(project.id, checks);
  const out: Array<{ id: string; at: number }> = [];
  open.forEach((entry, i) => {
    const at = times[i];
    if (at === undefined) return;
    out.push({ id: entry.id, at });
    const memory = memories.get(entry.userKey);
    if (memory && memory.lastEntry === entry.enteredAt) memory.converted = true;
  });
  return out;
}
