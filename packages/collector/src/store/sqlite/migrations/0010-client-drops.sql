-- What senders lost, by reason (projects.client_dropped, no longer written, was the total of
-- reasons not yet told apart).
CREATE TABLE client_drops (
     project_id INTEGER NOT NULL,
     reason TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (project_id, reason)
   ) WITHOUT ROWID;
   INSERT INTO client_drops (project_id, reason, count) SELECT id, 'unspecified', client_dropped FROM projects WHERE client_dropped > 0;
