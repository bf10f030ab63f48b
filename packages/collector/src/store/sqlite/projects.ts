import type Database from 'better-sqlite3';
import type { Project, ProjectStore } from '../store.js';

export interface ProjectRecord {
  id: number;
  name: string;
  write_key: string;
  secret_key: string;
  origins: string;
  created_at: number;
}

/** Projects and their keys in SQLite. */
export function sqliteProjects(db: Database.Database): ProjectStore {
  const insert = db.prepare('INSERT INTO projects (name, write_key, secret_key, origins, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *');
  const list = db.prepare('SELECT * FROM projects ORDER BY id');
  const byWriteKey = db.prepare('SELECT * FROM projects WHERE write_key = ?');
  const bySecretKey = db.prepare('SELECT * FROM projects WHERE secret_key = ?');
  return {
    async createProject(p) {
      return toProject(insert.get(p.name, p.writeKey, p.secretKey, JSON.stringify(p.origins), Date.now()) as ProjectRecord);
    },
    async listProjects() {
      return (list.all() as ProjectRecord[]).map(toProject);
    },
    async projectByWriteKey(writeKey) {
      const record = byWriteKey.get(writeKey) as ProjectRecord | undefined;
      return record && toProject(record);
    },
    async projectBySecretKey(secretKey) {
      const record = bySecretKey.get(secretKey) as ProjectRecord | undefined;
      return record && toProject(record);
    },
  };
}

export function toProject(r: ProjectRecord): Project {
  return { id: r.id, name: r.name, writeKey: r.write_key, secretKey: r.secret_key, origins: JSON.parse(r.origins) as string[], createdAt: r.created_at };
}
