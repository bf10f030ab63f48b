-- Experiment goals as they arrive, under each id of the user who did them (user id and anonymous
-- id): an exposure that arrives after its goal (out of order, another request, a retry) still
-- finds it, so conversions do not depend on arrival order. First exposures keep the earliest by
-- time from now on (they kept the first to arrive).
CREATE TABLE goal_hits (
     project_id INTEGER NOT NULL,
     experiment_id TEXT NOT NULL,
     user_key TEXT NOT NULL,
     at INTEGER NOT NULL,
     window_ms INTEGER NOT NULL,
     PRIMARY KEY (project_id, experiment_id, user_key, at)
   ) WITHOUT ROWID;
