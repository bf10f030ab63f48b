import type { ContentDraft, ContentStore, ContentVersion } from '../store.js';
import { CONTENT_CHANNEL } from './channels.js';
import { transaction, type Pool } from './pool.js';

const VERSION_COLUMNS = 'version, document AS json, etag, created_at AS "createdAt"';

/**
 * Published content versions and each project's draft in PostgreSQL. A publish tells every
 * instance at its commit (NOTIFY on CONTENT_CHANNEL), so their caches drop the old version.
 */
export function postgresContent(pool: Pool): ContentStore {
  return {
    async contentDraft(projectId) {
      const { rows } = await pool.query<ContentDraft>(
        'SELECT document AS json, etag, base_version AS "baseVersion", updated_at AS "updatedAt" FROM content_drafts WHERE project_id = $1',
        [projectId],
      );
      return rows[0];
    },
    async saveContentDraft(projectId, d) {
      await pool.query(
        `INSERT INTO content_drafts (project_id, document, etag, base_version, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (project_id) DO UPDATE SET document = excluded.document, etag = excluded.etag, base_version = excluded.base_version, updated_at = excluded.updated_at`,
        [projectId, d.json, d.etag, d.baseVersion, d.updatedAt],
      );
    },
    async discardContentDraft(projectId, etag) {
      await pool.query('DELETE FROM content_drafts WHERE project_id = $1 AND etag = $2', [projectId, etag]);
    },
    async publishContent(projectId, json, etag) {
      return transaction(pool, async (client) => {
        // Publishes of one project take turns (the project's row is their lock), so each gets the next number.
        await client.query('SELECT 1 FROM projects WHERE id = $1 FOR UPDATE', [projectId]);
        const { rows } = await client.query<ContentVersion>(
          `INSERT INTO content_versions (project_id, version, document, etag, created_at)
           VALUES ($1, (SELECT COALESCE(MAX(version), 0) + 1 FROM content_versions WHERE project_id = $1), $2, $3, $4)
           RETURNING ${VERSION_COLUMNS}`,
          [projectId, json, etag, Date.now()],
        );
        // Delivered to every listening instance when (and only if) this transaction commits.
        await client.query('SELECT pg_notify($1, $2)', [CONTENT_CHANNEL, String(projectId)]);
        return rows[0]!;
      });
    },
    async latestContent(projectId) {
      const { rows } = await pool.query<ContentVersion>(`SELECT ${VERSION_COLUMNS} FROM content_versions WHERE project_id = $1 ORDER BY version DESC LIMIT 1`, [
        projectId,
      ]);
      return rows[0];
    },
    async contentVersion(projectId, n) {
      const { rows } = await pool.query<ContentVersion>(`SELECT ${VERSION_COLUMNS} FROM content_versions WHERE project_id = $1 AND version = $2`, [
        projectId,
        n,
      ]);
      return rows[0];
    },
    async listContentVersions(projectId) {
      const { rows } = await pool.query<Omit<ContentVersion, 'json'>>(
        'SELECT version, etag, created_at AS "createdAt" FROM content_versions WHERE project_id = $1 ORDER BY version DESC',
        [projectId],
      );
      return rows;
    },
  };
}
