-- Projects with their keys, and the events as received (deduplicated by messageId).
CREATE TABLE projects (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL,
     write_key TEXT NOT NULL UNIQUE,
     secret_key TEXT NOT NULL UNIQUE,
     origins TEXT NOT NULL DEFAULT '[]',
     client_dropped INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE events (
     id INTEGER PRIMARY KEY,
     project_id INTEGER NOT NULL REFERENCES projects(id),
     message_id TEXT NOT NULL,
     type TEXT NOT NULL,
     event TEXT,
     user_id TEXT,
     anonymous_id TEXT,
     group_id TEXT,
     timestamp INTEGER NOT NULL,
     received_at INTEGER NOT NULL,
     payload TEXT NOT NULL,
     UNIQUE (project_id, message_id)
   );
   CREATE INDEX events_by_time ON events (project_id, timestamp);
   CREATE INDEX events_by_user ON events (project_id, user_id, timestamp) WHERE user_id IS NOT NULL;
   CREATE INDEX events_by_anonymous ON events (project_id, anonymous_id, timestamp);
   CREATE INDEX events_by_name ON events (project_id, event, timestamp) WHERE event IS NOT NULL;
