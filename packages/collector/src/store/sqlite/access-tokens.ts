import type Database from 'better-sqlite3';
import { toProject, type ProjectRecord } from '../project-record.js';
import type { AccessTokenStore } from '../store.js';

/** The team's tool tokens (their hashes) in SQLite. */
export function sqliteAccessTokens(db: Database.Database): AccessTokenStore {
  const clear = db.prepare('DELETE FROM access_tokens WHERE expires_at <= ?');
  const insert = db.prepare('INSERT INTO access_tokens (hash, project_id, kind, actor, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)');
  const holder = db.prepare(
    'SELECT p.*, t.actor AS token_actor FROM access_tokens t JOIN projects p ON p.id = t.project_id WHERE t.hash = ? AND t.kind = ? AND t.expires_at > ?',
  );
  return {
    async saveAccessToken(t) {
      db.transaction(() => {
        clear.run(t.createdAt);
        insert.run(t.hash, t.projectId, t.kind, t.actor, t.createdAt, t.expiresAt);
      })();
    },
    async accessTokenHolder(hash, kind, now) {
      const record = holder.get(hash, kind, now) as (ProjectRecord & { token_actor: string }) | undefined;
      return record && { project: toProject(record), actor: record.token_actor };
    },
  };
}
