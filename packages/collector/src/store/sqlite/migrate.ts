import type Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * The schema migrations: `migrations/NNNN-name.sql`, applied in order; `PRAGMA user_version`
 * records how many ran (file NNNN is version NNNN). Append only: a released file never
 * changes, and numbers run from 0001 without gaps. The build copies the folder into dist.
 */
const FOLDER = new URL('./migrations/', import.meta.url);

let files: string[] | undefined;

/** The migrations' SQL, in order (read once). */
export function migrations(): string[] {
  files ??= readMigrations(FOLDER);
  return files;
}

/** The SQL of the migration files in `folder`, in order. Throws when the numbering has a gap or a duplicate. */
export function readMigrations(folder: URL): string[] {
  const names = readdirSync(folder)
    .filter((n) => /^\d{4}-.+\.sql$/.test(n))
    .sort();
  names.forEach((name, i) => {
    if (Number(name.slice(0, 4)) !== i + 1) throw new Error(`migration ${name} is out of sequence: expected ${String(i + 1).padStart(4, '0')}-…`);
  });
  return names.map((name) => readFileSync(new URL(name, folder), 'utf8'));
}

/** Runs the migrations this database has not had yet, each in its own transaction (the first `upTo` only, for migration tests). */
export function migrate(db: Database.Database, upTo = migrations().length): void {
  const all = migrations();
  const done = db.pragma('user_version', { simple: true }) as number;
  for (let i = done; i < upTo; i++) {
    db.transaction(() => {
      db.exec(all[i]!);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}
