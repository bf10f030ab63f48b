-- Experiments: first exposure per user, and conversions, kept at ingest so reports never scan events.
CREATE TABLE exposures (
     project_id INTEGER NOT NULL,
     experiment_id TEXT NOT NULL,
     user_key TEXT NOT NULL,
     variant TEXT NOT NULL,
     exposed_at INTEGER NOT NULL,
     PRIMARY KEY (project_id, experiment_id, user_key)
   ) WITHOUT ROWID;
   CREATE TABLE conversions (
     project_id INTEGER NOT NULL,
     experiment_id TEXT NOT NULL,
     user_key TEXT NOT NULL,
     converted_at INTEGER NOT NULL,
     PRIMARY KEY (project_id, experiment_id, user_key)
   ) WITHOUT ROWID;
