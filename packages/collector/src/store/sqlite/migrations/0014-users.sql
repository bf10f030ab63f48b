-- Issue 17 (teams): dashboard users, their roles per project, sign-in sessions, invitations.
-- Emails are kept in lower case; passwords only as scrypt hashes (`scrypt$N$r$p$salt$hash`).
CREATE TABLE users (
     id INTEGER PRIMARY KEY,
     email TEXT NOT NULL UNIQUE,
     password_hash TEXT NOT NULL,
     must_change_password INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL,
     last_sign_in_at INTEGER
   );
-- A user's role on a project; project_id 0 is every project (a role given without naming one),
-- which a row for one project overrides; role 'none' there takes it away on that project.
CREATE TABLE memberships (
     user_id INTEGER NOT NULL REFERENCES users(id),
     project_id INTEGER NOT NULL,
     role TEXT NOT NULL,
     PRIMARY KEY (user_id, project_id)
   ) WITHOUT ROWID;
CREATE INDEX memberships_by_project ON memberships (project_id);
-- Sign-in sessions: only a SHA-256 of the cookie's token is kept. A session ends at expires_at
-- (absolute) or when unused for the idle time (last_seen_at).
CREATE TABLE sessions (
     hash TEXT PRIMARY KEY,
     user_id INTEGER NOT NULL REFERENCES users(id),
     created_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   ) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);
-- Pending invitations (one use: taken rows are deleted), by the SHA-256 of their token.
CREATE TABLE invitations (
     hash TEXT PRIMARY KEY,
     email TEXT NOT NULL,
     project_id INTEGER NOT NULL REFERENCES projects(id),
     role TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   ) WITHOUT ROWID;
CREATE INDEX invitations_by_project ON invitations (project_id, email);
CREATE INDEX invitations_expiry ON invitations (expires_at);
