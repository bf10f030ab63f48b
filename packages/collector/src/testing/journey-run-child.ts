/**
 * A journeys run in a process of its own, for the restart test: `node --import tsx
 * journey-run-child.ts DB NOW PAGE_SIZE KILL_AFTER_PAGES` runs the document on stdin over the
 * store at DB, and kills itself with SIGKILL (no cleanup, as a crash or `kill -9`) once that
 * many pages were saved (0: never), else prints the run's results.
 */
import { readFileSync } from 'node:fs';
import type { ContentDocument } from '@touchpoint/content';
import { runJourneys } from '../journeys/runner.js';
import { openSqliteStore } from '../store/sqlite-store.js';

const [db, now, pageSize, killAfter] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(0, 'utf8')) as ContentDocument;
const store = openSqliteStore(db!);
const [project] = await store.listProjects();
let pages = 0;
const afterPage = () => {
  if (++pages === Number(killAfter)) process.kill(process.pid, 'SIGKILL');
};
const results = await runJourneys({ store, pageSize: Number(pageSize), afterPage }, project!, doc, Number(now));
console.log(JSON.stringify(results));
await store.close();
