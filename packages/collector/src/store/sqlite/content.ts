import type Database from 'better-sqlite3';
import type { ContentStore, ContentVersion } from '../store.js';

/** Published content versions in SQLite. */
export function sqliteContent(db: Database.Database): ContentStore {
  const publish = db.prepare(
    `INSERT INTO content_versions (project_id, version, document, etag, created_at)
     VALUES (?, (SELECT COALESCE(MAX(version), 0) + 1 FROM content_versions WHERE project_id = ?), ?, ?, ?)
     RETURNING version, document AS json, etag, created_at AS createdAt`,
  );
  const version = db.prepare('SELECT version, document AS json, etag, created_at AS createdAt FROM content_versions WHERE project_id = ? AND version = ?');
  const versions = db.prepare('SELECT version, etag, created_at AS createdAt FROM content_versions WHERE project_id = ? ORDER BY version DESC');
  const latest = db.prepare(
    'SELECT version, document AS json, etag, created_at AS createdAt FROM content_versions WHERE project_id = ? ORDER BY version DESC LIMIT 1',
  );
  return {
    async publishContent(projectId, json, etag) {
      return publish.get(projectId, projectId, json, etag, Date.now()) as ContentVersion;
    },
    async latestContent(projectId) {
      return latest.get(projectId) as ContentVersion | undefined;
    },
    async contentVersion(projectId, n) {
      return version.get(projectId, n) as ContentVersion | undefined;
    },
    async listContentVersions(projectId) {
      return versions.all(projectId) as Array<Omit<ContentVersion, 'json'>>;
    },
  };
}
