import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { SqliteStore } from '../sqlite-store.js';
import { migrate, migrations, readMigrations } from './migrate.js';

/**
 * fixtures/released-v10.sql: `sqlite3 .dump` of a database created and filled by the code
 * released before migrations became files (the array in sqlite-store.ts, user_version 10).
 */
const RELEASED_VERSION = 10;
const released = () => {
  const db = new Database(':memory:');
  db.exec(readFileSync(new URL('./fixtures/released-v10.sql', import.meta.url), 'utf8'));
  return db;
};
const schema = (db: Database.Database) => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();
const contents = (db: Database.Database) =>
  Object.fromEntries(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]).map((t) => [
      t,
      db.prepare(`SELECT * FROM "${t}"`).all(),
    ]),
  );

const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

it('opens a database migrated by the released code with what it had unchanged (later migrations only add tables, indexes and columns), and reads as before', async () => {
  const db = released();
  const before = { schema: schema(db), contents: contents(db) };
  expect(db.pragma('user_version', { simple: true })).toBe(RELEASED_VERSION);
  const store = new SqliteStore(db);
  stores.push(store);
  expect(db.pragma('user_version', { simple: true })).toBe(migrations().length);
  type Row = { type: string; name: string; sql: string | null };
  const releasedRows = new Map((before.schema as Row[]).map((row) => [row.name, row]));
  // A column added later (ALTER TABLE … ADD COLUMN: SQLite writes its definition after the last
  // column's, before any table constraint) leaves what was released as it was: the released SQL
  // comes back once the added definitions are taken out.
  const columns = (table: string) => (db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((c) => c.name);
  const withoutAddedColumns = (row: Row) => {
    const old = releasedRows.get(row.name)?.sql;
    if (!old || row.type !== 'table' || !row.sql) return row;
    let sql = row.sql;
    for (const name of columns(row.name).filter((c) => !new RegExp(`\\b${c}\\b`).test(old)))
      sql = sql.replace(new RegExp(`,\\s*"?${name}"?\\s[^,]*?(?=,|\\)\\s*(WITHOUT ROWID)?$)`), '');
    return { ...row, sql };
  };
  expect((schema(db) as Row[]).filter((row) => releasedRows.has(row.name)).map(withoutAddedColumns)).toEqual(before.schema);
  const after = contents(db);
  // Backfills only add rows: the reach rollup (kind content, migration 0017) counts the released events too.
  const added = (after.user_days as Array<{ kind: string; key: string }>).filter((r) => r.kind === 'content');
  expect(added.map((r) => r.key)).toEqual(['Flow Started\u0000welcome']);
  after.user_days = (after.user_days as Array<{ kind: string }>).filter((r) => r.kind !== 'content');
  const releasedColumns = (table: string, rows: Array<Record<string, unknown>>) => {
    const columns = Object.keys((before.contents[table] as Array<Record<string, unknown>>)[0] ?? {});
    return rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c]])));
  };
  expect(Object.fromEntries(Object.keys(before.contents).map((t) => [t, releasedColumns(t, after[t] as Array<Record<string, unknown>>)]))).toEqual(
    before.contents,
  );
  // The facts the released code recorded read back through the new repositories.
  const [project] = await store.listProjects();
  expect(project).toMatchObject({ name: 'fixture', writeKey: 'wk_fx' });
  expect(await store.experimentCounts(project!.id, 'x')).toEqual([{ variant: 'a', users: 1, conversions: 1 }]);
  const all = { from: 0, to: 100_000 };
  expect(await store.distinctUsers(project!.id, 'feature', ['add-todo', 'click-f'], all)).toEqual(
    new Map([
      ['add-todo', 1],
      ['click-f', 1],
    ]),
  );
  expect(await store.accountUsers(project!.id, 'acme', 10)).toMatchObject({ total: 1, users: [{ key: 'u1', identified: true }] });
  expect(await store.clientDropped(project!.id)).toEqual({ queue_full: 2 });
  expect((await store.latestContent(project!.id))?.version).toBe(1);
});

it('gives a fresh database the schema of the released migrations, and an upgraded one the schema of a fresh one', () => {
  const fresh = new Database(':memory:');
  migrate(fresh, RELEASED_VERSION);
  expect(schema(fresh)).toEqual(schema(released()));
  // Whatever is appended after the released files applies alike to both.
  migrate(fresh);
  const upgraded = released();
  migrate(upgraded);
  expect(upgraded.pragma('user_version', { simple: true })).toBe(fresh.pragma('user_version', { simple: true }));
  expect(schema(upgraded)).toEqual(schema(fresh));
});

it('reads migration files in the order of their numbers, and refuses a gap or a duplicate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-migrations-'));
  try {
    const folder = pathToFileURL(`${dir}/`);
    writeFileSync(join(dir, '0002-second.sql'), 'B');
    writeFileSync(join(dir, '0001-first.sql'), 'A');
    writeFileSync(join(dir, 'README.md'), 'not a migration');
    expect(readMigrations(folder)).toEqual(['A', 'B']);
    writeFileSync(join(dir, '0004-gap.sql'), 'D');
    expect(() => readMigrations(folder)).toThrow('migration 0004-gap.sql is out of sequence: expected 0003-');
    rmSync(join(dir, '0004-gap.sql'));
    writeFileSync(join(dir, '0002-again.sql'), 'C');
    expect(() => readMigrations(folder)).toThrow(/out of sequence/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
