-- Background jobs (retroactive click features after a publish): claimed by one instance at a
-- time with a lease in `run_at` (renewed while it runs), so a job whose instance died is run
-- again by another once its lease runs out.
CREATE TABLE jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  project_id integer NOT NULL,
  payload text NOT NULL,
  run_at bigint NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  done_at bigint,
  last_error text,
  created_at bigint NOT NULL
);
CREATE INDEX jobs_due ON jobs (kind, run_at) WHERE done_at IS NULL;
