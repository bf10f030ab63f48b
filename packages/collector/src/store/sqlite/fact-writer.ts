import type Database from 'better-sqlite3';
import { converts, type EventFacts, type UserDayFact } from '../../facts/event-facts.js';
import { sqlJsonValue } from '../sql-json-value.js';
import { dayColumn } from './day-columns.js';
import { sqlitePersonWriter } from './people.js';

/**
 * Records the facts of events (see facts/event-facts.ts) in SQLite's tables: distinct users
 * as day bitmaps (`user_days`, one row per 32-day block), events per day (`daily_events`) and
 * per user, name and day (`user_events`, 32-day blocks too), per-account daily counts, account
 * users and traits, first exposures and conversions with their per-variant totals, steps shown
 * and targets missing (target health), survey answers, people (journeys' per-user facts). It decides nothing about what counts: that is `factsOf`'s.
 */
export interface FactWriter {
  /** Records one newly stored event's facts (inside the caller's transaction; people wait for `flush`). */
  record(projectId: number, facts: EventFacts): void;
  /** Writes what the batch's events folded in memory (people: one write per person), before the transaction commits. */
  flush(): void;
  /** Forgets what a failed batch folded (its transaction rolls back). */
  discard(): void;
  /** Counts a user under `facts` on `day`, with the tier `accountId` has now (retroactive features). */
  userDays(projectId: number, userKey: string, accountId: string | null, day: number, facts: readonly UserDayFact[]): void;
}

/**
 * @param rollups record the distinct-user, account and health facts; only the ingest
 *   benchmark turns them off, to measure what they cost (experiments are always recorded).
 */
export function sqliteFactWriter(db: Database.Database, rollups: boolean): FactWriter {
  const s = {
    userDay: db.prepare(
      `INSERT INTO user_days (project_id, kind, key, block, user_key, tier, bits) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET bits = bits | excluded.bits`,
    ),
    account: db.prepare(
      `INSERT INTO accounts (project_id, account_id, tier, traits, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (project_id, account_id) DO UPDATE SET tier = COALESCE(excluded.tier, tier), traits = excluded.traits, updated_at = excluded.updated_at`,
    ),
    tierOf: db.prepare('SELECT tier FROM accounts WHERE project_id = ? AND account_id = ?').pluck(),
    accountUser: db.prepare(
      `INSERT INTO account_users (project_id, account_id, user_key, identified, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen)`,
    ),
    dailyEvents: db.prepare('INSERT INTO daily_events (project_id, day, events) VALUES (?, ?, 1) ON CONFLICT DO UPDATE SET events = events + 1'),
    accountDaily: db.prepare(
      `INSERT INTO account_daily (project_id, account_id, day, key, count) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (project_id, account_id, day, key) DO UPDATE SET count = count + 1`,
    ),
    exposure: db.prepare('SELECT variant, exposed_at AS exposedAt FROM exposures WHERE project_id = ? AND experiment_id = ? AND user_key = ?'),
    expose: db.prepare(
      `INSERT INTO exposures (project_id, experiment_id, user_key, variant, exposed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET variant = excluded.variant, exposed_at = excluded.exposed_at`,
    ),
    goalHit: db.prepare('INSERT OR IGNORE INTO goal_hits (project_id, experiment_id, user_key, at, window_ms) VALUES (?, ?, ?, ?, ?)'),
    // The goals done under one id from a time on, in time order: the first that converts counts.
    hitsFrom: db.prepare('SELECT at, window_ms AS windowMs FROM goal_hits WHERE project_id = ? AND experiment_id = ? AND user_key = ? AND at >= ? ORDER BY at'),
    conversion: db.prepare('SELECT converted_at FROM conversions WHERE project_id = ? AND experiment_id = ? AND user_key = ?').pluck(),
    convert: db.prepare(
      `INSERT INTO conversions (project_id, experiment_id, user_key, converted_at) VALUES (?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET converted_at = MIN(converted_at, excluded.converted_at)`,
    ),
    unconvert: db.prepare('DELETE FROM conversions WHERE project_id = ? AND experiment_id = ? AND user_key = ?'),
    count: db.prepare(
      `INSERT INTO experiment_counts (project_id, experiment_id, variant, users, conversions) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (project_id, experiment_id, variant) DO UPDATE SET users = users + excluded.users, conversions = conversions + excluded.conversions`,
    ),
    stepDay: db.prepare(
      `INSERT INTO step_days (project_id, flow_id, step_id, day, viewed, missing) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET viewed = viewed + excluded.viewed, missing = missing + excluded.missing`,
    ),
    surveyAnswer: db.prepare('INSERT INTO survey_answers (project_id, survey_id, user_key, at, score, text) VALUES (?, ?, ?, ?, ?, ?)'),
    targetMiss: db.prepare(
      `INSERT INTO target_misses (project_id, flow_id, step_id, day, url, count, first_at, last_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)
       ON CONFLICT DO UPDATE SET count = count + 1, first_at = MIN(first_at, excluded.first_at), last_at = MAX(last_at, excluded.last_at)`,
    ),
  };
  // A user's count of an event on a day: its block's row, the day's column (one statement a column).
  const userEvent = Array.from({ length: 32 }, (_, k) =>
    db.prepare(`INSERT INTO user_events (project_id, event, block, user_key, ${dayColumn(k)}) VALUES (?, ?, ?, ?, 1)
                ON CONFLICT DO UPDATE SET ${dayColumn(k)} = ${dayColumn(k)} + 1`),
  );
  // The tier rides along with each user-day row ('' without an account or a known tier).
  const tierOf = (projectId: number, accountId: string | null) => (accountId ? ((s.tierOf.get(projectId, accountId) as string | null | undefined) ?? '') : '');
  const userDays = (projectId: number, userKey: string, tier: string, day: number, facts: readonly UserDayFact[]) => {
    for (const f of facts) s.userDay.run(projectId, f.kind, f.key, day >> 5, userKey, tier, 2 ** (day & 31));
  };

  const experiments = sqliteExperimentFacts(s);
  const person = sqlitePersonWriter(db);

  return {
    record(projectId, f) {
      if (rollups) {
        if (f.account) s.account.run(projectId, f.account.accountId, f.account.tier, JSON.stringify(f.account.traits), f.at);
        userDays(projectId, f.userKey, tierOf(projectId, f.accountId), f.day, f.userDays);
        s.dailyEvents.run(projectId, f.day);
        person.add(projectId, f);
        if (f.event !== undefined) userEvent[f.day & 31]!.run(projectId, f.event, f.day >> 5, f.userKey);
        if (f.accountId) {
          for (const key of f.accountCounts) s.accountDaily.run(projectId, f.accountId, f.day, key);
          s.accountUser.run(projectId, f.accountId, f.userKey, f.identified ? 1 : 0, f.at, f.at);
        }
        if (f.step) {
          const { flowId, stepId, missing, url } = f.step;
          s.stepDay.run(projectId, flowId, stepId, f.day, missing ? 0 : 1, missing ? 1 : 0);
          if (missing) s.targetMiss.run(projectId, flowId, stepId, f.day, url ?? '', f.at, f.at);
        }
        if (f.survey) s.surveyAnswer.run(projectId, f.survey.surveyId, f.userKey, f.at, sqlJsonValue(f.survey.score), f.survey.text ?? null);
      }
      if (f.exposure) experiments.expose(projectId, f.exposure.experimentId, f.userKey, f.exposure.variant, f.at);
      for (const goal of f.goals) experiments.goal(projectId, goal.experimentId, f.ids, f.at, goal.windowMs);
    },
    flush() {
      person.flush();
    },
    discard() {
      person.discard();
    },
    userDays(projectId, userKey, accountId, day, facts) {
      userDays(projectId, userKey, tierOf(projectId, accountId), day, facts);
    },
  };
}

type Statements = Record<'exposure' | 'expose' | 'goalHit' | 'hitsFrom' | 'conversion' | 'convert' | 'unconvert' | 'count', Database.Statement>;

/**
 * Experiments' facts, whatever order events arrive in: each user's first exposure by time
 * (an earlier one arriving later replaces it), and its conversion by any goal done under
 * the exposure's id within its window ({@link converts}), whether the goal arrived before or
 * after the exposure. The per-variant totals follow every change.
 */
function sqliteExperimentFacts(s: Statements) {
  type Exposure = { variant: string; exposedAt: number };
  /** Counts an exposure in its variant, converted when a goal under its id converts it. */
  const settle = (projectId: number, experimentId: string, userKey: string, e: Exposure) => {
    const hits = s.hitsFrom.all(projectId, experimentId, userKey, e.exposedAt) as Array<{ at: number; windowMs: number }>;
    const hit = hits.find((h) => converts(e.exposedAt, h.at, h.windowMs));
    if (hit) s.convert.run(projectId, experimentId, userKey, hit.at);
    s.count.run(projectId, experimentId, e.variant, 1, hit ? 1 : 0);
  };
  /** Takes an exposure and its conversion out of the totals. */
  const unsettle = (projectId: number, experimentId: string, userKey: string, e: Exposure) => {
    const converted = s.unconvert.run(projectId, experimentId, userKey).changes;
    s.count.run(projectId, experimentId, e.variant, -1, -converted);
  };
  return {
    expose(projectId: number, experimentId: string, userKey: string, variant: string, at: number) {
      const known = s.exposure.get(projectId, experimentId, userKey) as Exposure | undefined;
      if (known && known.exposedAt <= at) return;
      if (known) unsettle(projectId, experimentId, userKey, known);
      s.expose.run(projectId, experimentId, userKey, variant, at);
      settle(projectId, experimentId, userKey, { variant, exposedAt: at });
    },
    goal(projectId: number, experimentId: string, ids: readonly [string | null, string | null], at: number, windowMs: number) {
      for (const id of ids) {
        if (id === null || !s.goalHit.run(projectId, experimentId, id, at, windowMs).changes) continue;
        const e = s.exposure.get(projectId, experimentId, id) as Exposure | undefined;
        if (!e || !converts(e.exposedAt, at, windowMs)) continue;
        const before = s.conversion.get(projectId, experimentId, id) as number | undefined;
        s.convert.run(projectId, experimentId, id, at);
        if (before === undefined) s.count.run(projectId, experimentId, e.variant, 0, 1);
      }
    },
  };
}
