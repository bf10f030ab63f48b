import type { EventFacts, UserDayFact } from '../../facts/event-facts.js';
import { sqlJsonValue } from '../sql-json-value.js';

/** The rows one flush writes, by table: the facts of new events (see `factsOf`), recorded as ClickHouse rows. */
export type FactRows = Record<(typeof FACT_TABLES)[number], Record<string, unknown>[]>;

/** The tables facts go to, written before `events` (see the writer: facts first, the events last). */
export const FACT_TABLES = [
  'user_days_in',
  'user_events_in',
  'exposures_in',
  'goals',
  'account_calls',
  'account_users_in',
  'account_daily_in',
  'daily_events_in',
  'step_days_in',
  'survey_answers',
  'people_in',
  'person_traits',
] as const;

export function emptyFactRows(): FactRows {
  return Object.fromEntries(FACT_TABLES.map((t) => [t, []])) as unknown as FactRows;
}

/**
 * The rows with fewer repeats, for less work on the server: a user counted under the same key
 * on the same day once, and an account's user once with the first and last time. The tables
 * would fold them anyway (replacing rows, min/max states); this only saves sending them.
 */
export function compactFactRows(rows: FactRows): FactRows {
  const userDays = new Map<string, Record<string, unknown>>();
  for (const r of rows.user_days_in) userDays.set(JSON.stringify([r.project_id, r.kind, r.key, r.day, r.tier, r.user_key]), r);
  const accountUsers = new Map<string, { project_id: unknown; account_id: unknown; user_key: unknown; is_identified: number; at: number; last: number }>();
  for (const r of rows.account_users_in) {
    const key = JSON.stringify([r.project_id, r.account_id, r.user_key]);
    const at = r.at as number;
    const seen = accountUsers.get(key);
    if (!seen)
      accountUsers.set(key, {
        project_id: r.project_id,
        account_id: r.account_id,
        user_key: r.user_key,
        is_identified: r.is_identified as number,
        at,
        last: at,
      });
    else {
      seen.is_identified = Math.max(seen.is_identified, r.is_identified as number);
      seen.at = Math.min(seen.at, at);
      seen.last = Math.max(seen.last, at);
    }
  }
  return {
    ...rows,
    people_in: compactPeople(rows.people_in),
    person_traits: latestTraits(rows.person_traits),
    user_days_in: [...userDays.values()],
    // The first and last time as two rows (min and max states take both).
    account_users_in: [...accountUsers.values()].flatMap(({ last, ...r }) => (last === r.at ? [r] : [r, { ...r, at: last }])),
  };
}

/**
 * A flush's people, a few rows per person instead of one per event: the aggregates of
 * `people_mv` (max user id, min and max time, max change, the account of the latest event
 * carrying one by argMax over (has one, time)) give the same state from the row with the
 * account and its time, and the first and last times without an account.
 */
function compactPeople(rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  type Person = {
    project_id: unknown;
    user_key: unknown;
    user_id: string;
    account_id: string;
    accountAt: number;
    first: number;
    last: number;
    changed: number;
  };
  const people = new Map<string, Person>();
  for (const r of rows) {
    const key = JSON.stringify([r.project_id, r.user_key]);
    const at = r.at as number;
    const account = r.account_id as string;
    const p = people.get(key);
    if (!p) {
      people.set(key, {
        project_id: r.project_id,
        user_key: r.user_key,
        user_id: r.user_id as string,
        account_id: account,
        accountAt: at,
        first: at,
        last: at,
        changed: r.changed as number,
      });
      continue;
    }
    if ((r.user_id as string) > p.user_id) p.user_id = r.user_id as string;
    if (account !== '' && (p.account_id === '' || at >= p.accountAt)) {
      p.account_id = account;
      p.accountAt = at;
    }
    p.first = Math.min(p.first, at);
    p.last = Math.max(p.last, at);
    p.changed = Math.max(p.changed, r.changed as number);
  }
  return [...people.values()].flatMap(({ accountAt, first, last, ...p }) => {
    const times = [...new Set([first, last])].filter((at) => p.account_id === '' || at !== accountAt);
    return [...(p.account_id === '' ? [] : [{ ...p, at: accountAt }]), ...times.map((at) => ({ ...p, account_id: '', at }))];
  });
}

/** A flush's traits, one row per person and key: the latest call's (the table keeps the latest by time anyway). */
function latestTraits(rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const latest = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    const key = JSON.stringify([r.project_id, r.user_key, r.key]);
    const known = latest.get(key);
    if (!known || (r.at as number) >= (known.at as number)) latest.set(key, r);
  }
  return [...latest.values()];
}

/** An identify call's traits as `person_traits` rows, one per key (ingest and migration 6's backfill). */
export function traitRows(projectId: number, userKey: string, traits: Record<string, unknown>, at: number): Record<string, unknown>[] {
  return Object.entries(traits).map(([key, value]) => ({ project_id: projectId, user_key: userKey, key, value: JSON.stringify(value ?? null), at }));
}

/** A user counted on `day` under `facts`, with the account's tier at the time ('' for none). */
export function userDayRows(projectId: number, userKey: string, tier: string, day: number, facts: readonly UserDayFact[]): Record<string, unknown>[] {
  return facts.map((f) => ({ project_id: projectId, kind: f.kind, key: f.key, day, tier, user_key: userKey }));
}

/**
 * Adds the rows of one new event's facts to `out`. Decides nothing about what counts: that is
 * `factsOf`'s. `tier` is the event's account's tier at the time (after the event's own group
 * call, recorded first as in the SQLite store); `changed`, the writer's clock (the person's
 * change, for journeys' runs).
 */
export function addFactRows(out: FactRows, projectId: number, messageId: string, f: EventFacts, tier: string, changed = Date.now()): void {
  const base = { project_id: projectId };
  out.people_in.push({ ...base, user_key: f.userKey, user_id: f.ids[0] ?? '', account_id: f.accountId ?? '', at: f.at, changed });
  if (f.traits) out.person_traits.push(...traitRows(projectId, f.userKey, f.traits, f.at));
  if (f.account) {
    out.account_calls.push({
      ...base,
      account_id: f.account.accountId,
      at: f.at,
      message_id: messageId,
      tier: f.account.tier,
      traits: JSON.stringify(f.account.traits),
    });
  }
  out.user_days_in.push(...userDayRows(projectId, f.userKey, tier, f.day, f.userDays));
  out.daily_events_in.push({ ...base, day: f.day, user_key: f.userKey, message_id: messageId });
  if (f.event !== undefined) out.user_events_in.push({ ...base, event: f.event, day: f.day, user_key: f.userKey, message_id: messageId });
  if (f.accountId) {
    for (const key of f.accountCounts)
      out.account_daily_in.push({ ...base, account_id: f.accountId, day: f.day, key, user_key: f.userKey, message_id: messageId });
    out.account_users_in.push({ ...base, account_id: f.accountId, user_key: f.userKey, is_identified: f.identified ? 1 : 0, at: f.at });
  }
  if (f.step) {
    const { flowId, stepId, missing, url } = f.step;
    out.step_days_in.push({ ...base, flow_id: flowId, step_id: stepId, day: f.day, missing: missing ? 1 : 0, url: url ?? '', at: f.at, message_id: messageId });
  }
  if (f.exposure) {
    out.exposures_in.push({
      ...base,
      experiment_id: f.exposure.experimentId,
      user_key: f.userKey,
      variant_id: f.exposure.variant,
      at: f.at,
      message_id: messageId,
    });
  }
  if (f.survey) {
    const { surveyId, score, text } = f.survey;
    out.survey_answers.push({
      ...base,
      survey_id: surveyId,
      message_id: messageId,
      user_key: f.userKey,
      at: f.at,
      score: JSON.stringify(sqlJsonValue(score)),
      text: text ?? null,
    });
  }
  const [userId, anonymousId] = f.ids;
  for (const goal of f.goals) {
    out.goals.push({
      ...base,
      experiment_id: goal.experimentId,
      message_id: messageId,
      user_id: userId ?? '',
      anonymous_id: anonymousId ?? '',
      at: f.at,
      window_ms: goal.windowMs,
    });
  }
}
