import { toProject, type ProjectRecord } from '../project-record.js';
import type { AccessTokenStore } from '../store.js';
import { transaction, type Pool } from './pool.js';

/** The team's tool tokens (their hashes) in PostgreSQL. */
export function postgresAccessTokens(pool: Pool): AccessTokenStore {
  return {
    async saveAccessToken(t) {
      await transaction(pool, async (client) => {
        await client.query('DELETE FROM access_tokens WHERE expires_at <= $1', [t.createdAt]);
        await client.query('INSERT INTO access_tokens (hash, project_id, kind, actor, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          t.hash,
          t.projectId,
          t.kind,
          t.actor,
          t.createdAt,
          t.expiresAt,
        ]);
      });
    },
    async accessTokenHolder(hash, kind, now) {
      const { rows } = await pool.query<ProjectRecord & { token_actor: string }>(
        'SELECT p.*, t.actor AS token_actor FROM access_tokens t JOIN projects p ON p.id = t.project_id WHERE t.hash = $1 AND t.kind = $2 AND t.expires_at > $3',
        [hash, kind, now],
      );
      const row = rows[0];
      return row && { project: toProject(row), actor: row.token_actor };
    },
  };
}
