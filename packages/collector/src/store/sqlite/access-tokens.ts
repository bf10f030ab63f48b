import type Database from 'better-sqlite3';
import type { AccessTokenStore, Project } from '../store.js';
import { toProject, type ProjectRecord } from './projects.js';

/** The team's tool tokens (their hashes) in SQLite. */
export function sqliteAccessTokens(db: Database.Database): AccessTokenStore {
  const clear = db.prepare('DELETE FROM access_tokens WHERE expires_at <= ?');
  const insert = db.prepare('INSERT INTO access_tokens (hash, project_id, kind, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const project = db.prepare('SELECT p.* FROM access_tokens t JOIN projects p ON p.id = t.project_id WHERE t.hash = ? AND t.kind = ? AND t.expires_at > ?');
  return {
    async saveAccessToken(t) {
      db.transaction(() => {
        clear.run(t.createdAt);
        insert.run(t.hash, t.projectId, t.kind, t.createdAt, t.expiresAt);
      })();
    },
    async accessTokenProject(hash, kind, now): Promise<Project | undefined> {
      const record = project.get(hash, kind, now) as ProjectRecord | undefined;
      return record && toProject(record);
    },
  };
}
