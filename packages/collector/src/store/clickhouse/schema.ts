import { backfillTraits } from './backfill-traits.js';
import type { ClickHouseSql } from './connection.js';

/** A migration step that SQL alone cannot do on every release we support: run by the collector (idempotent like the statements). */
export type MigrationStep = (db: ClickHouseSql) => Promise<void>;

/**
 * The ClickHouse schema, as versioned migrations (append only: a released migration never
 * changes). Every statement is idempotent (`IF NOT EXISTS`), so two collectors migrating at
 * once, or a migration cut short and run again, end with the same schema.
 *
 * Engines, and why (see docs/architecture.md, "ClickHouse"):
 * - `events`: ReplacingMergeTree by (project, user key, messageId): a message stored twice (two
 *   collectors racing on one retry) collapses on merge; reads never rely on merges, they count
 *   distinct messageIds. Partitioned by 30-day spans of time so time-range reads skip the rest.
 * - `event_ids`: the messageIds by (project, messageId) with small granules, fed by a
 *   materialized view: the writer's "already stored?" check reads a few granules.
 * - Distinct-user rollups (`user_days`, `account_users`, `account_daily`, `daily_events`) keep
 *   one row per user (and day), so deleting a user is a mutation on `user_key`. `user_days`
 *   keeps day bitmaps per 32-day block (`groupBitOr`), read with `FINAL`, and counts distinct
 *   users by a 64-bit hash of the key (8 bytes read and hashed a row, not a string).
 * - `user_events` (a user's events per name and day, the holdout report) keeps `uniqExact`
 *   states of message hashes by (project, event, day, user): a read of one event over a range
 *   merges a few states per user; erasing a user is a mutation on `user_key`.
 * - Counts are never sums: a message written twice (a retry, a racing collector, a crash
 *   between two inserts) counts once. The big ones (`daily_events`, `account_daily`) keep a row
 *   per message hash (ReplacingMergeTree partitioned by day): a day merged into one part is
 *   counted with `count()`, a day of several parts with `FINAL` (once-by-day.ts); the small
 *   ones (`step_days`, `target_misses`) keep `uniqExact` states.
 * - First exposures: AggregatingMergeTree with `argMin`/`min` states: the earliest exposure
 *   whatever the order messages arrive in. Goals are kept as rows; conversions are computed
 *   when the report is read, so a goal that arrives before its exposure still counts.
 * - `*_in` tables are `Null` engines: the writer inserts plain rows there and materialized
 *   views turn them into aggregate states (18.16 cannot take states from a client otherwise). A view's aggregate never takes the
 *   name of one of its source's columns (18.16 reads that as an aggregate of an aggregate).
 */
export const MIGRATIONS: ReadonlyArray<ReadonlyArray<string | MigrationStep>> = [
  [
    `CREATE TABLE IF NOT EXISTS events (
       project_id UInt32, message_id String, type String, event Nullable(String),
       user_id Nullable(String), anonymous_id Nullable(String), group_id Nullable(String), user_key String,
       timestamp Int64, received_at Int64, seq UInt32, payload String,
       content_id Nullable(String), history UInt8, feature_id Nullable(String), survey_id Nullable(String),
       score String, text Nullable(String), click_path Nullable(String)
     ) ENGINE = ReplacingMergeTree() PARTITION BY intDiv(timestamp, 2592000000) ORDER BY (project_id, user_key, message_id)`,
    `CREATE TABLE IF NOT EXISTS event_ids (
       project_id UInt32, message_id String, user_id Nullable(String), anonymous_id Nullable(String)
     ) ENGINE = ReplacingMergeTree() ORDER BY (project_id, message_id) SETTINGS index_granularity = 256`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS event_ids_mv TO event_ids AS
       SELECT project_id, message_id, user_id, anonymous_id FROM events`,
    // Who an anonymous id turned out to be: the first stored event carrying both ids.
    `CREATE TABLE IF NOT EXISTS anonymous_users (
       project_id UInt32, anonymous String, user String, first AggregateFunction(min, Int64)
     ) ENGINE = AggregatingMergeTree() ORDER BY (project_id, anonymous, user)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS anonymous_users_mv TO anonymous_users AS
       SELECT project_id, assumeNotNull(anonymous_id) AS anonymous, assumeNotNull(user_id) AS user, minState(received_at) AS first
       FROM events WHERE isNotNull(user_id) AND isNotNull(anonymous_id) GROUP BY project_id, anonymous, user`,
    // Distinct users as day bitmaps, as SQLite keeps them: one row per user and 32-day block
    // whose bit d is set when the user counted on day block * 32 + d. A 30-day report reads at
    // most two rows a user instead of thirty. `user_hash` ends the sorting key though it follows
    // from `user_key`: current releases refuse a column of an AggregatingMergeTree that is
    // neither in the key nor an aggregate (18.16 has no SimpleAggregateFunction, and no
    // `allow_dimensions_outside_sorting_key`); at the key's end it changes no order or merge.
    `CREATE TABLE IF NOT EXISTS user_days_in (project_id UInt32, kind String, key String, day Int32, tier String, user_key String) ENGINE = Null`,
    `CREATE TABLE IF NOT EXISTS user_days (
       project_id UInt32, kind String, key String, block Int32, tier String, user_key String, user_hash UInt64,
       bits AggregateFunction(groupBitOr, UInt32)
     ) ENGINE = AggregatingMergeTree() ORDER BY (project_id, kind, key, block, tier, user_key, user_hash)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS user_days_mv TO user_days AS
       SELECT project_id, kind, key, intDiv(day, 32) AS block, tier, user_key, sipHash64(user_key) AS user_hash,
              groupBitOrState(toUInt32(bitShiftLeft(toUInt32(1), day % 32))) AS bits
       FROM user_days_in GROUP BY project_id, kind, key, block, tier, user_key`,
    `CREATE TABLE IF NOT EXISTS exposures_in (
       project_id UInt32, experiment_id String, user_key String, variant_id String, at Int64, message_id String
     ) ENGINE = Null`,
    `CREATE TABLE IF NOT EXISTS exposures (
       project_id UInt32, experiment_id String, user_key String,
       variant AggregateFunction(argMin, String, Tuple(Int64, String)), exposed_at AggregateFunction(min, Int64)
     ) ENGINE = AggregatingMergeTree() ORDER BY (project_id, experiment_id, user_key)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS exposures_mv TO exposures AS
       SELECT project_id, experiment_id, user_key, argMinState(variant_id, tuple(at, message_id)) AS variant, minState(at) AS exposed_at
       FROM exposures_in GROUP BY project_id, experiment_id, user_key`,
    // Every variant ever exposed: the report lists it even once its users are all erased.
    `CREATE TABLE IF NOT EXISTS experiment_variants (project_id UInt32, experiment_id String, variant String)
     ENGINE = ReplacingMergeTree() ORDER BY (project_id, experiment_id, variant)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS experiment_variants_mv TO experiment_variants AS
       SELECT project_id, experiment_id, variant_id AS variant FROM exposures_in`,
    // A goal event with both of its user's ids (the exposure it converts may be under either).
    `CREATE TABLE IF NOT EXISTS goals (
       project_id UInt32, experiment_id String, message_id String, user_id String, anonymous_id String, at Int64, window_ms Int64
     ) ENGINE = ReplacingMergeTree() ORDER BY (project_id, experiment_id, message_id)`,
    `CREATE TABLE IF NOT EXISTS account_calls (
       project_id UInt32, account_id String, at Int64, message_id String, tier Nullable(String), traits String
     ) ENGINE = ReplacingMergeTree() ORDER BY (project_id, account_id, at, message_id)`,
    `CREATE TABLE IF NOT EXISTS account_users_in (
       project_id UInt32, account_id String, user_key String, is_identified UInt8, at Int64
     ) ENGINE = Null`,
    `CREATE TABLE IF NOT EXISTS account_users (
       project_id UInt32, account_id String, user_key String,
       identified AggregateFunction(max, UInt8), first_seen AggregateFunction(min, Int64), last_seen AggregateFunction(max, Int64)
     ) ENGINE = AggregatingMergeTree() ORDER BY (project_id, account_id, user_key)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS account_users_mv TO account_users AS
       SELECT project_id, account_id, user_key, maxState(is_identified) AS identified, minState(at) AS first_seen, maxState(at) AS last_seen
       FROM account_users_in GROUP BY project_id, account_id, user_key`,
    `CREATE TABLE IF NOT EXISTS account_daily_in (
       project_id UInt32, account_id String, day Int32, key String, user_key String, message_id String
     ) ENGINE = Null`,
    // Counts as one row per message (a 64-bit hash of its id), partitioned by day: a day merged
    // into one part is counted as it is, a day of several parts with FINAL (once-by-day.ts).
    `CREATE TABLE IF NOT EXISTS account_daily (
       project_id UInt32, day Int32, account_id String, key String, message_hash UInt64, user_key String
     ) ENGINE = ReplacingMergeTree() PARTITION BY day ORDER BY (project_id, day, account_id, key, message_hash)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS account_daily_mv TO account_daily AS
       SELECT project_id, day, account_id, key, sipHash64(message_id) AS message_hash, user_key FROM account_daily_in`,
    `CREATE TABLE IF NOT EXISTS daily_events_in (project_id UInt32, day Int32, user_key String, message_id String) ENGINE = Null`,
    `CREATE TABLE IF NOT EXISTS daily_events (project_id UInt32, day Int32, message_hash UInt64, user_key String)
     ENGINE = ReplacingMergeTree() PARTITION BY day ORDER BY (project_id, day, message_hash)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS daily_events_mv TO daily_events AS
       SELECT project_id, day, sipHash64(message_id) AS message_hash, user_key FROM daily_events_in`,
    // The counts of a day merged into one part, under that part's name (a part never changes):
    // computed once from the part's rows, then read instead of them (once-by-day.ts).
    `CREATE TABLE IF NOT EXISTS day_counts (
       project_id UInt32, source String, day Int32, part String, marker UInt8, account_id String, key String, count UInt64
     ) ENGINE = ReplacingMergeTree() ORDER BY (project_id, source, day, part, marker, account_id, key)`,
    `CREATE TABLE IF NOT EXISTS step_days_in (
       project_id UInt32, flow_id String, step_id String, day Int32, missing UInt8, url String, at Int64, message_id String
     ) ENGINE = Null`,
    `CREATE TABLE IF NOT EXISTS step_days (
       project_id UInt32, day Int32, flow_id String, step_id String, missing UInt8, messages AggregateFunction(uniqExact, UInt64)
     ) ENGINE = AggregatingMergeTree() ORDER BY (project_id, day, flow_id, step_id, missing)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS step_days_mv TO step_days AS
       SELECT project_id, day, flow_id, step_id, missing, uniqExactState(sipHash64(message_id)) AS messages
       FROM step_days_in GROUP BY project_id, day, flow_id, step_id, missing`,
    `CREATE TABLE IF NOT EXISTS target_misses (
       project_id UInt32, day Int32, flow_id String, step_id String, url String,
       messages AggregateFunction(uniqExact, UInt64), first_at AggregateFunction(min, Int64), last_at AggregateFunction(max, Int64)
     ) ENGINE = AggregatingMergeTree() ORDER BY (project_id, day, flow_id, step_id, url)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS target_misses_mv TO target_misses AS
       SELECT project_id, day, flow_id, step_id, url, uniqExactState(sipHash64(message_id)) AS messages, minState(at) AS first_at, maxState(at) AS last_at
       FROM step_days_in WHERE missing = 1 GROUP BY project_id, day, flow_id, step_id, url`,
    // What senders report losing: added per request, as the SQLite store does.
    `CREATE TABLE IF NOT EXISTS client_drops (project_id UInt32, reason String, count UInt64)
     ENGINE = SummingMergeTree() ORDER BY (project_id, reason)`,
  ],
  [
    // Survey answers as facts (factsOf's `survey`): the survey report reads these, not raw
    // events. One row per message; reads count distinct message ids, so a row written twice
    // (or the backfill below run twice) counts once.
    `CREATE TABLE IF NOT EXISTS survey_answers (
       project_id UInt32, survey_id String, message_id String, user_key String, at Int64, score String, text Nullable(String)
     ) ENGINE = ReplacingMergeTree() ORDER BY (project_id, survey_id, message_id)`,
    // The answers stored before. A preview tab's message carries "preview":true in its context
    // (the payload is the message's JSON); such answers never counted.
    `INSERT INTO survey_answers
     SELECT project_id, assumeNotNull(survey_id), message_id, user_key, timestamp, score, text FROM events
     WHERE event = 'Survey Answered' AND isNotNull(survey_id) AND position(payload, '"preview":true') = 0`,
  ],
  [
    // Content reach (kind 'content', key event \0 content id) from the events stored before:
    // `content_id` and `history` are lifecycleOf's, kept per event at ingest. The tier is left
    // empty (the reach is not read by tier); user_days folds a row written twice.
    `INSERT INTO user_days_in
     SELECT project_id, 'content', concat(assumeNotNull(event), '\\0', assumeNotNull(content_id)), toInt32(intDiv(timestamp, 86400000)), '', user_key FROM events
     WHERE type = 'track' AND history = 1 AND isNotNull(content_id) AND user_key != '' AND position(payload, '"preview":true') = 0`,
  ],
  [
    // Each user's tracked events per name and day (factsOf's `event`): the holdout report
    // counts its goal events per active user from here, not from events. A `uniqExact` state
    // of the messages' hashes, so a message written twice (a retry after a cut, two collectors
    // racing, the backfill below run again) counts once. Erased with the user (`user_key`).
    `CREATE TABLE IF NOT EXISTS user_events_in (project_id UInt32, event String, day Int32, user_key String, message_id String) ENGINE = Null`,
    `CREATE TABLE IF NOT EXISTS user_events (
       project_id UInt32, event String, day Int32, user_key String, messages AggregateFunction(uniqExact, UInt64)
     ) ENGINE = AggregatingMergeTree() ORDER BY (project_id, event, day, user_key)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS user_events_mv TO user_events AS
       SELECT project_id, event, day, user_key, uniqExactState(sipHash64(message_id)) AS messages
       FROM user_events_in GROUP BY project_id, event, day, user_key`,
    // The events stored before: every tracked event with a name, not a preview tab's. (The
    // events per day, `daily_events`, have been facts from the first migration on: a preview
    // tab's never counted there, and nothing stored needs fixing.)
    `INSERT INTO user_events_in
     SELECT project_id, assumeNotNull(event), toInt32(intDiv(timestamp, 86400000)), user_key, message_id FROM events
     WHERE type = 'track' AND isNotNull(event) AND user_key != '' AND position(payload, '"preview":true') = 0`,
  ],
  [
    // Journeys' per-user facts (factsOf: people, as SQLite's migration 0021 keeps them): first
    // and last seen, the account of the latest event carrying one (argMax over (has one, time)),
    // the user id, and `changed`, the writer's clock when the person last got a fact (runs read
    // the people changed since their cursor). Erased with the user (`user_key`).
    `CREATE TABLE IF NOT EXISTS people_in (project_id UInt32, user_key String, user_id String, account_id String, at Int64, changed Int64) ENGINE = Null`,
    `CREATE TABLE IF NOT EXISTS people (
       project_id UInt32, user_key String,
       user_id AggregateFunction(max, String), account AggregateFunction(argMax, String, Tuple(UInt8, Int64)),
       first_seen AggregateFunction(min, Int64), last_seen AggregateFunction(max, Int64), changed AggregateFunction(max, Int64)
     ) ENGINE = AggregatingMergeTree() ORDER BY (project_id, user_key)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS people_mv TO people AS
       SELECT project_id, user_key, maxState(user_id) AS user_id, argMaxState(account_id, tuple(toUInt8(account_id != ''), at)) AS account,
              minState(at) AS first_seen, maxState(at) AS last_seen, maxState(changed) AS changed
       FROM people_in GROUP BY project_id, user_key`,
    // Identify calls' traits, one row per trait: the value of the latest call that set each key
    // (argMax by time on read), which is SQLite's merge whatever order the calls arrive in.
    `CREATE TABLE IF NOT EXISTS person_traits (project_id UInt32, user_key String, key String, value String, at Int64)
     ENGINE = ReplacingMergeTree(at) ORDER BY (project_id, user_key, key)`,
    // The people of the events stored before (their traits are not backfilled: 18.16 has no
    // JSON functions to take the identify calls' traits apart; they come with the next identify).
    `INSERT INTO people_in
     SELECT project_id, user_key, ifNull(user_id, ''), ifNull(group_id, ''), timestamp, 0 FROM events
     WHERE user_key != '' AND position(payload, '"preview":true') = 0`,
  ],
  [
    // The traits of the identify calls stored before migration 5 (it left them out): taken
    // apart in the collector, since 18.16 cannot list a JSON object's keys (backfill-traits.ts).
    backfillTraits,
  ],
];

/** The tables that hold a user's rows under `user_key`: what `deleteUser` erases (with `events`, `event_ids`, `anonymous_users` and `goals`). */
export const USER_TABLES = [
  'user_days',
  'user_events',
  'exposures',
  'account_users',
  'account_daily',
  'daily_events',
  'survey_answers',
  'people',
  'person_traits',
] as const;
