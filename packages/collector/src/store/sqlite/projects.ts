import type Database from 'better-sqlite3';
import type { ProjectStore } from '../store.js';
import { toProject, type ProjectRecord } from '../project-record.js';

/** Projects, their keys and environments in SQLite. */
export function sqliteProjects(db: Database.Database): ProjectStore {
  const insert = db.prepare('INSERT INTO projects (name, write_key, secret_key, origins, created_at, production_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING *');
  const list = db.prepare('SELECT * FROM projects ORDER BY id');
  // A previous key counts only while its grace period lasts: past it, the key is unknown. A
  // project whose current key it is comes first (`project create --write-key` may reuse a retired key).
  const byWriteKey = db.prepare(
    'SELECT * FROM projects WHERE write_key = @key OR (previous_write_key = @key AND previous_write_key_until > @now) ORDER BY write_key = @key DESC LIMIT 1',
  );
  const bySecretKey = db.prepare(
    'SELECT * FROM projects WHERE secret_key = @key OR (previous_secret_key = @key AND previous_secret_key_until > @now) ORDER BY secret_key = @key DESC LIMIT 1',
  );
  const staging = db.prepare('SELECT * FROM projects WHERE production_id = ?');
  const byId = db.prepare('SELECT * FROM projects WHERE id = ?');
  const rotateWrite = db.prepare('UPDATE projects SET previous_write_key = write_key, previous_write_key_until = ?, write_key = ? WHERE id = ?');
  const rotateSecret = db.prepare('UPDATE projects SET previous_secret_key = secret_key, previous_secret_key_until = ?, secret_key = ? WHERE id = ?');
  const one = (record: unknown) => (record ? toProject(record as ProjectRecord) : undefined);
  return {
    async createProject(p) {
      return toProject(insert.get(p.name, p.writeKey, p.secretKey, JSON.stringify(p.origins), Date.now(), p.productionId ?? null) as ProjectRecord);
    },
    async listProjects() {
      return (list.all() as ProjectRecord[]).map(toProject);
    },
    async projectByWriteKey(writeKey, now) {
      return one(byWriteKey.get({ key: writeKey, now }));
    },
    async projectBySecretKey(secretKey, now) {
      return one(bySecretKey.get({ key: secretKey, now }));
    },
    async stagingOf(productionId) {
      return one(staging.get(productionId));
    },
    async rotateKeys(projectId, keys, validUntil) {
      return db.transaction(() => {
        if (keys.writeKey !== undefined) rotateWrite.run(validUntil, keys.writeKey, projectId);
        if (keys.secretKey !== undefined) rotateSecret.run(validUntil, keys.secretKey, projectId);
        return one(byId.get(projectId));
      })();
    },
  };
}
