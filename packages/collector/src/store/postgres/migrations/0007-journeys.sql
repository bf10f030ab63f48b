-- Journeys' state (issue 19), beside the outbox its jobs go to: what each journey remembers per
-- user (only rows worth keeping), its entries with their outcome and conversion, and each
-- journey's last run (its cursor into the people's changes, its last full pass, the audience it
-- evaluated). As SQLite's migration 0021.
CREATE TABLE journey_memory (
  project_id integer NOT NULL,
  journey_id text NOT NULL,
  user_key text NOT NULL,
  matching boolean NOT NULL,
  entries integer NOT NULL DEFAULT 0,
  last_entry bigint,
  converted boolean NOT NULL DEFAULT false,
  PRIMARY KEY (project_id, journey_id, user_key)
);

CREATE TABLE journey_entries (
  project_id integer NOT NULL,
  id text NOT NULL,
  journey_id text NOT NULL,
  user_key text NOT NULL,
  entered_at bigint NOT NULL,
  holdout boolean NOT NULL,
  action text NOT NULL,
  outcome text NOT NULL,
  reason text,
  converted_at bigint,
  PRIMARY KEY (project_id, id)
);
CREATE INDEX journey_entries_by_journey ON journey_entries (project_id, journey_id, entered_at);
CREATE INDEX journey_entries_by_user ON journey_entries (project_id, user_key, entered_at);

CREATE TABLE journey_runs (
  project_id integer NOT NULL,
  journey_id text NOT NULL,
  ran_at bigint NOT NULL,
  cursor bigint NOT NULL,
  full_at bigint NOT NULL,
  audience text NOT NULL,
  PRIMARY KEY (project_id, journey_id)
);
