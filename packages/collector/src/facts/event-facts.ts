/**
 * What one stored event counts for: the policy of adoption, funnels, experiments, health and
 * account pages, decided here once and recorded by whichever store keeps the facts (SQLite
 * today, ClickHouse next). Pure: no storage, no clock.
 *
 * The row comes annotated with what the published content says about it (the experiment it
 * exposes, the experiments it is a goal of, the click features its path matched: see
 * `annotateExperiments` and `annotateClicks`), so the facts need nothing else.
 */
import { EVENTS, HISTORY, lifecycleOf } from '@touchpoint/content';
import type { EventRow } from '../store/store.js';
import { accountCountKey, contentKey, flowRollupKey, type RollupKind } from './rollup-keys.js';

const DAY_MS = 86_400_000;

/** The UTC day (days since the epoch) of a time in ms: the unit of every daily fact. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** The user counts, once a day, under a rollup kind and key (distinct-user reports read these). */
export interface UserDayFact {
  kind: RollupKind;
  key: string;
}

/**
 * What one newly stored event adds to the report facts. Duplicates (retries) add nothing.
 * Every event with facts counts once in its day's events (the overview's daily activity).
 */
export interface EventFacts {
  /** Whom the facts are about: the user id, else the anonymous id. */
  userKey: string;
  /** When the event happened (ms, corrected for clock skew), and its UTC day. */
  at: number;
  day: number;
  /**
   * A group call's account: its tier (null when the call names none: a known tier stays) and
   * traits. Recorded before the other facts, so the call's own tier is the one they carry.
   */
  account?: { accountId: string; tier: string | null; traits: Record<string, unknown> };
  /**
   * The account the event belongs to: the user-day facts carry its tier at the time, the
   * account facts below count in its day, and the user is one of its users.
   */
  accountId: string | null;
  /** Identified (a user id) or anonymous, as one of the account's users. */
  identified: boolean;
  /**
   * An identify call's traits: merged into the person's (journeys' per-user facts) as the SDK
   * merges them, the later call's values winning (by event time). Every event with facts
   * also moves the person's first and last seen, and one carrying an account makes it theirs.
   */
  traits?: Record<string, unknown>;
  /** The distinct-user rollups the user counts in on `day` (adoption, flows, content reach, daily activity). */
  userDays: UserDayFact[];
  /**
   * A tracked event's name: the user's count of it on `day` goes up by one (the holdout
   * report's goal events per user). Every name counts, `Element Clicked` too (a goal is any
   * event the team names); pages, identifies and group calls have no name.
   */
  event?: string;
  /** The per-account daily counts this event adds one to: "" (activity), `event:…`, `feature:…` (health signals). Empty without an account. */
  accountCounts: string[];
  /** An exposure, kept when it is the user's first for the experiment (under `userKey`). */
  exposure?: { experimentId: string; variant: string };
  /**
   * The experiments this event is the goal of: it converts the first exposure (by time) kept
   * under either of `ids`, when {@link converts} says so, whichever of the two arrives first.
   */
  goals: ReadonlyArray<{ experimentId: string; windowMs: number }>;
  /** The user's ids an exposure may be stored under: user id and anonymous id (null when absent). */
  ids: readonly [string | null, string | null];
  /**
   * Target health: a flow's step was shown (its target found), or its target never appeared
   * (`missing`) on the page `url` (see {@link pageOf}). Counted per step and day, per page
   * for misses, so a step's missing rate is misses / (views + misses).
   */
  step?: { flowId: string; stepId: string; missing: boolean; url?: string };
  /**
   * A survey's answer: its score as sent (any JSON value; the report counts the numbers) and
   * its comment (the `comment`, else the `answer`, when it is non-empty text). Kept per
   * answer so the survey report and its comments never read raw events.
   */
  survey?: { surveyId: string; score: unknown; text?: string };
}

/** The longest page URL kept for a missing target. */
const MAX_PAGE_LENGTH = 500;

/**
 * The page of a URL as target health groups misses: without its query and fragment (where
 * record ids, search terms and tokens ride, which would split one page into thousands and
 * keep what is no one's business), clipped. Migration 0012 spells the same rule in SQL.
 */
export function pageOf(url: unknown): string {
  return typeof url === 'string' ? url.replace(/[?#].*$/s, '').slice(0, MAX_PAGE_LENGTH) : '';
}

/**
 * The facts one stored event adds, or undefined when it names no one (validation makes
 * every message carry a user id or an anonymous id) or is a preview event: sent from a tab
 * previewing the draft or building (`context.preview`), it is the team testing its own
 * content, kept (`/v1/events` lists it) but left out of every report and rollup.
 */
export function factsOf(row: EventRow): EventFacts | undefined {
  const userKey = row.userId ?? row.anonymousId;
  if (!userKey || row.preview) return undefined;
  const accountId = row.groupId;
  const facts: EventFacts = {
    userKey,
    at: row.timestamp,
    day: dayOf(row.timestamp),
    accountId,
    identified: row.userId !== null,
    userDays: [{ kind: 'active', key: '' }],
    accountCounts: accountId ? [''] : [],
    goals: row.goals ?? [],
    ids: [row.userId, row.anonymousId],
  };
  if (row.type === 'identify' && row.traits) facts.traits = row.traits;
  if (row.type === 'group' && accountId) {
    const traits = row.traits ?? {};
    facts.account = { accountId, tier: typeof traits.tier === 'string' ? traits.tier : null, traits };
  }
  if (row.exposure) facts.exposure = row.exposure;
  if (row.type !== 'track' || row.event === null) return facts;
  const event = row.event;
  facts.event = event;
  if (event === EVENTS.elementClicked) {
    // Raw click paths are no one's event: only the click features they matched count (in
    // adoption; health signals count the live Feature Used events the SDK sent for the same
    // clicks, not these).
    for (const id of row.features ?? []) facts.userDays.push({ kind: 'feature', key: id });
    return facts;
  }
  const counted = (kind: 'event' | 'feature', key: string) => {
    facts.userDays.push({ kind, key });
    if (accountId) facts.accountCounts.push(accountCountKey(kind, key));
  };
  counted('event', event);
  const p = row.properties ?? {};
  if (event === EVENTS.featureUsed && typeof p.feature_id === 'string') counted('feature', p.feature_id);
  if (event === EVENTS.surveyAnswered && typeof p.survey_id === 'string') {
    const text = p.comment ?? p.answer;
    facts.survey = { surveyId: p.survey_id, score: p.score ?? null, ...(typeof text === 'string' && text !== '' && { text }) };
  }
  // A flow's funnel: what each of its lifecycle events means, from the lifecycle table.
  const life = lifecycleOf(event, p);
  // Reach: the users each content item was shown to, completed or dismissed by.
  if (life && HISTORY.includes(life.means)) facts.userDays.push({ kind: 'content', key: contentKey(event, life.contentId) });
  if (life?.kind === 'flow') {
    const key = flowRollupKey(life.contentId, life.means, p);
    if (key) facts.userDays.push({ kind: 'flow', key });
    if ((life.means === 'viewed' || life.means === 'missing') && typeof p.step_id === 'string') {
      const missing = life.means === 'missing';
      facts.step = { flowId: life.contentId, stepId: p.step_id, missing, ...(missing && { url: pageOf(p.url) }) };
    }
  }
  return facts;
}

/**
 * Whether a goal event at `at` converts an exposure made at `exposedAt`: after it, within the
 * goal's window. A user converts once per experiment (the store keeps the first).
 */
export function converts(exposedAt: number, at: number, windowMs: number): boolean {
  return at >= exposedAt && at <= exposedAt + windowMs;
}
