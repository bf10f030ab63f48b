-- The events counted per UTC day (the overview's daily activity), kept at ingest instead of
-- counted from events on every read. Filled from the events already stored by the rule ingest
-- follows: every event that names someone, but not a preview tab's (those counted before, and
-- no other report counted them).
CREATE TABLE daily_events (
  project_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  events INTEGER NOT NULL,
  PRIMARY KEY (project_id, day)
) WITHOUT ROWID;
INSERT INTO daily_events (project_id, day, events)
  SELECT project_id, timestamp / 86400000 AS day, COUNT(*) FROM events
  WHERE project_id IN (SELECT id FROM projects)
    AND COALESCE(user_id, anonymous_id) IS NOT NULL AND json_type(payload, '$.context.preview') IS NOT 'true'
  GROUP BY project_id, day;
