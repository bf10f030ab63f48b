-- Issue 17 (teams). Key rotation: the key a rotation replaced keeps working until its time
-- (ms; the grace period), one previous key of each kind.
ALTER TABLE projects ADD COLUMN previous_write_key TEXT;
ALTER TABLE projects ADD COLUMN previous_write_key_until INTEGER;
ALTER TABLE projects ADD COLUMN previous_secret_key TEXT;
ALTER TABLE projects ADD COLUMN previous_secret_key_until INTEGER;
CREATE INDEX projects_previous_write_key ON projects (previous_write_key) WHERE previous_write_key IS NOT NULL;
CREATE INDEX projects_previous_secret_key ON projects (previous_secret_key) WHERE previous_secret_key IS NOT NULL;
-- Staging and production: a staging project points at its production (one each).
ALTER TABLE projects ADD COLUMN production_id INTEGER REFERENCES projects(id);
CREATE UNIQUE INDEX projects_staging ON projects (production_id) WHERE production_id IS NOT NULL;
-- Who issued each tool token: a draft saved through the builder is theirs. Tokens issued
-- before could only have been issued with the secret key.
ALTER TABLE access_tokens ADD COLUMN actor TEXT NOT NULL DEFAULT 'secret-key';
-- The audit log: who did what, when, to what (details as JSON), per project, newest first.
CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     project_id INTEGER NOT NULL REFERENCES projects(id),
     at INTEGER NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     target TEXT NOT NULL,
     details TEXT NOT NULL
   );
CREATE INDEX audit_log_by_project ON audit_log (project_id, at, id);
