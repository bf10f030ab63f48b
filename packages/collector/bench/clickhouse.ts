/**
 * The ClickHouse store on a throwaway server (test/support/clickhouse-server.mjs):
 * 1. ingest through the batching writer: concurrent requests of 100 rows, as the collector
 *    passes them on, each answered once its rows are written;
 * 2. report reads over a bulk-loaded event stream (as bench/reports.ts loads SQLite): the
 *    rollups written with INSERT … SELECT in the shapes the writer writes, then the store's
 *    reads as the adoption, funnel, experiment, activity, holdout and health reports make them.
 *
 * node --conditions=source --import tsx packages/collector/bench/clickhouse.ts
 * BENCH_CH_INGEST (default 200000), BENCH_CH_EVENTS (default 10000000), BENCH_CH_USERS (default
 * 50000), CLICKHOUSE_URL to use a running server instead of starting one.
 */
import { startClickHouse } from '../../../test/support/clickhouse-server.mjs';
import { openClickHouseStore } from '../src/store/clickhouse-store.js';
import { httpConnection } from '../src/store/clickhouse/connection.js';
import { flowKey, type EventRow } from '../src/store/store.js';

const INGEST = Number(process.env.BENCH_CH_INGEST ?? 200_000);
const EVENTS = Number(process.env.BENCH_CH_EVENTS ?? 10_000_000);
const USERS = Number(process.env.BENCH_CH_USERS ?? 50_000);
const DAYS = 60;
const DAY = 86_400_000;
const DAY0 = Math.floor(Date.parse('2026-01-01T00:00:00Z') / DAY);

const server = process.env.CLICKHOUSE_URL ? { url: process.env.CLICKHOUSE_URL, stop: async () => {} } : await startClickHouse();
const admin = httpConnection(server.url);
const database = `bench_${Date.now()}`;
await admin.command(`CREATE DATABASE ${database}`);
const store = await openClickHouseStore(server.url, { database, requestTimeoutMs: 600_000 });
await store.migrate();

// 1. Ingest: 1 in 10 events a feature use, 1 in 10 a step view, the rest pages, in requests of 100.
function row(i: number): EventRow {
  const timestamp = (DAY0 + (i % DAYS)) * DAY + (i % 86_400) * 1000;
  const kind = i % 10;
  const properties = kind === 6 ? { feature_id: `f${i % 10}` } : kind === 7 ? { flow_id: 'tour', step_id: `s${i % 5}`, step_index: i % 5 } : undefined;
  const event = kind === 6 ? 'Feature Used' : kind === 7 ? 'Flow Step Viewed' : null;
  const userId = `u${i % USERS}`;
  const message = { type: event ? 'track' : 'page', messageId: `m${i}`, userId, event, properties, context: { groupId: `a${i % 500}` } };
  return {
    messageId: `m${i}`,
    type: event ? 'track' : 'page',
    event,
    userId,
    anonymousId: null,
    groupId: `a${i % 500}`,
    timestamp,
    receivedAt: timestamp,
    payload: JSON.stringify(message),
    properties,
  };
}
const REQUEST = 100;
const IN_FLIGHT = 50;
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    while (next < INGEST) {
      const start = next;
      next += REQUEST;
      const rows = Array.from({ length: Math.min(REQUEST, INGEST - start) }, (_, k) => row(start + k));
      await store.insertEvents(1, rows);
    }
  }),
);
const ingestSeconds = (performance.now() - t0) / 1000;

// 2. Reports over EVENTS events of project 2, written in bulk: event i of user i % USERS on day
// (i / USERS) % DAYS; by i % 10: 6 pages, 2 feature uses, 1 step view, 1 flow start (as
// bench/reports.ts), and every user exposed to one of two variants, 1 in 20 events a goal.
const t1 = performance.now();
const gen = `FROM numbers(${EVENTS})`;
const day = `toInt32(${DAY0} + intDiv(number, ${USERS}) % ${DAYS})`;
const user = `concat('u', toString(number % ${USERS}))`;
const db = httpConnection(server.url, { database, requestTimeoutMs: 600_000 });
await db.command(`INSERT INTO user_days_in SELECT 2, 'active', '', ${day}, '', ${user} ${gen}`);
await db.command(
  `INSERT INTO user_days_in SELECT 2, 'event', if(number % 10 = 9, 'Flow Started', if(number % 10 = 8, 'Flow Step Viewed', 'Feature Used')), ${day}, '', ${user} ${gen} WHERE number % 10 >= 6`,
);
await db.command(
  `INSERT INTO user_days_in SELECT 2, 'feature', concat('f', toString(if(number % 10 = 6, number % 7, number % 10))), ${day}, '', ${user} ${gen} WHERE number % 10 IN (6, 7)`,
);
await db.command(
  `INSERT INTO user_days_in SELECT 2, 'flow', if(number % 10 = 9, ${`'tour\\0started'`}, concat('tour\\0step\\0', toString(number % 5), '\\0s', toString(number % 5))), ${day}, '', ${user} ${gen} WHERE number % 10 >= 8`,
);
await db.command(
  `INSERT INTO exposures_in SELECT 2, 'exp', ${user}, if(number % 2 = 0, 'a', 'b'), (${day}) * ${DAY} + number % 1000, concat('x', toString(number)) FROM numbers(${USERS})`,
);
await db.command(
  `INSERT INTO goals SELECT 2, 'exp', concat('g', toString(number)), ${user}, '', (${day}) * ${DAY} + 5000, ${30 * DAY} ${gen} WHERE number % 20 = 0`,
);
await db.command(`INSERT INTO daily_events_in SELECT 2, ${day}, ${user}, concat('m', toString(number)) ${gen}`);
// Each user's tracked events per name and day (factsOf's `event`): the holdout report's counts.
await db.command(
  `INSERT INTO user_events_in SELECT 2, if(number % 10 = 9, 'Flow Started', if(number % 10 = 8, 'Flow Step Viewed', 'Feature Used')), ${day}, ${user}, concat('m', toString(number)) ${gen} WHERE number % 10 >= 6`,
);
// Every event of a user is in one of 500 accounts: its active day, and the feature, step and
// flow events counted by name (as factsOf's accountCounts); one group call an account.
const account = `concat('a', toString(number % 500))`;
await db.command(`INSERT INTO account_daily_in SELECT 2, ${account}, ${day}, '', ${user}, concat('m', toString(number)) ${gen}`);
await db.command(
  `INSERT INTO account_daily_in SELECT 2, ${account}, ${day}, if(number % 10 = 9, 'Flow Started', if(number % 10 = 8, 'Flow Step Viewed', 'Feature Used')), ${user}, concat('m', toString(number)) ${gen} WHERE number % 10 >= 6`,
);
await db.command(
  `INSERT INTO account_calls SELECT 2, ${account}, ${DAY0 * DAY}, concat('c', toString(number)), if(number % 2 = 0, 'pro', 'free'), '{}' FROM numbers(500)`,
);
// Past days merged into one part each, as ClickHouse leaves a day that stopped receiving rows;
// the last day still of several parts (1 in 100 of its messages written again, as a retry).
for (const table of ['user_days', 'user_events', 'daily_events', 'account_daily']) await db.command(`OPTIMIZE TABLE ${table} FINAL`);
const lastDay = `(${day}) = ${DAY0 + DAYS - 1} AND number % 100 = 0`;
await db.command(`INSERT INTO daily_events_in SELECT 2, ${day}, ${user}, concat('m', toString(number)) ${gen} WHERE ${lastDay}`);
await db.command(`INSERT INTO account_daily_in SELECT 2, ${account}, ${day}, '', ${user}, concat('m', toString(number)) ${gen} WHERE ${lastDay}`);
const loadSeconds = (performance.now() - t1) / 1000;
const [{ rows: rollupRows } = { rows: 0 }] = await db.query<{ rows: number }>('SELECT count() AS rows FROM user_days WHERE project_id = 2');

const range = { from: DAY0 + DAYS - 30, to: DAY0 + DAYS - 1 };
async function time(what: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t = performance.now();
    await what();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return `median ${times[5]!.toFixed(0)} ms, slowest ${times[10]!.toFixed(0)} ms`;
}
const adoption = await time(async () => {
  await store.distinctUsers(2, 'active', [''], range);
  await Promise.all(Array.from({ length: 10 }, (_, i) => store.distinctUsersOfAny(2, [{ kind: 'feature', key: `f${i}` }], range)));
});
const funnel = await time(() =>
  store.distinctUsers(
    2,
    'flow',
    [flowKey('tour', 'started'), flowKey('tour', 'completed'), ...Array.from({ length: 5 }, (_, i) => flowKey('tour', { stepIndex: i, stepId: `s${i}` }))],
    range,
  ),
);
const experiment = await time(() => store.experimentCounts(2, 'exp'));
const activity = await time(() => store.dailyActivity(2, range));
const holdout = await time(() => store.eventsPerUser(2, 'Feature Used', range));
const health = await time(() => store.accountWindows(2, range));
const [{ rows: accountRows } = { rows: 0 }] = await db.query<{ rows: number }>('SELECT count() AS rows FROM account_daily WHERE project_id = 2');

await store.close();
await admin.command(`DROP DATABASE ${database}`);
await admin.close();
await db.close();
await server.stop();

console.log(`\nClickHouse store (server ${process.env.CLICKHOUSE_URL ? 'given' : 'started by the bench'})`);
console.log(
  `  ingest through the writer  ${Math.round(INGEST / ingestSeconds).toLocaleString('en-US')} events/s (${INGEST.toLocaleString('en-US')} events, ${IN_FLIGHT} requests of ${REQUEST} in flight)`,
);
console.log(
  `  reports over ${EVENTS.toLocaleString('en-US')} events (${USERS.toLocaleString('en-US')} users, ${DAYS} days), last 30 days; ${rollupRows.toLocaleString('en-US')} user-day rows, loaded in ${loadSeconds.toFixed(0)} s`,
);
console.log(`  adoption (active + 10 features)  ${adoption}`);
console.log(`  funnel (7 keys)                  ${funnel}`);
console.log(`  experiment (${USERS.toLocaleString('en-US')} exposures, ${(EVENTS / 20).toLocaleString('en-US')} goals)  ${experiment}`);
console.log(`  daily activity                   ${activity}`);
console.log(`  holdout (Feature Used per active user)  ${holdout}`);
console.log(`  health (account windows, 500 accounts, ${accountRows.toLocaleString('en-US')} account-day rows)  ${health}`);
