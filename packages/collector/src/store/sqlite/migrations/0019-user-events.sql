-- Each user's tracked events per name and UTC day (factsOf's `event`): the holdout report
-- counts its goal events per active user from here instead of scanning events. One row per
-- event name, 32-day block and user (the blocks of user_days), its days' counts in d0 … d31
-- (day block * 32 + k in dk): a 30-day read takes at most two rows a user, not thirty.
-- Filled from the events already stored by the rule ingest follows (every tracked event with
-- a name, under the user id, else the anonymous id), written out: a migration keeps the
-- meaning it had when it was released. A preview tab's events count for nothing.
CREATE TABLE user_events (
  project_id INTEGER NOT NULL,
  event TEXT NOT NULL,
  block INTEGER NOT NULL,
  user_key TEXT NOT NULL,
  d0 INTEGER NOT NULL DEFAULT 0, d1 INTEGER NOT NULL DEFAULT 0, d2 INTEGER NOT NULL DEFAULT 0, d3 INTEGER NOT NULL DEFAULT 0,
  d4 INTEGER NOT NULL DEFAULT 0, d5 INTEGER NOT NULL DEFAULT 0, d6 INTEGER NOT NULL DEFAULT 0, d7 INTEGER NOT NULL DEFAULT 0,
  d8 INTEGER NOT NULL DEFAULT 0, d9 INTEGER NOT NULL DEFAULT 0, d10 INTEGER NOT NULL DEFAULT 0, d11 INTEGER NOT NULL DEFAULT 0,
  d12 INTEGER NOT NULL DEFAULT 0, d13 INTEGER NOT NULL DEFAULT 0, d14 INTEGER NOT NULL DEFAULT 0, d15 INTEGER NOT NULL DEFAULT 0,
  d16 INTEGER NOT NULL DEFAULT 0, d17 INTEGER NOT NULL DEFAULT 0, d18 INTEGER NOT NULL DEFAULT 0, d19 INTEGER NOT NULL DEFAULT 0,
  d20 INTEGER NOT NULL DEFAULT 0, d21 INTEGER NOT NULL DEFAULT 0, d22 INTEGER NOT NULL DEFAULT 0, d23 INTEGER NOT NULL DEFAULT 0,
  d24 INTEGER NOT NULL DEFAULT 0, d25 INTEGER NOT NULL DEFAULT 0, d26 INTEGER NOT NULL DEFAULT 0, d27 INTEGER NOT NULL DEFAULT 0,
  d28 INTEGER NOT NULL DEFAULT 0, d29 INTEGER NOT NULL DEFAULT 0, d30 INTEGER NOT NULL DEFAULT 0, d31 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, event, block, user_key)
) WITHOUT ROWID;
CREATE INDEX user_events_by_user ON user_events (project_id, user_key);
INSERT INTO user_events (project_id, event, block, user_key, d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14, d15, d16, d17, d18, d19, d20, d21, d22, d23, d24, d25, d26, d27, d28, d29, d30, d31)
  SELECT project_id, event, day >> 5, user_key,
         SUM(day & 31 = 0), SUM(day & 31 = 1), SUM(day & 31 = 2), SUM(day & 31 = 3), SUM(day & 31 = 4), SUM(day & 31 = 5), SUM(day & 31 = 6), SUM(day & 31 = 7),
         SUM(day & 31 = 8), SUM(day & 31 = 9), SUM(day & 31 = 10), SUM(day & 31 = 11), SUM(day & 31 = 12), SUM(day & 31 = 13), SUM(day & 31 = 14), SUM(day & 31 = 15),
         SUM(day & 31 = 16), SUM(day & 31 = 17), SUM(day & 31 = 18), SUM(day & 31 = 19), SUM(day & 31 = 20), SUM(day & 31 = 21), SUM(day & 31 = 22), SUM(day & 31 = 23),
         SUM(day & 31 = 24), SUM(day & 31 = 25), SUM(day & 31 = 26), SUM(day & 31 = 27), SUM(day & 31 = 28), SUM(day & 31 = 29), SUM(day & 31 = 30), SUM(day & 31 = 31)
  FROM (
    SELECT project_id, event, timestamp / 86400000 AS day, COALESCE(user_id, anonymous_id) AS user_key FROM events
    WHERE project_id IN (SELECT id FROM projects) AND type = 'track' AND event IS NOT NULL
      AND COALESCE(user_id, anonymous_id) IS NOT NULL AND json_type(payload, '$.context.preview') IS NOT 'true'
  )
  GROUP BY project_id, event, day >> 5, user_key;
