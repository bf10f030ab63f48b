-- Daily distinct users per kind and key, kept at ingest: reports count distinct users over
-- a day range from here instead of scanning events. The account tier at the time rides along.
CREATE TABLE daily_users (
     project_id INTEGER NOT NULL,
     kind TEXT NOT NULL,
     key TEXT NOT NULL,
     day INTEGER NOT NULL,
     user_key TEXT NOT NULL,
     tier TEXT,
     PRIMARY KEY (project_id, kind, key, day, user_key)
   ) WITHOUT ROWID;
   CREATE INDEX daily_users_by_user ON daily_users (project_id, user_key);
   CREATE TABLE accounts (
     project_id INTEGER NOT NULL,
     account_id TEXT NOT NULL,
     tier TEXT,
     traits TEXT NOT NULL DEFAULT '{}',
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (project_id, account_id)
   ) WITHOUT ROWID;
