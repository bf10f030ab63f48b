-- Per-variant totals, bumped with each new exposure and conversion: the report reads a few rows.
CREATE TABLE experiment_counts (
     project_id INTEGER NOT NULL,
     experiment_id TEXT NOT NULL,
     variant TEXT NOT NULL,
     users INTEGER NOT NULL DEFAULT 0,
     conversions INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (project_id, experiment_id, variant)
   ) WITHOUT ROWID;
