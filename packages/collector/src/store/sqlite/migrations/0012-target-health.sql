-- Target health: per flow step and UTC day, how often it was shown (Flow Step Viewed) and how
-- often its target never appeared (Flow Target Missing); per page, the misses with their first
-- and last time. Counted at ingest from now on, and here from the events already stored. The
-- page is the URL without its query and fragment, clipped to 500 characters (as pageOf in
-- facts/event-facts.ts says, written out: a migration keeps the meaning it had when released).
CREATE TABLE step_days (
     project_id INTEGER NOT NULL,
     flow_id TEXT NOT NULL,
     step_id TEXT NOT NULL,
     day INTEGER NOT NULL,
     viewed INTEGER NOT NULL DEFAULT 0,
     missing INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (project_id, flow_id, step_id, day)
   ) WITHOUT ROWID;
   CREATE INDEX step_days_by_day ON step_days (project_id, day);
   CREATE TABLE target_misses (
     project_id INTEGER NOT NULL,
     flow_id TEXT NOT NULL,
     step_id TEXT NOT NULL,
     day INTEGER NOT NULL,
     url TEXT NOT NULL,
     count INTEGER NOT NULL,
     first_at INTEGER NOT NULL,
     last_at INTEGER NOT NULL,
     PRIMARY KEY (project_id, flow_id, step_id, day, url)
   ) WITHOUT ROWID;
   INSERT INTO step_days (project_id, flow_id, step_id, day, viewed, missing)
     SELECT project_id, json_extract(payload, '$.properties.flow_id'), json_extract(payload, '$.properties.step_id'), timestamp / 86400000,
            SUM(event = 'Flow Step Viewed'), SUM(event = 'Flow Target Missing')
     FROM events
     WHERE project_id IN (SELECT id FROM projects) AND event IN ('Flow Step Viewed', 'Flow Target Missing')
       AND json_type(payload, '$.properties.flow_id') = 'text' AND json_type(payload, '$.properties.step_id') = 'text'
     GROUP BY 1, 2, 3, 4;
   WITH misses AS (
     SELECT project_id, json_extract(payload, '$.properties.flow_id') AS flow_id, json_extract(payload, '$.properties.step_id') AS step_id, timestamp,
            CASE WHEN json_type(payload, '$.properties.url') = 'text' THEN json_extract(payload, '$.properties.url') ELSE '' END AS u
     FROM events
     WHERE project_id IN (SELECT id FROM projects) AND event = 'Flow Target Missing'
       AND json_type(payload, '$.properties.flow_id') = 'text' AND json_type(payload, '$.properties.step_id') = 'text'
   ), pages AS (
     SELECT project_id, flow_id, step_id, timestamp,
            substr(CASE
              WHEN instr(u, '?') > 0 AND (instr(u, '#') = 0 OR instr(u, '?') < instr(u, '#')) THEN substr(u, 1, instr(u, '?') - 1)
              WHEN instr(u, '#') > 0 THEN substr(u, 1, instr(u, '#') - 1)
              ELSE u END, 1, 500) AS url
     FROM misses
   )
   INSERT INTO target_misses (project_id, flow_id, step_id, day, url, count, first_at, last_at)
     SELECT project_id, flow_id, step_id, timestamp / 86400000, url, COUNT(*), MIN(timestamp), MAX(timestamp) FROM pages GROUP BY 1, 2, 3, 4, 5;
