/**
 * The same events for any two event-side stores, and every read of EventStore, ReportStore and
 * AccountStore over them, so a test can say "this store answers as the SQLite store does".
 * The rows are built as the collector builds them: `normalizeRequest` (ingest's validation,
 * clock-skew correction, payload) and the content's annotations (experiments, click features).
 */
import type { ContentDocument, Experiment } from '@touchpoint/content';
import { annotateExperiments } from '../experiments.js';
import { normalizeRequest } from '../ingest.js';
import { annotateClicks, clickFeatures } from '../retroactive.js';
import { type EventPage, type EventQuery, type EventSideStore, type EventRow, contentKey, flowKey } from '../store/store.js';

export const DAY = 86_400_000;
/** The first day of the stream (UTC days since the epoch): 2025-11-20. */
export const FIRST_DAY = 20_412;
/** Every read covers these days. */
export const RANGE = { from: FIRST_DAY - 2, to: FIRST_DAY + 12 };

const EXPERIMENTS = {
  byId: new Map([['exp', {} as Experiment]]),
  byGoal: new Map([['Todo Added', [{ experimentId: 'exp', windowMs: 3 * DAY }]]]),
};
const CLICK_FEATURES = clickFeatures({ features: [{ id: 'export', selector: 'button.export' }] } as unknown as ContentDocument);

/** One message: `who` is a user id, or `~anon` for an anonymous id; `at` is hours from the first day's start. */
type Spec = {
  /** The messageId, when the test needs its order. */
  id?: string;
  who: string;
  at: number;
  type?: string;
  event?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  group?: string;
  groupId?: string;
  anon?: string;
  /** Sent from a tab previewing the draft (`context.preview`): stored, counted in no report. */
  preview?: boolean;
};

let sequence = 0;

function message(s: Spec): Record<string, unknown> {
  const anonymous = s.who.startsWith('~');
  const type = s.type ?? 'track';
  return {
    type,
    messageId: s.id ?? `m-${s.who}-${s.at}-${sequence++}`,
    ...(anonymous ? { anonymousId: s.who.slice(1) } : { userId: s.who, ...(s.anon && { anonymousId: s.anon }) }),
    ...(type === 'track' && { event: s.event }),
    ...(s.properties && { properties: s.properties }),
    ...(s.traits && { traits: s.traits }),
    ...(s.groupId && { groupId: s.groupId }),
    ...((s.group || s.preview) && { context: { ...(s.group && { groupId: s.group }), ...(s.preview && { preview: true }) } }),
    timestamp: new Date(FIRST_DAY * DAY + s.at * 3_600_000).toISOString(),
  };
}

/**
 * Rows of one request, as ingest makes them (received an hour after the last message, with
 * `sentAt` equal to that time: no skew to correct).
 */
export function requestRows(specs: readonly Spec[]): EventRow[] {
  const messages = specs.map(message);
  const receivedAt = Math.max(...specs.map((s) => FIRST_DAY * DAY + s.at * 3_600_000)) + 3_600_000;
  const { rows, details } = normalizeRequest({ batch: messages }, undefined, receivedAt);
  if (details.length) throw new Error(`fixture refused: ${JSON.stringify(details)}`);
  annotateExperiments(rows, EXPERIMENTS);
  annotateClicks(rows, CLICK_FEATURES);
  return rows;
}

const flow = (id: string, event: string, extra: Record<string, unknown> = {}) => ({ event, properties: { flow_id: id, ...extra } });

/**
 * Requests covering every fact: accounts with tiers and traits, identified and anonymous users
 * (one identified later), flows with steps and missing targets, messages, checklists, surveys
 * with scores and comments, features, clicks matching a click feature, an experiment with
 * exposures and goals in and out of its window, and hostile strings. In time order (the
 * SQLite store computes conversions as events arrive).
 */
export function conformanceRequests(): EventRow[][] {
  return [
    requestRows([
      { who: 'ada', at: 1, type: 'group', groupId: 'acme', traits: { tier: 'high', arr: 120000, name: "O'Brien \\ Co" } },
      { who: 'ada', at: 1.5, type: 'identify', anon: 'a-1', traits: { role: 'admin' } },
      { who: 'ada', at: 2, group: 'acme', anon: 'a-1', ...flow('tour', 'Flow Started') },
      { who: 'ada', at: 2.1, group: 'acme', anon: 'a-1', ...flow('tour', 'Flow Step Viewed', { step_id: 's1', step_index: 0 }) },
      { who: 'ada', at: 2.2, group: 'acme', anon: 'a-1', ...flow('tour', 'Flow Target Missing', { step_id: 's2', url: 'https://app.example/x?token=1#h' }) },
      { who: 'ada', at: 2.3, group: 'acme', anon: 'a-1', ...flow('tour', 'Flow Dismissed', { step_id: 's2', step_index: 1, reason: 'target_missing' }) },
      { who: 'ada', at: 3, group: 'acme', anon: 'a-1', event: 'Experiment Viewed', properties: { experiment_id: 'exp', variation_id: 'b' } },
      { who: 'ada', at: 4, group: 'acme', anon: 'a-1', event: 'Todo Added', properties: { title: 'ünïcödé 🎉 \u0000 nul' } },
    ]),
    requestRows([
      { who: '~b-1', at: 5, group: 'acme', event: 'Experiment Viewed', properties: { experiment_id: 'exp', variation_id: 'a' } },
      { who: '~b-1', at: 6, group: 'acme', event: 'Feature Used', properties: { feature_id: 'filters' } },
      { who: '~b-1', at: 7, group: 'acme', event: 'Element Clicked', properties: { path: [{ tag: 'button', classes: ['export'] }] } },
      { who: 'bob', at: 8, type: 'identify', anon: 'b-1' },
      { who: 'bob', at: 9, anon: 'b-1', group: 'acme', event: 'Todo Added' },
      { who: 'bob', at: 30, anon: 'b-1', group: 'acme', event: 'Message Shown', properties: { message_id: 'tip' } },
      { who: 'bob', at: 31, anon: 'b-1', group: 'acme', event: 'Message Clicked', properties: { message_id: 'tip', action: 'cta' } },
      { who: 'bob', at: 32, anon: 'b-1', group: 'acme', event: 'Checklist Item Completed', properties: { checklist_id: 'start', item_id: 'first' } },
    ]),
    requestRows([
      { who: 'cy', at: 10, type: 'group', groupId: 'globex', traits: { plan: 'trial' } },
      { who: 'cy', at: 11, group: 'globex', event: 'Experiment Viewed', properties: { experiment_id: 'exp', variation_id: 'a' } },
      // After the window (3 days): no conversion.
      { who: 'cy', at: 11 + 24 * 4, group: 'globex', event: 'Todo Added' },
      { who: 'cy', at: 12, group: 'globex', event: 'Survey Shown', properties: { survey_id: 'nps' } },
      { who: 'cy', at: 13, group: 'globex', event: 'Survey Answered', properties: { survey_id: 'nps', score: 9, comment: 'it\'s "great"\n\\o/' } },
      { who: 'cy', at: 14, group: 'globex', event: 'Feature Used', properties: { feature_id: 'export' } },
      { who: 'cy', at: 15, group: 'globex', event: 'Element Clicked', properties: { path: [{ tag: 'a' }] } },
      { who: 'cy', at: 40, group: 'globex', ...flow('tour', 'Flow Started') },
      { who: 'cy', at: 40.5, group: 'globex', ...flow('tour', 'Flow Step Viewed', { step_id: 's1', step_index: 0 }) },
      { who: 'cy', at: 41, group: 'globex', ...flow('tour', 'Flow Completed') },
    ]),
    requestRows([
      { who: '~zed', at: 50, event: 'Survey Answered', properties: { survey_id: 'nps', score: 3, answer: 'slow' } },
      { who: '~zed', at: 51, event: 'Survey Answered', properties: { survey_id: 'nps', score: 'n/a', comment: '' } },
      { who: '~zed', at: 52, type: 'page', properties: { path: '/todos' } },
      // Two messages at the same time: newest first means stored last first (not by id).
      { id: `z-${sequence}`, who: '~zed', at: 53, type: 'page', properties: { path: '/a' } },
      { id: `a-${sequence}`, who: '~zed', at: 53, type: 'page', properties: { path: '/b' } },
      { who: 'ada', at: 60, type: 'group', groupId: 'acme', traits: { arr: 150000 } },
      { who: 'ada', at: 61, group: 'acme', anon: 'a-1', event: 'Feature Used', properties: { feature_id: 'export' } },
      { who: 'ada', at: 62, group: 'acme', anon: 'a-1', event: 'Message Dismissed', properties: { message_id: 'tip' } },
      { who: 'ada', at: 63, group: 'acme', anon: 'a-1', event: "Quote ' and \\ backslash" },
      // A preview tab: the team testing its content, as ada and as someone with no other event.
      { who: 'ada', at: 64, group: 'acme', anon: 'a-1', event: 'Todo Added', preview: true },
      { who: 'pm', at: 65, type: 'page', properties: { path: '/todos' }, preview: true },
      { who: 'pm', at: 66, event: 'Todo Added', preview: true },
      { who: 'pm', at: 67, event: 'Element Clicked', properties: { path: [{ tag: 'button', classes: ['export'] }] }, preview: true },
    ]),
  ];
}

/** Rows of a result whose order a store does not promise, in one order. */
const sorted = <T>(rows: readonly T[]): T[] => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

const USERS = [{ userId: 'ada' }, { userId: 'bob' }, { userId: 'cy' }, { anonymousId: 'a-1' }, { anonymousId: 'b-1' }, { anonymousId: 'zed' }] as const;

/** A page as two stores can be compared: its events, and whether more follow (positions are each store's own). */
async function comparablePage(store: EventSideStore, projectId: number, query: EventQuery) {
  const page = await store.queryEvents(projectId, query);
  return { events: page.events, last: page.next === undefined };
}

/** Every stored event read `limit` at a time, following each page's `next`. */
async function everyPage(store: EventSideStore, projectId: number, limit: number): Promise<unknown[]> {
  const pages: unknown[] = [];
  let after: EventPage['next'];
  do {
    const page = await store.queryEvents(projectId, { limit, ...(after && { after }) });
    // Positions are each store's own: the pages' events and where they end are compared.
    pages.push({ events: page.events, last: page.next === undefined });
    after = page.next;
  } while (after);
  return pages;
}

/** Every read of the event side over the stream's users, accounts, contents and days, in a form two stores can be compared by. */
export async function readEverything(store: EventSideStore, projectId: number): Promise<Record<string, unknown>> {
  const from = RANGE.from * DAY;
  const to = (RANGE.to + 1) * DAY;
  const out: Record<string, unknown> = {};
  out.queryEvents = {
    all: await comparablePage(store, projectId, { limit: 1000 }),
    few: await comparablePage(store, projectId, { limit: 3 }),
    ada: await comparablePage(store, projectId, { userId: 'ada', limit: 100 }),
    anon: await comparablePage(store, projectId, { anonymousId: 'b-1', limit: 100 }),
    todo: await comparablePage(store, projectId, { event: 'Todo Added', type: 'track', limit: 100 }),
    groups: await comparablePage(store, projectId, { type: 'group', limit: 100 }),
    pages: await everyPage(store, projectId, 3),
  };
  out.userOfAnonymousId = await Promise.all(['a-1', 'b-1', 'zed', 'nobody'].map((a) => store.userOfAnonymousId(projectId, a)));
  out.identifiedAnonymousIds = [...(await store.identifiedAnonymousIds(projectId, ['a-1', 'b-1', 'zed', 'nobody']))].sort();
  out.clientDropped = await store.clientDropped(projectId);
  const profiles: Record<string, unknown> = {};
  for (const who of USERS) {
    profiles[JSON.stringify(who)] = {
      daily: sorted(await store.dailyCounts(projectId, who, from)),
      dailyNamed: sorted(await store.dailyCounts(projectId, who, from + DAY, ['Todo Added', 'Feature Used'])),
      totals: sorted(await store.eventTotals(projectId, who)),
      features: await store.featuresUsed(projectId, who),
      content: sorted(await store.contentFacts(projectId, who)),
    };
  }
  out.profiles = profiles;
  out.eventsPerUser = {
    todo: sorted(await store.eventsPerUser(projectId, 'Todo Added', RANGE)),
    clicks: sorted(await store.eventsPerUser(projectId, 'Element Clicked', { from: FIRST_DAY, to: FIRST_DAY })),
    none: await store.eventsPerUser(projectId, 'Todo Added', { from: FIRST_DAY + 5, to: FIRST_DAY + 1 }),
  };
  out.accountEvents = { acme: await store.accountEvents(projectId, 'acme', 5), globex: await store.accountEvents(projectId, 'globex', 100) };
  const clicks = [];
  for (let page = await store.clicksAfter(projectId, undefined, 1); ; page = await store.clicksAfter(projectId, page.next, 1)) {
    clicks.push(...page.clicks);
    if (!page.next) break;
  }
  out.clicks = clicks;
  const kinds = {
    active: [''],
    event: ['Todo Added', 'Feature Used', 'Element Clicked', 'Experiment Viewed'],
    feature: ['export', 'filters'],
    flow: [
      flowKey('tour', 'started'),
      flowKey('tour', 'completed'),
      flowKey('tour', 'dismissed'),
      flowKey('tour', { stepIndex: 0, stepId: 's1' }),
      flowKey('tour', { missing: 's2' }),
    ],
  } as const;
  const distinct: Record<string, unknown> = {};
  for (const [kind, keys] of Object.entries(kinds)) {
    for (const range of [RANGE, { from: FIRST_DAY + 1, to: FIRST_DAY + 2 }, { from: FIRST_DAY + 5, to: FIRST_DAY + 1 }]) {
      for (const tier of [undefined, 'high', '']) {
        distinct[`${kind} ${range.from}-${range.to} ${tier}`] = [...(await store.distinctUsers(projectId, kind as never, keys, range, tier))].sort();
      }
    }
  }
  out.distinctUsers = distinct;
  out.distinctUsersOfAny = await store.distinctUsersOfAny(
    projectId,
    [
      { kind: 'feature', key: 'export' },
      { kind: 'event', key: 'Todo Added' },
    ],
    RANGE,
  );
  out.experimentCounts = await store.experimentCounts(projectId, 'exp');
  out.dailyActivity = await store.dailyActivity(projectId, RANGE);
  out.contentReach = Object.fromEntries(
    await store.distinctUsers(
      projectId,
      'content',
      [
        contentKey('Flow Started', 'tour'),
        contentKey('Flow Completed', 'tour'),
        contentKey('Message Shown', 'tip'),
        contentKey('Survey Shown', 'nps'),
        contentKey('Message Clicked', 'tip'),
        contentKey('Checklist Item Completed', 'start/first'),
      ],
      RANGE,
    ),
  );
  out.surveyScores = sorted(await store.surveyScores(projectId, 'nps', from, to));
  out.surveyComments = await store.surveyComments(projectId, 'nps', from, to, 10);
  out.stepHealth = {
    all: await store.stepHealth(projectId, RANGE),
    tour: await store.stepHealth(projectId, RANGE, 'tour'),
    none: await store.stepHealth(projectId, RANGE, 'other'),
  };
  out.accounts = {
    acme: await store.account(projectId, 'acme'),
    globex: await store.account(projectId, 'globex'),
    none: await store.account(projectId, 'none'),
    traits: Object.fromEntries([...(await store.accountTraits(projectId, ['acme', 'globex', 'none']))].sort()),
  };
  out.accountUsers = {
    acme: await store.accountUsers(projectId, 'acme', 10),
    one: await store.accountUsers(projectId, 'acme', 1),
    globex: await store.accountUsers(projectId, 'globex', 10),
  };
  out.accountWindows = await store.accountWindows(projectId, RANGE);
  out.accountWindow = await store.accountWindow(projectId, 'acme', { from: FIRST_DAY, to: FIRST_DAY + 1 });
  // Journeys' people: everyone in pages of two (without `changed`, each store's own clock or sequence), the
  // range of last seen, the per-user counts and feature days a run reads, the exact time of a goal.
  const people: unknown[] = [];
  for (let after: string | undefined, first = true; first || after !== undefined; first = false) {
    const page = await store.allPeople(projectId, after, 2);
    people.push(...page.people.map(({ changed: _, ...p }) => p));
    after = page.next;
  }
  const keys = ['ada', 'bob', 'cy', 'a-1', 'b-1', 'zed', 'nobody'];
  const nested = (m: Map<string, Map<string, unknown>>) => Object.fromEntries([...m].sort().map(([k, v]) => [k, Object.fromEntries([...v].sort())]));
  out.people = {
    all: people,
    lastSeen: (await store.peopleLastSeen(projectId, from + DAY, to, undefined, 100)).people.map((p) => p.key),
    eventDays: nested(await store.personEventDays(projectId, keys, ['Todo Added', 'Feature Used'])),
    featureDays: nested(await store.personFeatureDays(projectId, keys, ['export', 'filters'])),
    firstEvent: await store.firstEventsBetween(
      projectId,
      keys.map((userKey) => ({ userKey, after: from, until: to })),
    ),
    // Mixed in one call: two names, one user twice with other bounds, answered in the callers' order.
    firstTodo: await store.firstEventsBetween(projectId, [
      ...keys.map((userKey) => ({ userKey, after: from + DAY / 2, until: to, event: 'Todo Added' })),
      { userKey: 'ada', after: from, until: from + DAY / 2, event: 'Todo Added' },
      { userKey: 'ada', after: from, until: to, event: 'Feature Used' },
    ]),
  };
  return out;
}
