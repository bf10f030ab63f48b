import { didYouMean } from './did-you-mean.js';
import type { PathIssue } from './issue-messages.js';

type Item = Record<string, unknown>;

const isObject = (x: unknown): x is Item => !!x && typeof x === 'object' && !Array.isArray(x);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
/** The items of a section that are objects, with their index in the section. */
const items = (section: unknown): Array<[Item, number]> => list(section).flatMap((x, i): Array<[Item, number]> => (isObject(x) ? [[x, i]] : []));
const idOf = (x: Item): string | undefined => (typeof x.id === 'string' ? x.id : undefined);

/**
 * What the schema cannot see: references between ids (segments, flows, features, a flow
 * experiment's steps), ids that must be unique, and segments that refer to each other in a
 * cycle. Reads the raw input and skips what has the wrong shape (the schema reports that), so
 * a document with structural errors gets its unknown references in the same pass.
 */
export function referenceIssues(doc: unknown): PathIssue[] {
  if (!isObject(doc)) return [];
  const out: PathIssue[] = [];
  const push = (path: PropertyKey[], message: string) => out.push({ path, message });
  const ids = (section: unknown) => items(section).flatMap(([x]) => idOf(x) ?? []);
  const segmentIds = ids(doc.segments);
  const flowIds = ids(doc.flows);
  const featureIds = ids(doc.features);

  /** `unknown segment "free-admin" (did you mean "free-admins"?)`, or what there is to refer to. */
  const unknown = (path: PropertyKey[], kind: string, id: unknown, known: string[]) => {
    if (typeof id !== 'string' || known.includes(id)) return;
    const guess = didYouMean(id, known);
    const hint = guess
      ? ` (did you mean "${guess}"?)`
      : known.length
        ? `; the ${kind}s are ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}`
        : `; the document has no ${kind}s`;
    push(path, `unknown ${kind} "${id}"${hint}`);
  };

  const seen = new Map<string, string>();
  for (const section of ['flows', 'messages', 'checklists', 'surveys'] as const) {
    for (const [item, i] of items(doc[section])) {
      const id = idOf(item);
      if (id === undefined) continue;
      const other = seen.get(id);
      if (other) push([section, i, 'id'], `duplicate content id "${id}" (also in ${other})`);
      else seen.set(id, section);
    }
  }
  for (const section of ['segments', 'features'] as const) {
    const local = new Set<string>();
    for (const [item, i] of items(doc[section])) {
      const id = idOf(item);
      if (id === undefined) continue;
      if (local.has(id)) push([section, i, 'id'], `duplicate ${section.slice(0, -1)} id "${id}"`);
      else local.add(id);
    }
  }

  // Experiment ids are unique across flows and messages; a flow variant overrides steps that exist.
  const experimentIds = new Map<string, string>();
  const checkExperiment = (owner: Item, path: PropertyKey[]) => {
    const id = isObject(owner.experiment) && typeof owner.experiment.id === 'string' ? owner.experiment.id : undefined;
    if (!id) return;
    const other = experimentIds.get(id);
    if (other) push([...path, 'experiment', 'id'], `duplicate experiment id "${id}" (also in ${other})`);
    else experimentIds.set(id, `${String(path[0])}[${String(path[1])}]`);
  };
  for (const [flow, fi] of items(doc.flows)) {
    checkExperiment(flow, ['flows', fi]);
    const steps = items(flow.steps);
    const stepIds = steps.flatMap(([s]) => idOf(s) ?? []);
    const experiment = isObject(flow.experiment) ? flow.experiment : {};
    for (const [variant, vi] of items(experiment.variants)) {
      if (!isObject(variant.steps)) continue;
      for (const stepId of Object.keys(variant.steps)) {
        if (stepIds.includes(stepId)) continue;
        const guess = didYouMean(stepId, stepIds);
        push(
          ['flows', fi, 'experiment', 'variants', vi, 'steps', stepId],
          `flow "${idOf(flow) ?? fi}" has no step "${stepId}"${guess ? ` (did you mean "${guess}"?)` : `; its steps are ${stepIds.join(', ')}`}`,
        );
      }
    }
    const local = new Set<string>();
    for (const [step, si] of steps) {
      const id = idOf(step);
      if (id === undefined) continue;
      if (local.has(id)) push(['flows', fi, 'steps', si, 'id'], `duplicate step id "${id}" in flow "${idOf(flow) ?? fi}"`);
      else local.add(id);
    }
  }
  for (const [message, mi] of items(doc.messages)) checkExperiment(message, ['messages', mi]);

  const checkCondition = (c: unknown, path: PropertyKey[]) =>
    walkConditions(c, path, (leaf, at) => {
      if ('segment' in leaf) unknown([...at, 'segment'], 'segment', leaf.segment, segmentIds);
      if ('feature' in leaf) unknown([...at, 'feature'], 'feature', leaf.feature, featureIds);
    });
  const checkAudience = (item: Item, path: PropertyKey[]) => {
    if (typeof item.audience === 'string') unknown([...path, 'audience'], 'segment', item.audience, segmentIds);
    else checkCondition(item.audience, [...path, 'audience']);
  };
  const checkAction = (action: unknown, path: PropertyKey[]) => {
    if (isObject(action) && 'flow' in action) unknown([...path, 'flow'], 'flow', action.flow, flowIds);
  };

  for (const [segment, i] of items(doc.segments)) checkCondition(segment, ['segments', i]);
  for (const [flow, i] of items(doc.flows)) checkAudience(flow, ['flows', i]);
  for (const [message, i] of items(doc.messages)) {
    checkAudience(message, ['messages', i]);
    if (isObject(message.cta)) checkAction(message.cta.action, ['messages', i, 'cta', 'action']);
    const experiment = isObject(message.experiment) ? message.experiment : {};
    for (const [variant, vi] of items(experiment.variants)) {
      const cta = isObject(variant.content) && isObject(variant.content.cta) ? variant.content.cta : {};
      checkAction(cta.action, ['messages', i, 'experiment', 'variants', vi, 'content', 'cta', 'action']);
    }
  }
  for (const [survey, i] of items(doc.surveys)) checkAudience(survey, ['surveys', i]);
  for (const [checklist, i] of items(doc.checklists)) {
    checkAudience(checklist, ['checklists', i]);
    for (const [item, j] of items(checklist.items)) {
      const at = ['checklists', i, 'items', j];
      if (isObject(item.done) && 'flow' in item.done) unknown([...at, 'done', 'flow'], 'flow', item.done.flow, flowIds);
      else checkCondition(item.done, [...at, 'done']);
      checkAction(item.action, [...at, 'action']);
    }
  }
  const health = isObject(doc.health) ? doc.health : {};
  for (const [signal, i] of items(health.signals)) {
    if ('feature' in signal) unknown(['health', 'signals', i, 'feature'], 'feature', signal.feature, featureIds);
  }

  // A journey's audience is evaluated by the collector, which has no page: a `url` condition
  // never holds there, directly or through a segment.
  const segmentsById = new Map(items(doc.segments).flatMap(([s]): Array<[string, Item]> => (idOf(s) !== undefined ? [[idOf(s)!, s]] : [])));
  const usesUrl = (c: unknown, trail: string[]): boolean => {
    let found = false;
    walkConditions(c, [], (leaf) => {
      if ('url' in leaf) found = true;
      else if (typeof leaf.segment === 'string' && !trail.includes(leaf.segment) && segmentsById.has(leaf.segment))
        found ||= usesUrl(segmentsById.get(leaf.segment), [...trail, leaf.segment]);
    });
    return found;
  };
  const serverOnlyAudience = (audience: unknown, path: PropertyKey[]) => {
    const via = typeof audience === 'string' ? audience : undefined;
    if (via !== undefined ? segmentsById.has(via) && usesUrl(segmentsById.get(via), [via]) : usesUrl(audience, []))
      push(
        path,
        `a journey's audience is evaluated on the server, where a url condition never holds${via ? ` (segment "${via}" uses one)` : ''}: use lastSeen, event, feature, trait, account or health`,
      );
  };

  // Journeys: unique ids; their audiences refer to segments and features; `show` to content
  // the browser can show (a flow, a message or a survey).
  const shown = [...flowIds, ...ids(doc.messages), ...ids(doc.surveys)];
  const journeyIds = new Set<string>();
  for (const [journey, i] of items(doc.journeys)) {
    const id = idOf(journey);
    if (id !== undefined && journeyIds.has(id)) push(['journeys', i, 'id'], `duplicate journey id "${id}"`);
    else if (id !== undefined) journeyIds.add(id);
    checkAudience(journey, ['journeys', i]);
    serverOnlyAudience(journey.audience, ['journeys', i, 'audience']);
    if (isObject(journey.action) && 'show' in journey.action) unknown(['journeys', i, 'action', 'show'], 'flow, message or survey', journey.action.show, shown);
  }

  out.push(...segmentCycles(items(doc.segments)));
  return out;
}

/** Segment cycles (a → b → a would never finish evaluating), each reported once, at its first segment in the document. */
function segmentCycles(segments: Array<[Item, number]>): PathIssue[] {
  const out: PathIssue[] = [];
  const refs = new Map<string, string[]>();
  for (const [s] of segments) {
    const id = idOf(s);
    if (id !== undefined && !refs.has(id)) refs.set(id, segmentRefs(s));
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (sid: string, trail: string[]): string[] | undefined => {
    if (state.get(sid) === 'done') return undefined;
    if (state.get(sid) === 'visiting') return [...trail.slice(trail.indexOf(sid)), sid];
    state.set(sid, 'visiting');
    for (const next of refs.get(sid) ?? []) {
      const cycle = visit(next, [...trail, sid]);
      if (cycle) return cycle;
    }
    state.set(sid, 'done');
    return undefined;
  };
  for (const [s, i] of segments) {
    const id = idOf(s);
    if (id === undefined || state.get(id) === 'done') continue;
    const cycle = visit(id, []);
    if (!cycle) continue;
    for (const member of cycle) state.set(member, 'done');
    out.push({ path: ['segments', i], message: `segments refer to each other in a cycle: ${cycle.join(' → ')}` });
  }
  return out;
}

/** Calls `visit` on every leaf condition under `c`, with its path. */
function walkConditions(c: unknown, path: PropertyKey[], visit: (leaf: Item, path: PropertyKey[]) => void) {
  if (!isObject(c)) return;
  if (Array.isArray(c.all)) c.all.forEach((x, i) => walkConditions(x, [...path, 'all', i], visit));
  else if (Array.isArray(c.any)) c.any.forEach((x, i) => walkConditions(x, [...path, 'any', i], visit));
  else if (c.not) walkConditions(c.not, [...path, 'not'], visit);
  else visit(c, path);
}

function segmentRefs(c: unknown): string[] {
  const out: string[] = [];
  walkConditions(c, [], (leaf) => {
    if (typeof leaf.segment === 'string') out.push(leaf.segment);
  });
  return out;
}

/**
 * The ids of the segments `audience` reaches (raw input: a segment id, or a condition naming
 * segments), through segments that name segments in `segments` (the document's). What a
 * journey's preview must check of a draft, whatever else in it is unfinished.
 */
export function segmentsReached(audience: unknown, segments: unknown): Set<string> {
  const byId = new Map(items(segments).flatMap(([s]) => (idOf(s) === undefined ? [] : [[idOf(s)!, s] as const])));
  const reached = new Set<string>();
  const reach = (ids: readonly string[]) => {
    for (const id of ids) {
      if (reached.has(id)) continue;
      reached.add(id);
      reach(segmentRefs(byId.get(id)));
    }
  };
  reach(typeof audience === 'string' ? [audience] : segmentRefs(audience));
  return reached;
}
