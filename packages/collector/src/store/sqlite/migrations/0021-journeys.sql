-- Journeys (issue 19). Event side: `people`, the per-user facts journeys evaluate (factsOf's
-- user key; traits merged from identify calls, the account of the latest event carrying one,
-- first and last seen; preview tabs' events left out), with `changed`, a per-project sequence
-- bumped by every write, so a run reads only the people whose facts changed since its last.
-- Metadata side: what each journey remembers per user (only rows worth keeping: a user who
-- matches, or entered), its entries with their outcome and conversion, and each journey's
-- last run (its cursor into `changed`, its last full pass, and the audience it evaluated:
-- another audience is a full pass).
CREATE TABLE people (
  project_id INTEGER NOT NULL,
  user_key TEXT NOT NULL,
  user_id TEXT,
  traits TEXT NOT NULL DEFAULT '{}',
  traits_at INTEGER,
  account_id TEXT,
  account_at INTEGER,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  changed INTEGER NOT NULL,
  PRIMARY KEY (project_id, user_key)
) WITHOUT ROWID;
CREATE INDEX people_by_change ON people (project_id, changed);
CREATE INDEX people_by_last_seen ON people (project_id, last_seen, user_key);

CREATE TABLE journey_memory (
  project_id INTEGER NOT NULL,
  journey_id TEXT NOT NULL,
  user_key TEXT NOT NULL,
  matching INTEGER NOT NULL,
  entries INTEGER NOT NULL DEFAULT 0,
  last_entry INTEGER,
  converted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, journey_id, user_key)
) WITHOUT ROWID;

CREATE TABLE journey_entries (
  project_id INTEGER NOT NULL,
  id TEXT NOT NULL,
  journey_id TEXT NOT NULL,
  user_key TEXT NOT NULL,
  entered_at INTEGER NOT NULL,
  holdout INTEGER NOT NULL,
  action TEXT NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT,
  converted_at INTEGER,
  PRIMARY KEY (project_id, id)
);
CREATE INDEX journey_entries_by_journey ON journey_entries (project_id, journey_id, entered_at);
CREATE INDEX journey_entries_by_user ON journey_entries (project_id, user_key, entered_at);

CREATE TABLE journey_runs (
  project_id INTEGER NOT NULL,
  journey_id TEXT NOT NULL,
  ran_at INTEGER NOT NULL,
  cursor INTEGER NOT NULL,
  full_at INTEGER NOT NULL,
  audience TEXT NOT NULL,
  PRIMARY KEY (project_id, journey_id)
) WITHOUT ROWID;

-- The people of the events already stored, by the rule ingest follows, written out (a
-- migration keeps the meaning it had when it was released): first and last seen over every
-- event that names someone, the account of the latest event carrying one, and the traits of
-- their identify calls merged in time order. The merge here is json_patch's: the same as
-- ingest's for flat traits (a null, which targeting reads as missing, removes the key; nested
-- objects are merged, where ingest replaces them).
INSERT INTO people (project_id, user_key, user_id, first_seen, last_seen, changed)
  SELECT project_id, user_key, MAX(user_id), MIN(timestamp), MAX(timestamp), 0
  FROM (
    SELECT project_id, COALESCE(user_id, anonymous_id) AS user_key, user_id, timestamp FROM events
    WHERE project_id IN (SELECT id FROM projects) AND COALESCE(user_id, anonymous_id) IS NOT NULL
      AND json_type(payload, '$.context.preview') IS NOT 'true'
  )
  GROUP BY project_id, user_key;

UPDATE people SET account_id = a.group_id, account_at = a.timestamp
  FROM (
    SELECT project_id, user_key, group_id, timestamp FROM (
      SELECT project_id, COALESCE(user_id, anonymous_id) AS user_key, group_id, timestamp,
             ROW_NUMBER() OVER (PARTITION BY project_id, COALESCE(user_id, anonymous_id) ORDER BY timestamp DESC, id DESC) AS n
      FROM events
      WHERE group_id IS NOT NULL AND COALESCE(user_id, anonymous_id) IS NOT NULL AND json_type(payload, '$.context.preview') IS NOT 'true'
    ) WHERE n = 1
  ) AS a
  WHERE people.project_id = a.project_id AND people.user_key = a.user_key;

CREATE TEMP TABLE identify_traits AS
  SELECT project_id, COALESCE(user_id, anonymous_id) AS user_key, json_extract(payload, '$.traits') AS traits, timestamp,
         ROW_NUMBER() OVER (PARTITION BY project_id, COALESCE(user_id, anonymous_id) ORDER BY timestamp, id) AS n
  FROM events
  WHERE type = 'identify' AND json_type(payload, '$.traits') = 'object' AND COALESCE(user_id, anonymous_id) IS NOT NULL
    AND json_type(payload, '$.context.preview') IS NOT 'true';
CREATE INDEX temp.identify_traits_by_user ON identify_traits (project_id, user_key, n);
WITH RECURSIVE merged (project_id, user_key, n, traits, at) AS (
  SELECT project_id, user_key, 1, json_patch('{}', traits), timestamp FROM identify_traits WHERE n = 1
  UNION ALL
  SELECT i.project_id, i.user_key, i.n, json_patch(m.traits, i.traits), i.timestamp
  FROM merged m JOIN identify_traits i ON i.project_id = m.project_id AND i.user_key = m.user_key AND i.n = m.n + 1
)
UPDATE people SET traits = m.traits, traits_at = m.at
  FROM (SELECT project_id, user_key, traits, at, ROW_NUMBER() OVER (PARTITION BY project_id, user_key ORDER BY n DESC) AS last FROM merged) AS m
  WHERE m.last = 1 AND people.project_id = m.project_id AND people.user_key = m.user_key;
DROP TABLE temp.identify_traits;
