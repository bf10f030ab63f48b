-- Published versions of each project's content document.
CREATE TABLE content_versions (
     project_id INTEGER NOT NULL REFERENCES projects(id),
     version INTEGER NOT NULL,
     document TEXT NOT NULL,
     etag TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (project_id, version)
   );
