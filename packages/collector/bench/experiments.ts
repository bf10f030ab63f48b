/**
 * `pnpm bench`: experiment report time over 1,000,000 exposure and goal events on SQLite.
 * The events go in through the store's insert path (so the exposure and conversion tables
 * are kept as ingest keeps them); the report is then asked for over HTTP (in-process).
 */
import { indexExperiments } from '../src/experiments.js';
import { buildServer } from '../src/server.js';
import type { EventRow } from '../src/store/store.js';
import { benchStore, eventRow } from './bench-store.js';

const USERS = 300_000;
const GOALS = 700_000;
const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');

const bench = await benchStore('exp');
const { store, project } = bench;
const content = {
  version: 1,
  messages: [
    {
      id: 'm',
      kind: 'modal',
      experiment: {
        id: 'copy',
        goal: { event: 'Report Exported', withinDays: 7 },
        control: 10,
        variants: [
          { id: 'a', weight: 50, content: { title: 'A' } },
          { id: 'b', weight: 50, content: { title: 'B' } },
        ],
      },
    },
  ],
};
await store.publishContent(project.id, JSON.stringify(content), '"bench"');
const goals = indexExperiments(content as never).byGoal.get('Report Exported')!;

const row = (i: number, event: string, user: string, at: number, extra: Partial<EventRow>): EventRow =>
  eventRow({ messageId: `m${i}`, event, userId: user, anonymousId: `anon-${user}`, timestamp: at, ...extra });

const loadStart = performance.now();
for (let u = 0; u < USERS; u++) {
  const variant = u % 10 === 0 ? 'control' : u % 2 ? 'a' : 'b';
  await bench.add(row(u, 'Experiment Viewed', `u${u}`, T0 + (u % 1000) * 1000, { exposure: { experimentId: 'copy', variant } }));
}
for (let g = 0; g < GOALS; g++) {
  const u = (g * 7919) % USERS;
  await bench.add(row(USERS + g, 'Report Exported', `u${u}`, T0 + ((g % 10) + 1) * DAY * 0.9, { goals }));
}
await bench.flush();
const loadSeconds = (performance.now() - loadStart) / 1000;

const app = await buildServer({ store, rateLimit: false });
const times: number[] = [];
let report: { variants: Array<{ variation_id: string; users: number; conversions: number }> } | undefined;
for (let i = 0; i < 21; i++) {
  const t = performance.now();
  const res = await app.inject({ method: 'GET', url: '/v1/reports/experiments/copy', headers: { authorization: 'Bearer sk_b' } });
  times.push(performance.now() - t);
  report = res.json();
}
await app.close();
await bench.remove();
times.sort((a, b) => a - b);
console.log(`\nExperiment report over ${(USERS + GOALS).toLocaleString('en-US')} exposure and goal events (SQLite)`);
console.log(`  report time      median ${times[10]!.toFixed(1)} ms, slowest ${times[20]!.toFixed(1)} ms (21 requests)`);
console.log(
  `  loaded in        ${loadSeconds.toFixed(1)} s through the store's insert path (${Math.round((USERS + GOALS) / loadSeconds).toLocaleString('en-US')} events/s)`,
);
console.log(`  counted          ${report!.variants.map((v) => `${v.variation_id}: ${v.users} users, ${v.conversions} conversions`).join('; ')}`);
