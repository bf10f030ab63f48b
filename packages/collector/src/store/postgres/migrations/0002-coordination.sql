-- What instances sharing one installation coordinate through (see coordination/postgres.ts).
-- Scheduled tasks: the last period each ran for (the health recompute runs once a period).
CREATE TABLE scheduled_runs (
  name text PRIMARY KEY,
  period bigint NOT NULL,
  finished_at bigint NOT NULL
);
-- Request counters of the rate limits and quotas: UNLOGGED (not written to the WAL, emptied
-- after a crash), as counters a minute long are worth nothing after one.
CREATE UNLOGGED TABLE rate_counters (
  key text PRIMARY KEY,
  count integer NOT NULL,
  bytes bigint NOT NULL DEFAULT 0,
  reset_at bigint NOT NULL
);
CREATE INDEX rate_counters_reset ON rate_counters (reset_at);
