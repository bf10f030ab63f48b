import type { Project, ProjectStore } from '../store.js';
import type { Queryable } from './pool.js';

export interface ProjectRow {
  id: number;
  name: string;
  write_key: string;
  secret_key: string;
  origins: string;
  created_at: number;
}

/** Projects and their keys in PostgreSQL. */
export function postgresProjects(db: Queryable): ProjectStore {
  const one = async (sql: string, value: string) => {
    const row = (await db.query<ProjectRow>(sql, [value])).rows[0];
    return row && toProject(row);
  };
  return {
    async createProject(p) {
      const { rows } = await db.query<ProjectRow>(
        'INSERT INTO projects (name, write_key, secret_key, origins, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *',
        [p.name, p.writeKey, p.secretKey, JSON.stringify(p.origins), Date.now()],
      );
      return toProject(rows[0]!);
    },
    async listProjects() {
      return (await db.query<ProjectRow>('SELECT * FROM projects ORDER BY id')).rows.map(toProject);
    },
    projectByWriteKey: (writeKey) => one('SELECT * FROM projects WHERE write_key = $1', writeKey),
    projectBySecretKey: (secretKey) => one('SELECT * FROM projects WHERE secret_key = $1', secretKey),
  };
}

export function toProject(r: ProjectRow): Project {
  return { id: r.id, name: r.name, writeKey: r.write_key, secretKey: r.secret_key, origins: JSON.parse(r.origins) as string[], createdAt: r.created_at };
}
