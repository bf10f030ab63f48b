-- Issue 19 (journeys): who asked for no more journey email, per project and user key, and the
-- installation's secrets (the one that signs unsubscribe links, made on first use).
CREATE TABLE unsubscribes (
  project_id INTEGER NOT NULL,
  user_key TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (project_id, user_key)
) WITHOUT ROWID;
CREATE TABLE installation_secrets (
  name TEXT PRIMARY KEY,
  secret TEXT NOT NULL
);
