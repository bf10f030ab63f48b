-- Each project's one draft of its content document (CONTRACT §7), beside the published versions.
CREATE TABLE content_drafts (
     project_id INTEGER PRIMARY KEY REFERENCES projects(id),
     document TEXT NOT NULL,
     etag TEXT NOT NULL,
     -- The newest published version when the draft was saved (NULL: none was published).
     base_version INTEGER,
     updated_at INTEGER NOT NULL
   );
-- Short-lived credentials of the team's tools: preview tokens (see the draft) and builder
-- sessions (edit the draft). Only a SHA-256 of each token is kept.
CREATE TABLE access_tokens (
     hash TEXT PRIMARY KEY,
     project_id INTEGER NOT NULL REFERENCES projects(id),
     kind TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   ) WITHOUT ROWID;
CREATE INDEX access_tokens_expiry ON access_tokens (expires_at);
