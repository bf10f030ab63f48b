import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClickHouse, type ClickHouseServer } from '../../../../test/support/clickhouse-server.mjs';
import { conformanceRequests, readEverything } from '../testing/store-conformance.js';
import { type ClickHouseStore, openClickHouseStore } from './clickhouse-store.js';
import { httpConnection } from './clickhouse/connection.js';
import { openSqliteStore } from './sqlite-store.js';

let server: ClickHouseServer;
let databases = 0;
const open: ClickHouseStore[] = [];

beforeAll(async () => {
  server = await startClickHouse();
}, 60_000);
afterAll(async () => {
  for (const s of open) await s.close();
  await server?.stop();
});

/** A store over a fresh database of the shared server, migrated. */
async function freshStore(options: { delayMs?: number } = {}): Promise<ClickHouseStore> {
  const database = `t${++databases}`;
  const admin = httpConnection(server.url);
  await admin.command(`CREATE DATABASE ${database}`);
  await admin.close();
  const store = await openClickHouseStore(server.url, { database, delayMs: options.delayMs ?? 5 });
  await store.migrate();
  open.push(store);
  return store;
}

describe('the ClickHouse store answers every read as the SQLite store does', () => {
  it('over the same requests, before and after a user is erased', async () => {
    const ch = await freshStore();
    const sqlite = openSqliteStore(':memory:');
    const { id } = await sqlite.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
    for (const rows of conformanceRequests()) {
      const drops = { unspecified: 2 };
      expect(await ch.insertEvents(id, rows, drops)).toEqual(await sqlite.insertEvents(id, rows, drops));
    }
    expect(await readEverything(ch, id)).toEqual(await readEverything(sqlite, id));

    expect(await ch.deleteUser(id, 'bob')).toEqual(await sqlite.deleteUser(id, 'bob'));
    expect(await readEverything(ch, id)).toEqual(await readEverything(sqlite, id));
    await sqlite.close();
  }, 60_000);
});
