-- Issue 19 (journeys), as SQLite's 0022: who asked for no more journey email, per project and
-- user key, and the installation's secrets (the one that signs unsubscribe links).
CREATE TABLE unsubscribes (
  project_id integer NOT NULL,
  user_key text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (project_id, user_key)
);
CREATE TABLE installation_secrets (
  name text PRIMARY KEY,
  secret text NOT NULL
);
