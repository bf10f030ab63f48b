/** The chdb release the tests run on (ClickHouse 26.7.2 inside). */
export const CHDB_VERSION: string;
/** The npm prefix chdb is installed under (TOUCHPOINT_CHDB_DIR, default ~/.cache/touchpoint-chdb). */
export const CHDB_DIR: string;
/** The command that installs it there. */
export const CHDB_INSTALL: string;
/** The chdb version installed in CHDB_DIR, if any. */
export function installedChdbVersion(): string | undefined;
