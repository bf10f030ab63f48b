-- The users seen in each account (events carrying its id), first and last seen: the account
-- page lists them without scanning events. Filled from the events already stored.
CREATE TABLE account_users (
     project_id INTEGER NOT NULL,
     account_id TEXT NOT NULL,
     user_key TEXT NOT NULL,
     identified INTEGER NOT NULL,
     first_seen INTEGER NOT NULL,
     last_seen INTEGER NOT NULL,
     PRIMARY KEY (project_id, account_id, user_key)
   ) WITHOUT ROWID;
   CREATE INDEX account_users_by_user ON account_users (project_id, user_key);
   INSERT INTO account_users (project_id, account_id, user_key, identified, first_seen, last_seen)
     SELECT project_id, group_id, COALESCE(user_id, anonymous_id), MAX(user_id IS NOT NULL), MIN(timestamp), MAX(timestamp)
     FROM events WHERE group_id IS NOT NULL AND COALESCE(user_id, anonymous_id) IS NOT NULL
     GROUP BY project_id, group_id, COALESCE(user_id, anonymous_id);
