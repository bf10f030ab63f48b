import type { ContentDocument } from '@touchpoint/content';
import { afterEach, expect, it } from 'vitest';
import { createLocalCoordination } from '../coordination.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite-store.js';
import type { EventRow } from '../store/store.js';
import { eventRow } from '../testing/event-row.js';
import { runJourneys } from './runner.js';

const DAY = 86_400_000;
const NOW = 20_500 * DAY;
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

const page = (userId: string, at: number): EventRow => eventRow({ messageId: `${userId}-${at}`, type: 'page', userId, timestamp: at });

/** A store whose project has `users` users, all last seen 10 days before NOW (lapsed). */
async function lapsedUsers(users: number) {
  const store = openSqliteStore(':memory:') as SqliteStore;
  stores.push(store);
  const project = await store.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  await store.insertEvents(
    project.id,
    Array.from({ length: users }, (_, i) => page(`u${i}`, NOW - 10 * DAY)),
  );
  return { store, project };
}

const doc: ContentDocument = {
  version: 1,
  journeys: [
    { id: 'lapsed', audience: { lastSeen: { op: 'gte', days: 7 } }, action: { webhook: 'https://crm.example.com/hook' }, repeat: 'always' },
    { id: 'other', audience: { lastSeen: { op: 'gte', days: 7 } }, action: { webhook: 'https://crm.example.com/other' } },
  ],
};

it('runs a journey once at a time: a second run meeting one under way skips it (busy), the next one after it runs', async () => {
  const { store, project } = await lapsedUsers(6);
  const leases = createLocalCoordination();
  // The first run stops after its first page of "lapsed" until let go.
  let paused!: () => void;
  let letGo!: () => void;
  const atPage = new Promise<void>((resolve) => (paused = resolve));
  const held = new Promise<void>((resolve) => (letGo = resolve));
  let pages = 0;
  const first = runJourneys(
    {
      store,
      leases,
      pageSize: 2,
      afterPage: async () => {
        if (++pages > 1) return;
        paused();
        await held;
      },
    },
    project,
    doc,
    NOW,
  );
  await atPage;
  const second = await runJourneys({ store, leases }, project, doc, NOW);
  // "lapsed" is under way: skipped; "other" is not: run.
  expect(second).toEqual([
    { id: 'lapsed', evaluated: 0, entered: 0, acted: 0, holdout: 0, skipped: {}, busy: true },
    { id: 'other', evaluated: 6, entered: 6, acted: 6, holdout: 0, skipped: {} },
  ]);
  letGo();
  const [lapsed] = await first;
  expect(lapsed).toEqual({ id: 'lapsed', evaluated: 6, entered: 6, acted: 6, holdout: 0, skipped: {} });
  // Each user entered once; the lease went with the first run: the next run runs the journey.
  expect((await store.journeyReport(project.id, 'lapsed', 100)).entered).toBe(6);
  expect((await runJourneys({ store, leases }, project, doc, NOW + 3_600_000))[0]).not.toHaveProperty('busy');
});

it('a run that loses its lease while deciding a page drops that page: only saved pages count, and the next holder decides those people', async () => {
  const { store, project } = await lapsedUsers(4);
  // The lease is lost (its connection ended) while the second page is being decided.
  let reads = 0;
  const lease = { lost: false, release: async () => {} };
  const watched = Object.assign(Object.create(store) as SqliteStore, {
    journeyMemories: (...args: Parameters<SqliteStore['journeyMemories']>) => {
      if (++reads === 2) lease.lost = true;
      return store.journeyMemories(...args);
    },
  });
  const [lapsed] = await runJourneys(
    { store: watched, leases: { lease: async () => lease }, pageSize: 2 },
    project,
    { ...doc, journeys: [doc.journeys![0]!] },
    NOW,
  );
  expect(lapsed).toEqual({ id: 'lapsed', evaluated: 2, entered: 2, acted: 2, holdout: 0, skipped: {}, busy: true });
  expect((await store.journeyReport(project.id, 'lapsed', 100)).entered).toBe(2);
  // The next run (the new holder) decides the two left, once.
  const [next] = await runJourneys({ store }, project, { ...doc, journeys: [doc.journeys![0]!] }, NOW);
  expect(next).toMatchObject({ entered: 2 });
  expect((await store.journeyReport(project.id, 'lapsed', 100)).entered).toBe(4);
});
