import type { PreviousKey, Project } from './store.js';

/** A row of `projects`, as SQLite and PostgreSQL both store it. */
export interface ProjectRecord {
  id: number;
  name: string;
  write_key: string;
  secret_key: string;
  origins: string;
  created_at: number;
  production_id: number | null;
  previous_write_key: string | null;
  previous_write_key_until: number | null;
  previous_secret_key: string | null;
  previous_secret_key_until: number | null;
}

/** The project a row holds. A previous key is listed with its time even once past it: lookups judge validity. */
export function toProject(r: ProjectRecord): Project {
  const previousKeys: PreviousKey[] = [];
  if (r.previous_write_key !== null && r.previous_write_key_until !== null)
    previousKeys.push({ kind: 'write', key: r.previous_write_key, validUntil: r.previous_write_key_until });
  if (r.previous_secret_key !== null && r.previous_secret_key_until !== null)
    previousKeys.push({ kind: 'secret', key: r.previous_secret_key, validUntil: r.previous_secret_key_until });
  return {
    id: r.id,
    name: r.name,
    writeKey: r.write_key,
    secretKey: r.secret_key,
    origins: JSON.parse(r.origins) as string[],
    createdAt: r.created_at,
    productionId: r.production_id ?? null,
    previousKeys,
  };
}
