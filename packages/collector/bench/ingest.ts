/**
 * `pnpm bench`: ingest throughput of 100-event batches over HTTP keep-alive on loopback,
 * side by side with the raw rate of inserting the same rows into SQLite in one process.
 * The ratio is the figure (aim: at least 0.5). Also p50/p99 request latency and the
 * gzipped size of the script-tag bundle.
 *
 * The collector runs as `touchpoint serve` (the built CLI) in its own process, exactly as
 * deployed; autocannon drives it from this one. BENCH_SECONDS sets the HTTP run's length.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { normalizeRequest } from '../src/ingest.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { BATCH, bodies, CLI, load, serveForLoad } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const dir = mkdtempSync(join(tmpdir(), 'tp-bench-'));

const body = bodies('wk_bench');

/** The rate of the store alone, in this process: with the report rollups (as deployed) or without. */
function rawSqliteRate(rollups = true): { rowsPerSecond: number } {
  const store = openSqliteStore(join(dir, `raw-${rollups}.db`), { rollups });
  const project = store.db
    .prepare("INSERT INTO projects (name, write_key, secret_key, created_at) VALUES ('raw', 'wk_raw', 'sk_raw', 0) RETURNING id")
    .pluck()
    .get() as number;
  const batches = Array.from({ length: 2000 }, () => normalizeRequest(JSON.parse(body()) as Record<string, unknown>, undefined, Date.now()).rows);
  const start = process.hrtime.bigint();
  for (const rows of batches) void store.insertEvents(project, rows);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  void store.close();
  return { rowsPerSecond: (batches.length * BATCH) / seconds };
}

async function httpRate() {
  const db = join(dir, 'http.db');
  const created = spawnSync(process.execPath, [CLI, 'project', 'create', 'bench', '--db', db, '--write-key', 'wk_bench', '--secret-key', 'sk_bench']);
  if (created.status !== 0) throw new Error(created.stderr.toString());
  const server = await serveForLoad(['--db', db]);
  const url = server.url;
  const run = (connections: number, duration: number) => load(url, body, connections, duration);
  // One connection: the latency of a request on its own, without queueing.
  const single = await run(1, 3);
  // Enough connections to keep the server busy: throughput, and latency under saturation.
  const result = await run(CONNECTIONS, SECONDS);
  const stored = spawnSync('node', [
    '-e',
    `const D=require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});console.log(new D(${JSON.stringify(db)},{readonly:true}).prepare('select count(*) from events').pluck().get())`,
  ]);
  await server.stop();
  if (result.non2xx || result.errors || single.non2xx || single.errors) throw new Error(`${result.non2xx} non-2xx responses, ${result.errors} errors`);
  return {
    requestsPerSecond: result.requests.average,
    eventsPerSecond: result.requests.average * BATCH,
    p50: result.latency.p50,
    p99: result.latency.p99,
    singleP50: single.latency.p50,
    singleP99: single.latency.p99,
    total: result.requests.total + single.requests.total,
    stored: Number(stored.stdout.toString().trim()),
  };
}

const raw = rawSqliteRate();
const noRollups = rawSqliteRate(false);
const http = await httpRate();
const bundle = readFileSync(createRequire(import.meta.url).resolve('@touchpoint/sdk/script'));
rmSync(dir, { recursive: true, force: true });

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`\nIngest, ${BATCH}-event batches (${Buffer.byteLength(body())} bytes each), ${CONNECTIONS} keep-alive connections, ${SECONDS} s`);
console.log(`  HTTP ingest           ${fmt(http.eventsPerSecond)} events/s (${fmt(http.requestsPerSecond)} requests/s)`);
console.log(`  raw SQLite inserts    ${fmt(raw.rowsPerSecond)} rows/s (same rows, one transaction per 100, one process)`);
console.log(`  ratio HTTP / raw      ${(http.eventsPerSecond / raw.rowsPerSecond).toFixed(2)}`);
console.log(
  `  rollups' cost         ${fmt(noRollups.rowsPerSecond)} rows/s without the report rollups, so they cost ${Math.round((1 - raw.rowsPerSecond / noRollups.rowsPerSecond) * 100)}% of the store's rate`,
);
console.log(`  latency, saturated    p50 ${http.p50} ms, p99 ${http.p99} ms (${CONNECTIONS} requests in flight: mostly queueing)`);
console.log(`  latency, one client   p50 ${http.singleP50} ms, p99 ${http.singleP99} ms`);
console.log(`  stored                ${fmt(http.stored)} of ${fmt(http.total * BATCH)} events acknowledged`);
console.log(`Script-tag bundle       ${bundle.length} bytes, ${gzipSync(bundle, { level: 9 }).length} bytes gzipped (budget 8 KB, enforced by size-limit)`);
if (http.stored < http.total * BATCH) {
  console.error('every acknowledged event must be stored');
  process.exit(1);
}
