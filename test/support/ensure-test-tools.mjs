// Run by `pnpm test` first: the tests need programs from the system's packages (test tools
// cannot download their own here): Debian's Chromium for the browser tests, and the
// ClickHouse server and PostgreSQL 15 the scaled store's tests start throwaway instances
// of. Installs what is missing with apt-get when possible, or says how.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const needs = [
  { what: 'Chromium', path: chromium, packages: ['chromium'], overridable: process.env.CHROMIUM_PATH },
  { what: 'the ClickHouse server', path: '/usr/sbin/clickhouse-server', packages: ['clickhouse-server', 'clickhouse-client'] },
  { what: 'PostgreSQL 15', path: '/usr/lib/postgresql/15/bin/initdb', packages: ['postgresql-15'] },
];
const missing = needs.filter((n) => !existsSync(n.path));
if (missing.length) {
  const packages = missing.flatMap((n) => n.packages);
  const root = process.getuid?.() === 0;
  const apt = existsSync('/usr/bin/apt-get');
  if (!root || !apt || missing.some((n) => n.overridable)) {
    for (const n of missing) console.error(`${n.what} was not found at ${n.path}.`);
    console.error(
      `Install them (Debian/Ubuntu: sudo apt-get install -y ${packages.join(' ')})${missing.some((n) => n.what === 'Chromium') ? ' or set CHROMIUM_PATH' : ''}.`,
    );
    process.exit(1);
  }
  console.log(`Installing what the tests need (apt-get install ${packages.join(' ')})…`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
