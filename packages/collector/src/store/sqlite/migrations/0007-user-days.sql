-- Distinct users per kind and key as day bitmaps: one row per 32-day block and user, whose
-- bit d is set when the user was counted on day block * 32 + d. A 30-day report reads at
-- most two rows per user instead of thirty (see distinctUsers). Replaces daily_users.
CREATE TABLE user_days (
     project_id INTEGER NOT NULL,
     kind TEXT NOT NULL,
     key TEXT NOT NULL,
     block INTEGER NOT NULL,
     user_key TEXT NOT NULL,
     tier TEXT NOT NULL,
     bits INTEGER NOT NULL,
     PRIMARY KEY (project_id, kind, key, block, user_key, tier)
   ) WITHOUT ROWID;
   CREATE INDEX user_days_by_user ON user_days (project_id, user_key);
   INSERT INTO user_days (project_id, kind, key, block, user_key, tier, bits)
     SELECT project_id, kind, key, day >> 5, user_key, COALESCE(tier, ''), 1 << (day & 31) FROM daily_users WHERE true
     ON CONFLICT DO UPDATE SET bits = bits | excluded.bits;
   DROP TABLE daily_users;
