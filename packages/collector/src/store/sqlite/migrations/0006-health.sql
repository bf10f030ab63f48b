-- Health: per account and day, activity and signal counts (kept at ingest); scores with history; the alert outbox.
CREATE TABLE account_daily (
     project_id INTEGER NOT NULL,
     account_id TEXT NOT NULL,
     day INTEGER NOT NULL,
     key TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (project_id, account_id, day, key)
   ) WITHOUT ROWID;
   CREATE INDEX account_daily_by_day ON account_daily (project_id, day);
   CREATE TABLE health_scores (
     project_id INTEGER NOT NULL,
     account_id TEXT NOT NULL,
     day INTEGER NOT NULL,
     score INTEGER NOT NULL,
     previous_score INTEGER,
     reasons TEXT NOT NULL,
     PRIMARY KEY (project_id, account_id, day)
   ) WITHOUT ROWID;
   CREATE TABLE alert_outbox (
     id TEXT PRIMARY KEY,
     project_id INTEGER NOT NULL,
     url TEXT NOT NULL,
     body TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_at INTEGER NOT NULL,
     sent_at INTEGER,
     last_error TEXT,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX alert_outbox_due ON alert_outbox (next_at) WHERE sent_at IS NULL;
