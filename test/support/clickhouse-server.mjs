// A throwaway ClickHouse server for tests, benchmarks and local trials: its own config, data
// and logs under a temp dir, listening on free ports of 127.0.0.1, stopped (and its folder
// removed) by `stop()`. Works with Debian's 18.16 (`apt-get install -y clickhouse-server
// clickhouse-client`) and with current releases (both read a `<yandex>` root).
//
// As a command, `node test/support/clickhouse-server.mjs` starts one, prints its URL on a line
// of its own, and stops it on Ctrl-C or SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CANDIDATES = ['/usr/bin/clickhouse-server', '/usr/sbin/clickhouse-server', '/usr/bin/clickhouse'];

/** The server binary: CLICKHOUSE_SERVER, else Debian's, else `clickhouse` (which runs `clickhouse server`). */
function serverCommand() {
  const explicit = process.env.CLICKHOUSE_SERVER;
  if (explicit) return explicit.endsWith('/clickhouse') ? [explicit, 'server'] : [explicit];
  for (const path of CANDIDATES) if (existsSync(path)) return path.endsWith('/clickhouse') ? [path, 'server'] : [path];
  const which = spawnSync('sh', ['-c', 'command -v clickhouse-server'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return [which.stdout.trim()];
  throw new Error(
    'clickhouse-server was not found. Install it (Debian/Ubuntu: sudo apt-get install -y clickhouse-server clickhouse-client) or set CLICKHOUSE_SERVER to its path.',
  );
}

/** A TCP port free on 127.0.0.1 now (the OS picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function config(dir, httpPort, tcpPort) {
  return `<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>${dir}/log/server.log</log>
    <errorlog>${dir}/log/error.log</errorlog>
    <size>10M</size>
    <count>1</count>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
</yandex>
`;
}

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default></default></quotas>
</yandex>
`;

async function pinged(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const response = await fetch(`${url}/ping`);
      if (response.ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/**
 * Starts a ClickHouse server of its own under a temp dir and waits until it answers `/ping`.
 *
 * @param {{ timeoutMs?: number }} [options] how long to wait for it (default 30 s)
 * @returns {Promise<{ url: string; dir: string; stop(): Promise<void> }>}
 */
export async function startClickHouse(options = {}) {
  const command = serverCommand();
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-clickhouse-'));
  for (const sub of ['data', 'tmp', 'user_files', 'format_schemas', 'log']) mkdirSync(join(dir, sub));
  const [httpPort, tcpPort] = [await freePort(), await freePort()];
  writeFileSync(join(dir, 'config.xml'), config(dir, httpPort, tcpPort));
  writeFileSync(join(dir, 'users.xml'), USERS);
  const child = spawn(command[0], [...command.slice(1), `--config-file=${join(dir, 'config.xml')}`], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${httpPort}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  if (!(await pinged(url, child, Date.now() + (options.timeoutMs ?? 30_000)))) {
    await stop();
    throw new Error(`clickhouse-server did not answer ${url}/ping:\n${stderr}`);
  }
  return { url, dir, stop };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const server = await startClickHouse();
  console.log(server.url);
  const quit = () => server.stop().then(() => process.exit(0));
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
}
