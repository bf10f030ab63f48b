import { toProject, type ProjectRecord } from '../project-record.js';
import type { ProjectStore } from '../store.js';
import { PROJECTS_CHANNEL } from './channels.js';
import { transaction, type Pool, type Queryable } from './pool.js';

/**
 * Projects, their keys and environments in PostgreSQL. A change of keys (a project created, a
 * rotation) NOTIFYs every instance on PROJECTS_CHANNEL at its commit, so their caches of
 * projects by key (project-cache.ts) forget it; `changed` is told once it committed here.
 */
export function postgresProjects(pool: Pool, changed: () => void = () => {}): ProjectStore {
  const one = async (sql: string, values: unknown[]) => {
    const row = (await pool.query<ProjectRecord>(sql, values)).rows[0];
    return row && toProject(row);
  };
  return {
    async createProject(p) {
      // Its keys may be another project's previous keys (`project create --write-key`), which caches may hold.
      const created = await transaction(pool, async (client) => {
        const { rows } = await client.query<ProjectRecord>(
          'INSERT INTO projects (name, write_key, secret_key, origins, created_at, production_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
          [p.name, p.writeKey, p.secretKey, JSON.stringify(p.origins), Date.now(), p.productionId ?? null],
        );
        await notify(client, rows[0]!.id);
        return toProject(rows[0]!);
      });
      changed();
      return created;
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
      const rotated = await transaction(pool, async (client) => {
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
        if (row) await notify(client, projectId);
        return row && toProject(row);
      });
      changed();
      return rotated;
    },
  };
}

/** Tells every listening instance, when (and only if) the transaction commits, that the project's keys changed. */
async function notify(client: Queryable, projectId: number): Promise<void> {
  await client.query('SELECT pg_notify($1, $2)', [PROJECTS_CHANNEL, String(projectId)]);
}
