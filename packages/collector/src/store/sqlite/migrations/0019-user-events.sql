-- Each user's tracked events per name and UTC day (factsOf's `event`): the holdout report
-- counts its goal events per active user from here instead of scanning events. Filled from the
-- events already stored by the rule ingest follows (every tracked event with a name, under the
-- user id, else the anonymous id), written out: a migration keeps the meaning it had when it
-- was released. A preview tab's events count for nothing.
CREATE TABLE user_events (
  project_id INTEGER NOT NULL,
  event TEXT NOT NULL,
  day INTEGER NOT NULL,
  user_key TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (project_id, event, day, user_key)
) WITHOUT ROWID;
CREATE INDEX user_events_by_user ON user_events (project_id, user_key);
INSERT INTO user_events (project_id, event, day, user_key, count)
  SELECT project_id, event, timestamp / 86400000 AS day, COALESCE(user_id, anonymous_id) AS user_key, COUNT(*) FROM events
  WHERE project_id IN (SELECT id FROM projects) AND type = 'track' AND event IS NOT NULL
    AND COALESCE(user_id, anonymous_id) IS NOT NULL AND json_type(payload, '$.context.preview') IS NOT 'true'
  GROUP BY project_id, event, day, user_key;
