import type Database from 'better-sqlite3';
import type { ContentDraft, ContentStore, ContentVersion } from '../store.js';

/** Published content versions and each project's draft in SQLite. */
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
  const draft = db.prepare('SELECT document AS json, etag, base_version AS baseVersion, updated_at AS updatedAt FROM content_drafts WHERE project_id = ?');
  const saveDraft = db.prepare(
    `INSERT INTO content_drafts (project_id, document, etag, base_version, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (project_id) DO UPDATE SET document = excluded.document, etag = excluded.etag, base_version = excluded.base_version, updated_at = excluded.updated_at`,
  );
  const discardDraft = db.prepare('DELETE FROM content_drafts WHERE project_id = ? AND etag = ?');
  return {
    async contentDraft(projectId) {
      return draft.get(projectId) as ContentDraft | undefined;
    },
    async saveContentDraft(projectId, d) {
      saveDraft.run(projectId, d.json, d.etag, d.baseVersion, d.updatedAt);
    },
    async discardContentDraft(projectId, etag) {
      discardDraft.run(projectId, etag);
    },
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
