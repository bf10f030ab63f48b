-- Issue 17 (teams), as SQLite's 0015: key rotation's previous keys with their grace period,
-- staging projects pointing at their production, the issuer of each tool token, the audit log.
ALTER TABLE projects ADD COLUMN previous_write_key text;
ALTER TABLE projects ADD COLUMN previous_write_key_until bigint;
ALTER TABLE projects ADD COLUMN previous_secret_key text;
ALTER TABLE projects ADD COLUMN previous_secret_key_until bigint;
CREATE INDEX projects_previous_write_key ON projects (previous_write_key) WHERE previous_write_key IS NOT NULL;
CREATE INDEX projects_previous_secret_key ON projects (previous_secret_key) WHERE previous_secret_key IS NOT NULL;
ALTER TABLE projects ADD COLUMN production_id integer REFERENCES projects(id);
CREATE UNIQUE INDEX projects_staging ON projects (production_id) WHERE production_id IS NOT NULL;
ALTER TABLE access_tokens ADD COLUMN actor text NOT NULL DEFAULT 'secret-key';
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id integer NOT NULL REFERENCES projects(id),
  at bigint NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  details text NOT NULL
);
CREATE INDEX audit_log_by_project ON audit_log (project_id, at, id);
