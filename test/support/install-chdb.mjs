// A current ClickHouse for the store's tests: npm `chdb` (ClickHouse 26.7 in-process, about
// 550 MB). Not a dependency of the product or of the workspace: it is installed into a cache
// folder of its own (TOUCHPOINT_CHDB_DIR, default ~/.cache/touchpoint-chdb), where the tests
// load it from (test/support/chdb-connection.ts).
//
// As a command (`.ci/run` runs it; so can you): installs it there unless that version is
// already there. Its package's install script does nothing (`node -e ""`), so none is run.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The chdb release the tests run on (ClickHouse 26.7.2 inside). */
export const CHDB_VERSION = '3.4.0';

/** The npm prefix chdb is installed under. */
export const CHDB_DIR = process.env.TOUCHPOINT_CHDB_DIR || join(homedir(), '.cache', 'touchpoint-chdb');

/** The command that installs it there. */
export const CHDB_INSTALL = `npm install --prefix ${CHDB_DIR} chdb@${CHDB_VERSION}`;

/** The chdb version installed in CHDB_DIR, if any. */
export function installedChdbVersion() {
  try {
    return JSON.parse(readFileSync(join(CHDB_DIR, 'node_modules', 'chdb', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const installed = installedChdbVersion();
  if (installed === CHDB_VERSION) console.log(`chdb ${CHDB_VERSION} is installed in ${CHDB_DIR}`);
  else {
    console.log(`installing chdb ${CHDB_VERSION} into ${CHDB_DIR}${installed ? ` (found ${installed})` : ''}`);
    execFileSync('npm', ['install', '--prefix', CHDB_DIR, '--no-audit', '--no-fund', '--ignore-scripts', `chdb@${CHDB_VERSION}`], { stdio: 'inherit' });
  }
}
