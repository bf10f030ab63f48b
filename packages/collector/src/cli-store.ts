import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-support.js';
import { openStore, StoreLocationError, type OpenedStore } from './store/open-store.js';

/** The SQLite file commands use unless `--db` says otherwise. */
export const DEFAULT_DB = './.touchpoint/touchpoint.db';

/** Where the data is: the flags every command that opens the store takes (CONTRACT §1, §9). */
export const STORE_FLAGS = {
  db: { type: 'string', default: DEFAULT_DB },
  store: { type: 'string', default: 'sqlite' },
  'clickhouse-url': { type: 'string' },
  'metadata-url': { type: 'string' },
} as const;

type StoreFlags = { db: string; store: string; 'clickhouse-url'?: string; 'metadata-url'?: string };

/** Opens the store the flags name, or says plainly what is wrong with them. */
export async function openStoreFor(values: StoreFlags, options: Parameters<typeof openStore>[1] = {}): Promise<OpenedStore> {
  if (values.store !== 'sqlite' && values.store !== 'clickhouse') throw new UsageError(`unknown store "${values.store}" (expected sqlite or clickhouse)`);
  const clickhouseUrl = values['clickhouse-url'];
  const metadataUrl = values['metadata-url'];
  if (values.store === 'clickhouse' && !clickhouseUrl) throw new UsageError('--store clickhouse needs --clickhouse-url http://HOST:8123');
  if (values.store === 'sqlite' && clickhouseUrl) throw new UsageError('--clickhouse-url needs --store clickhouse');
  if (clickhouseUrl && !/^https?:\/\//.test(clickhouseUrl))
    throw new UsageError("--clickhouse-url must be an http:// or https:// URL (ClickHouse's HTTP interface, port 8123 by default)");
  if (metadataUrl && !/^postgres(ql)?:\/\//.test(metadataUrl)) throw new UsageError('--metadata-url must be a postgres:// URL');
  try {
    return await openStore({ db: values.db, ...(clickhouseUrl && { clickhouseUrl }), ...(metadataUrl && { metadataUrl }) }, options);
  } catch (e) {
    if (e instanceof StoreLocationError) throw new UsageError(e.message);
    throw new Error(`cannot open the store: ${(e as Error).message}`);
  }
}

type OptionSpec = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends OptionSpec> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>>;

/** Parses a command's flags strictly; a wrong one is a usage error. */
export function parse<O extends OptionSpec>(args: string[], options: O, allowPositionals = false): Parsed<O> {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
