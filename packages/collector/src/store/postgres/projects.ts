import { toProject, type ProjectRecord } from '../project-record.js';
import type { ProjectStore } from '../store.js';
import { transaction, type Pool } from './pool.js';

/** Projects, their keys and environments in PostgreSQL. */
export function postgresProjects(pool: Pool): ProjectStore {
  const one = async (sql: string, values: unknown[]) => {
    const row = (await pool.query<ProjectRecord>(sql, values)).rows[0];
    return row && toProject(row);
  };
  return {
    async createProject(p) {
      const { rows } = await pool.query<ProjectRecord>(
        'INSERT INTO projects (name, write_key, secret_key, origins, created_at, production_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
        [p.name, p.writeKey, p.secretKey, JSON.stringify(p.origins), Date.now(), p.productionId ?? null],
      );
      return toProject(rows[0]!);
    },
    async listProjects() {
      return (await pool.query<ProjectRecord>('SELECT * FROM projects ORDER BY id')).rows.map(toProject);
    },
    // A previous key counts only while its grace period lasts: past it, the key is unknown. A
    // project whose current key it is comes first (`project create --write-key` may reuse a retired key).
    projectByWriteKey: (writeKey, now) =>
      one('SELECT * FROM projects WHERE write_key = $1 OR (previous_write_key = $1 AND previous_write_key_until > $2) ORDER BY write_key = $1 DESC LIMIT 1', [
        writeKey,
        now,
      ]),
    projectBySecretKey: (secretKey, now) =>
      one(
        'SELECT * FROM projects WHERE secret_key = $1 OR (previous_secret_key = $1 AND previous_secret_key_until > $2) ORDER BY secret_key = $1 DESC LIMIT 1',
        [secretKey, now],
      ),
    stagingOf: (productionId) => one('SELECT * FROM projects WHERE production_id = $1', [productionId]),
    async rotateKeys(projectId, keys, validUntil) {
      return transaction(pool, async (client) => {
        if (keys.writeKey !== undefined)
          await client.query('UPDATE projects SET previous_write_key = write_key, previous_write_key_until = $1, write_key = $2 WHERE id = $3', [
            validUntil,
            keys.writeKey,
            projectId,
          ]);
        if (keys.secretKey !== undefined)
          await client.query('UPDATE projects SET previous_secret_key = secret_key, previous_secret_key_until = $1, secret_key = $2 WHERE id = $3', [
            validUntil,
            keys.secretKey,
            projectId,
          ]);
        const row = (await client.query<ProjectRecord>('SELECT * FROM projects WHERE id = $1', [projectId])).rows[0];
        return row && toProject(row);
      });
    },
  };
}
