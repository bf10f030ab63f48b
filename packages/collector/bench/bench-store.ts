/**
 * What the store benches share: a throwaway SQLite store with one project, and a loader that puts them in through the store's
 * insert path (so every table ingest keeps is kept as it keeps it), a thousand at a time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { EventRow } from '../src/store/store.js';

export { eventRow } from '../src/testing/event-row.js';

export async function benchStore(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `tp-bench-${name}-`));
  const store = openSqliteStore(join(dir, 'bench.db'));
  const project = await store.createProject({ name: 'bench', writeKey: 'wk_b', secretKey: 'sk_b', origins: [] });
  let batch: EventRow[] = [];
  let loaded = 0;
  const flush = async () => {
    if (batch.length) await store.insertEvents(project.id, batch);
    loaded += batch.length;
    batch = [];
  };
  return {
    store,
    project,
    /** Queues an event; every thousandth writes the batch. */
    async add(row: EventRow) {
      batch.push(row);
      if (batch.length >= 1000) await flush();
    },
    /** Writes what is queued. */
    flush,
    /** How many events went in. */
    loaded: () => loaded,
    async remove() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
