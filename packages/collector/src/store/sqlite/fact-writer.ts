import type Database from 'better-sqlite3';
import { converts, type EventFacts, type UserDayFact } from '../../facts/event-facts.js';

/**
 * Records the facts of events (see facts/event-facts.ts) in SQLite's tables: distinct users
 * as day bitmaps (`user_days`, one row per 32-day block), per-account daily counts, account
 * users and traits, first exposures and conversions with their per-variant totals, steps shown
 * and targets missing (target health). It
 * decides nothing about what counts: that is `factsOf`'s.
 */
export interface FactWriter {
  /** Records one newly stored event's facts (inside the caller's transaction). */
  record(projectId: number, facts: EventFacts): void;
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
    accountDaily: db.prepare(
      `INSERT INTO account_daily (project_id, account_id, day, key, count) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (project_id, account_id, day, key) DO UPDATE SET count = count + 1`,
    ),
    expose: db.prepare('INSERT OR IGNORE INTO exposures (project_id, experiment_id, user_key, variant, exposed_at) VALUES (?, ?, ?, ?, ?)'),
    // The exposure a goal event belongs to: the user's, under either of their ids.
    exposureOf: db.prepare(
      'SELECT user_key AS userKey, variant, exposed_at AS exposedAt FROM exposures WHERE project_id = ? AND experiment_id = ? AND user_key IN (?, ?) ORDER BY exposed_at LIMIT 1',
    ),
    convert: db.prepare('INSERT OR IGNORE INTO conversions (project_id, experiment_id, user_key, converted_at) VALUES (?, ?, ?, ?)'),
    bumpUsers: db.prepare(
      `INSERT INTO experiment_counts (project_id, experiment_id, variant, users) VALUES (?, ?, ?, 1)
       ON CONFLICT (project_id, experiment_id, variant) DO UPDATE SET users = users + 1`,
    ),
    bumpConversions: db.prepare('UPDATE experiment_counts SET conversions = conversions + 1 WHERE project_id = ? AND experiment_id = ? AND variant = ?'),
    stepDay: db.prepare(
      `INSERT INTO step_days (project_id, flow_id, step_id, day, viewed, missing) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET viewed = viewed + excluded.viewed, missing = missing + excluded.missing`,
    ),
    targetMiss: db.prepare(
      `INSERT INTO target_misses (project_id, flow_id, step_id, day, url, count, first_at, last_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)
       ON CONFLICT DO UPDATE SET count = count + 1, first_at = MIN(first_at, excluded.first_at), last_at = MAX(last_at, excluded.last_at)`,
    ),
  };
  // The tier rides along with each user-day row ('' without an account or a known tier).
  const tierOf = (projectId: number, accountId: string | null) => (accountId ? ((s.tierOf.get(projectId, accountId) as string | null | undefined) ?? '') : '');
  const userDays = (projectId: number, userKey: string, tier: string, day: number, facts: readonly UserDayFact[]) => {
    for (const f of facts) s.userDay.run(projectId, f.kind, f.key, day >> 5, userKey, tier, 2 ** (day & 31));
  };

  return {
    record(projectId, f) {
      if (rollups) {
        if (f.account) s.account.run(projectId, f.account.accountId, f.account.tier, JSON.stringify(f.account.traits), f.at);
        userDays(projectId, f.userKey, tierOf(projectId, f.accountId), f.day, f.userDays);
        if (f.accountId) {
          for (const key of f.accountCounts) s.accountDaily.run(projectId, f.accountId, f.day, key);
          s.accountUser.run(projectId, f.accountId, f.userKey, f.identified ? 1 : 0, f.at, f.at);
        }
        if (f.step) {
          const { flowId, stepId, missing, url } = f.step;
          s.stepDay.run(projectId, flowId, stepId, f.day, missing ? 0 : 1, missing ? 1 : 0);
          if (missing) s.targetMiss.run(projectId, flowId, stepId, f.day, url ?? '', f.at, f.at);
        }
      }
      if (f.exposure && s.expose.run(projectId, f.exposure.experimentId, f.userKey, f.exposure.variant, f.at).changes) {
        s.bumpUsers.run(projectId, f.exposure.experimentId, f.exposure.variant);
      }
      for (const goal of f.goals) {
        const exposure = s.exposureOf.get(projectId, goal.experimentId, f.ids[0], f.ids[1]) as
          | { userKey: string; variant: string; exposedAt: number }
          | undefined;
        if (!exposure || !converts(exposure.exposedAt, f.at, goal.windowMs)) continue;
        if (s.convert.run(projectId, goal.experimentId, exposure.userKey, f.at).changes) s.bumpConversions.run(projectId, goal.experimentId, exposure.variant);
      }
    },
    userDays(projectId, userKey, accountId, day, facts) {
      userDays(projectId, userKey, tierOf(projectId, accountId), day, facts);
    },
  };
}
