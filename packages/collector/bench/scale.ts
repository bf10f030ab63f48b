/**
 * `pnpm bench`: the scaled installation (CONTRACT §9) side by side with the embedded default,
 * in one run on this machine: ingest throughput of one SQLite collector, one collector on
 * ClickHouse and PostgreSQL, and two such collectors sharing them (each driven by its own
 * autocannon, as a load balancer would spread clients), with every process's memory. Report
 * latency over 10M events on both stores is bench/reports.ts (SQLite) and bench/clickhouse.ts.
 *
 * The servers are throwaway (test/support): ClickHouse 18.16 and PostgreSQL 15 here.
 * Every collector counts the rate limit, the per-address limit and the ingest quota (set too high
 * to refuse anything), as collectors in production do: on the scaled setup they are counted in
 * PostgreSQL. BENCH_SECONDS sets each run's length (default 8), BENCH_CONNECTIONS the
 * connections per collector (default 16).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startScaledInstallation } from '../../../test/support/scaled-installation.js';
import { BATCH, bodies, CLI, load, rssMb, serveForLoad } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const dir = mkdtempSync(join(tmpdir(), 'tp-bench-scale-'));

function createProject(storeArgs: string[]) {
  const created = spawnSync(process.execPath, [CLI, 'project', 'create', 'bench', ...storeArgs, '--write-key', 'wk_scale', '--secret-key', 'sk_scale']);
  if (created.status !== 0) throw new Error(created.stderr.toString());
}

/** Runs `collectors` processes on one store, each under its own load; events/s of all, and each one's memory after. */
async function measure(storeArgs: string[], collectors: number) {
  const servers = await Promise.all(Array.from({ length: collectors }, () => serveForLoad(storeArgs, { countLimits: true })));
  try {
    const results = await Promise.all(servers.map((s, i) => load(s.url, bodies('wk_scale', `c${collectors}-${i}-`), CONNECTIONS, SECONDS)));
    const failed = results.reduce((n, r) => n + r.non2xx + r.errors, 0);
    if (failed) throw new Error(`${failed} requests failed`);
    return {
      eventsPerSecond: results.reduce((n, r) => n + r.requests.average, 0) * BATCH,
      p50: Math.max(...results.map((r) => r.latency.p50)),
      p99: Math.max(...results.map((r) => r.latency.p99)),
      rss: servers.map((s) => s.rssMb()),
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

const sqliteArgs = ['--db', join(dir, 'bench.db')];
createProject(sqliteArgs);
const sqlite = await measure(sqliteArgs, 1);

const installation = await startScaledInstallation();
const one = await installation.storeArgs();
createProject(one);
const scaledOne = await measure(one, 1);
const two = await installation.storeArgs();
createProject(two);
const scaledTwo = await measure(two, 2);
const serverRss = (name: string) => {
  const found = spawnSync('pgrep', ['-f', name], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).map(Number);
  return found.reduce((mb, pid) => mb + rssMb(pid), 0);
};
const clickhouseRss = serverRss('clickhouse-server --config-file');
const postgresRss = serverRss('postgres -D');
await installation.stop();
rmSync(dir, { recursive: true, force: true });

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (n: number) => `${Math.round(n)} MB`;
console.log(
  `\nScale: ingest of ${BATCH}-event batches, ${CONNECTIONS} connections per collector, ${SECONDS} s each, all on this machine (${(await import('node:os')).cpus().length} cores)`,
);
console.log(
  `  SQLite, 1 collector                 ${fmt(sqlite.eventsPerSecond)} events/s  p50 ${sqlite.p50} ms  p99 ${sqlite.p99} ms  collector ${mb(sqlite.rss[0]!)}`,
);
console.log(
  `  ClickHouse + PostgreSQL, 1 collector  ${fmt(scaledOne.eventsPerSecond)} events/s  p50 ${scaledOne.p50} ms  p99 ${scaledOne.p99} ms  collector ${mb(scaledOne.rss[0]!)}`,
);
console.log(
  `  ClickHouse + PostgreSQL, 2 collectors ${fmt(scaledTwo.eventsPerSecond)} events/s  p50 ${scaledTwo.p50} ms  p99 ${scaledTwo.p99} ms  collectors ${scaledTwo.rss.map(mb).join(', ')}`,
);
console.log(
  `  ratio 2 collectors / SQLite         ${(scaledTwo.eventsPerSecond / sqlite.eventsPerSecond).toFixed(2)} (goal 1.5 on a machine with cores to spare)`,
);
console.log(`  servers after the runs              ClickHouse ${mb(clickhouseRss)}, PostgreSQL ${mb(postgresRss)}`);
