/**
 * `pnpm bench`: a journeys run over 100,000 users on SQLite (issue 19). The users' events go
 * in through the store's insert path (so people, per-user counts and features are kept as
 * ingest keeps them); then two journeys run: a full first run over everyone, an incremental
 * run after 1,000 users came back, and a run with nothing new. Time of each, and the run's
 * memory: the heap and RSS sampled after every page, against before the run.
 */
import type { ContentDocument } from '@touchpoint/content';
import { runJourneys } from '../src/journeys/runner.js';
import type { EventRow } from '../src/store/store.js';
import { benchStore, eventRow } from './bench-store.js';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-27T12:00:00Z');

const bench = await benchStore('journeys');
const { store, project } = bench;
const doc: ContentDocument = {
  version: 1,
  segments: [{ id: 'lapsed', lastSeen: { op: 'gte', days: 7 } }],
  messages: [{ id: 'tips', kind: 'modal', title: 'Tips' }],
  journeys: [
    { id: 'win-back', audience: 'lapsed', action: { webhook: 'https://crm.example.com/hook' }, holdout: 10 },
    {
      id: 'pro-unused-export',
      audience: {
        all: [
          { trait: 'plan', op: 'eq', value: 'pro' },
          { event: 'Report Exported', count: { op: 'lt', value: 1 }, withinDays: 30 },
        ],
      },
      action: { show: 'tips' },
    },
  ],
};

let n = 0;
const row = (user: string, at: number, extra: Partial<EventRow>): EventRow =>
  eventRow({ messageId: `m${++n}`, type: 'page', userId: user, groupId: `acct-${user.length % 50}`, timestamp: at, ...extra });

const loadStart = performance.now();
for (let u = 0; u < USERS; u++) {
  const user = `u${u}`;
  // Last seen spread over 30 days: about three in four lapsed for a week or more.
  const lastSeen = NOW - ((u * 7919) % 30_000) * (DAY / 1000);
  await bench.add(row(user, lastSeen - DAY, { type: 'identify', traits: { email: `${user}@example.com`, plan: u % 3 ? 'free' : 'pro' } }));
  if (u % 2) await bench.add(row(user, lastSeen - DAY / 2, { type: 'track', event: 'Report Exported' }));
  await bench.add(row(user, lastSeen, {}));
}
await bench.flush();
const loadSeconds = (performance.now() - loadStart) / 1000;

async function measured(now: number) {
  globalThis.gc?.();
  const before = process.memoryUsage();
  let heap = before.heapUsed;
  let rss = before.rss;
  const sample = () => {
    const m = process.memoryUsage();
    heap = Math.max(heap, m.heapUsed);
    rss = Math.max(rss, m.rss);
  };
  const t = performance.now();
  const results = await runJourneys({ store, afterPage: sample }, project, doc, now);
  const ms = performance.now() - t;
  return { ms, results, heapMb: (heap - before.heapUsed) / 2 ** 20, rssMb: rss / 2 ** 20 };
}

const first = await measured(NOW);
// An hour on, 1,000 users come back.
for (let u = 0; u < 1000; u++) await bench.add(row(`u${u * 97}`, NOW + 30 * 60_000, {}));
await bench.flush();
const incremental = await measured(NOW + 3_600_000);
const idle = await measured(NOW + 2 * 3_600_000);
await bench.remove();

const line = (name: string, r: Awaited<ReturnType<typeof measured>>) =>
  `  ${name.padEnd(18)}${(r.ms / 1000).toFixed(2)} s, heap +${r.heapMb.toFixed(0)} MB (RSS peak ${r.rssMb.toFixed(0)} MB); ${r.results
    .map((j) => `${j.id}: ${j.evaluated} evaluated, ${j.entered} entered, ${j.acted} acted, ${j.holdout} held out`)
    .join('; ')}`;
console.log(
  `\nJourneys over ${USERS.toLocaleString('en-US')} users (SQLite; ${bench.loaded().toLocaleString('en-US')} events loaded in ${loadSeconds.toFixed(1)} s)`,
);
console.log(line('first run (full)', first));
console.log(line('1,000 came back', incremental));
console.log(line('nothing new', idle));
