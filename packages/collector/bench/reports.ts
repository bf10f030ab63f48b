/**
 * `pnpm bench`: adoption, flow-funnel, overview and holdout report latency over 10,000,000 events on SQLite.
 * 50,000 users over 60 days (pages, feature uses, flow starts and step views), written with
 * a recursive CTE, and their daily rollups built in bulk with the same rules ingest applies
 * one event at a time (the rules themselves are tested in server.test.ts). The reports are
 * then asked for over HTTP (in-process), for the last 30 days.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../src/server.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { dayColumn } from '../src/store/sqlite/day-columns.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const USERS = 50_000;
const DAYS = 60;
const DAY0 = Math.floor(Date.parse('2026-01-01T00:00:00Z') / 86_400_000);

const dir = mkdtempSync(join(tmpdir(), 'tp-bench-reports-'));
const store = openSqliteStore(join(dir, 'bench.db'));
const db = store.db;
const project = await store.createProject({ name: 'bench', writeKey: 'wk_r', secretKey: 'sk_r', origins: [] });
const content = {
  version: 1,
  settings: { holdout: 10 },
  features: Array.from({ length: 10 }, (_, i) => ({ id: `f${i}`, selector: `.f${i}` })),
  flows: [{ id: 'tour', steps: Array.from({ length: 5 }, (_, i) => ({ id: `s${i}` })) }],
};
await store.publishContent(project.id, JSON.stringify(content), '"bench"');

const t0 = performance.now();
db.pragma('synchronous = OFF');
const DAY_COLUMNS = Array.from({ length: 32 }, (_, k) => dayColumn(k));
// Event i: user i % USERS, day (i / USERS) % DAYS; kinds by i % 10: 6 pages, 2 feature uses, 1 step view, 1 flow start.
db.exec(`
  CREATE TEMP TABLE gen AS WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${EVENTS - 1}) SELECT i FROM n;
  INSERT INTO events (project_id, message_id, type, event, user_id, anonymous_id, group_id, timestamp, received_at, payload)
  SELECT ${project.id}, 'm' || i,
         CASE WHEN i % 10 < 6 THEN 'page' ELSE 'track' END,
         CASE i % 10 WHEN 6 THEN 'Feature Used' WHEN 7 THEN 'Feature Used' WHEN 8 THEN 'Flow Step Viewed' WHEN 9 THEN 'Flow Started' END,
         'u' || (i % ${USERS}), NULL, NULL,
         ((${DAY0} + (i / ${USERS}) % ${DAYS}) * 86400000) + (i % 86400) * 1000, 0,
         CASE i % 10 WHEN 6 THEN json_object('properties', json_object('feature_id', 'f' || (i % 7)))
                     WHEN 7 THEN json_object('properties', json_object('feature_id', 'f' || (i % 10)))
                     WHEN 8 THEN json_object('properties', json_object('flow_id', 'tour', 'step_id', 's' || (i % 5), 'step_index', i % 5))
                     WHEN 9 THEN json_object('properties', json_object('flow_id', 'tour'))
                     ELSE '{}' END
  FROM gen;
  DROP TABLE gen;
`);
const loaded = performance.now();
// The rollups, in bulk, with ingest's rules: active; each event; each feature; flow start and
// step views; each user's events per name and day, and the events per day (as migrations 0019
// and 0020 fill them).
db.exec(`
  CREATE TEMP TABLE daily (kind TEXT, key TEXT, day INTEGER, user_key TEXT, PRIMARY KEY (kind, key, day, user_key)) WITHOUT ROWID;
  INSERT OR IGNORE INTO daily SELECT 'active', '', timestamp / 86400000, user_id FROM events WHERE project_id = ${project.id};
  INSERT OR IGNORE INTO daily SELECT 'event', event, timestamp / 86400000, user_id FROM events WHERE project_id = ${project.id} AND type = 'track';
  INSERT OR IGNORE INTO daily SELECT 'feature', json_extract(payload, '$.properties.feature_id'), timestamp / 86400000, user_id FROM events WHERE project_id = ${project.id} AND event = 'Feature Used';
  INSERT OR IGNORE INTO daily SELECT 'flow', 'tour' || char(0) || 'started', timestamp / 86400000, user_id FROM events WHERE project_id = ${project.id} AND event = 'Flow Started';
  INSERT OR IGNORE INTO daily SELECT 'flow', 'tour' || char(0) || 'step' || char(0) || json_extract(payload, '$.properties.step_index') || char(0) || json_extract(payload, '$.properties.step_id'),
           timestamp / 86400000, user_id FROM events WHERE project_id = ${project.id} AND event = 'Flow Step Viewed';
  INSERT INTO user_days (project_id, kind, key, block, user_key, tier, bits)
    SELECT ${project.id}, kind, key, day >> 5, user_key, '', 1 << (day & 31) FROM daily WHERE true
    ON CONFLICT DO UPDATE SET bits = bits | excluded.bits;
  DROP TABLE daily;
  INSERT INTO user_events (project_id, event, block, user_key, ${DAY_COLUMNS.join(', ')})
    SELECT project_id, event, day >> 5, user_id, ${DAY_COLUMNS.map((_, k) => `SUM(day & 31 = ${k})`).join(', ')}
    FROM (SELECT project_id, event, timestamp / 86400000 AS day, user_id FROM events WHERE project_id = ${project.id} AND type = 'track')
    GROUP BY event, day >> 5, user_id;
  INSERT INTO daily_events (project_id, day, events)
    SELECT project_id, timestamp / 86400000 AS day, COUNT(*) FROM events WHERE project_id = ${project.id} GROUP BY day;
`);
db.pragma('synchronous = NORMAL');
const rolled = performance.now();
const rollupRows = db.prepare('SELECT COUNT(*) FROM user_days').pluck().get() as number;
const userEventRows = db.prepare('SELECT COUNT(*) FROM user_events').pluck().get() as number;

const app = await buildServer({ store, rateLimit: false, healthIntervalMs: 0 });
const to = new Date((DAY0 + DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
const from = new Date((DAY0 + DAYS - 30) * 86_400_000).toISOString().slice(0, 10);
async function time(url: string) {
  const times: number[] = [];
  let body: unknown;
  for (let i = 0; i < 11; i++) {
    const t = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer sk_r' } });
    times.push(performance.now() - t);
    body = res.json();
  }
  times.sort((a, b) => a - b);
  return { median: times[5]!, slowest: times[10]!, body };
}
const adoption = await time(`/v1/reports/adoption?from=${from}&to=${to}`);
const funnel = await time(`/v1/reports/flows/tour?from=${from}&to=${to}`);
const overview = await time(`/v1/reports/overview?from=${from}&to=${to}`);
const holdout = await time(`/v1/reports/holdout?event=Feature%20Used&from=${from}&to=${to}`);
const memory = process.memoryUsage();
await app.close();
rmSync(dir, { recursive: true, force: true });

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
console.log(`\nReports over ${EVENTS.toLocaleString('en-US')} events (${USERS.toLocaleString('en-US')} users, ${DAYS} days; SQLite), last 30 days`);
console.log(
  `  adoption report  median ${adoption.median.toFixed(1)} ms, slowest ${adoption.slowest.toFixed(1)} ms (${(adoption.body as { activeUsers: number }).activeUsers} active users, 10 features)`,
);
console.log(`  funnel report    median ${funnel.median.toFixed(1)} ms, slowest ${funnel.slowest.toFixed(1)} ms (5 steps)`);
console.log(`  overview report  median ${overview.median.toFixed(1)} ms, slowest ${overview.slowest.toFixed(1)} ms (events and active users per day)`);
const held = holdout.body as { holdout: { users: number }; rest: { users: number } };
console.log(
  `  holdout report   median ${holdout.median.toFixed(1)} ms, slowest ${holdout.slowest.toFixed(1)} ms (${held.holdout.users + held.rest.users} active users, Feature Used per user)`,
);
console.log(
  `  rollup rows      ${rollupRows.toLocaleString('en-US')} user_days, ${userEventRows.toLocaleString('en-US')} user_events (events written in ${((loaded - t0) / 1000).toFixed(0)} s, rolled up in ${((rolled - loaded) / 1000).toFixed(0)} s)`,
);
console.log(`  collector memory rss ${mb(memory.rss)}, heap ${mb(memory.heapUsed)}`);
