-- The tier a health score was computed with, kept with the score as PostgreSQL keeps it. The
-- reads joined the accounts table, which lives with the events: with the events in ClickHouse
-- (`--store clickhouse` and SQLite for the rest) it is empty here and every tier read null.
-- Scores saved before take their account's tier as of now.
ALTER TABLE health_scores ADD COLUMN tier TEXT;
UPDATE health_scores SET tier = (
  SELECT a.tier FROM accounts a WHERE a.project_id = health_scores.project_id AND a.account_id = health_scores.account_id
);
