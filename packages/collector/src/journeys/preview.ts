import { type ContentDocument, type Journey, journeyEntry, matchesAudience, segmentsOf } from '@touchpoint/content';
import type { Project } from '../store/store.js';
import { audienceFacts } from './audience-facts.js';
import { PAGE_SIZE, withoutIdentified } from './candidates.js';
import { loadPageFacts, personContext } from './person-context.js';
import type { RunnerStore } from './runner.js';

/** Who would enter a draft journey now: the dashboard's count before publishing. */
export interface JourneyPreview {
  evaluated: number;
  matching: number;
  entering: number;
  holdout: number;
}

/**
 * Evaluates `journey` over everyone the collector knows, as a run would now, without keeping
 * anything: who matches, and who would enter given what the published journey of the same id
 * remembers (a new journey: everyone who matches, as its first run), with how many of them in
 * the holdout. `doc` gives the segments and the global holdout.
 */
export async function previewJourney(store: RunnerStore, project: Project, doc: ContentDocument, journey: Journey, now: number): Promise<JourneyPreview> {
  const out: JourneyPreview = { evaluated: 0, matching: 0, entering: 0, holdout: 0 };
  const uses = audienceFacts(journey.audience, doc.segments);
  const health = new Map((await store.latestHealth(project.id)).map((h) => [h.accountId, h.score]));
  const { byId } = segmentsOf(doc.segments);
  let after: string | undefined;
  do {
    const page = await store.allPeople(project.id, after, PAGE_SIZE);
    const people = await withoutIdentified(store, project.id, page.people);
    const keys = people.map((p) => p.key);
    const [facts, memories] = await Promise.all([loadPageFacts(store, project.id, people, uses), store.journeyMemories(project.id, journey.id, keys)]);
    for (const person of people) {
      out.evaluated++;
      const matches = matchesAudience(journey.audience, personContext(person, facts, health, now), { byId, cache: new Map() });
      if (!matches) continue;
      out.matching++;
      const entry = journeyEntry(journey, person.key, memories.get(person.key), true, now, doc.settings?.holdout);
      if (!entry.enter) continue;
      out.entering++;
      if (entry.holdout) out.holdout++;
    }
    after = page.next;
  } while (after !== undefined);
  return out;
}
