#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { validateContent } from '@touchpoint/content';
import { checkCommand } from './check/check-command.js';
import { ContentError, readJson, UsageError } from './cli-support.js';
import { DEFAULT_DB, openStoreFor, parse, STORE_FLAGS } from './cli-store.js';
import { createProject, listProjects } from './cli-projects.js';
import { userCommand } from './cli-users.js';
import { hashPassword } from './passwords.js';
import { publishContent } from './routes/content.js';
import { backfillClickFeatures } from './retroactive.js';
import { buildServer, type LogLevel } from './server.js';
import type { Store } from './store/store.js';

/** Keys of the project `serve --demo` creates: for trying Touchpoint locally, never for production. */
const DEMO_KEYS = { writeKey: 'wk_demo', secretKey: 'sk_demo' };
/** The owner of the demo project `serve --demo` creates, to sign in to the dashboard: for trying Touchpoint locally only. */
const DEMO_OWNER = { email: 'demo@touchpoint.dev', password: 'touchpoint-demo' };

const HELP = `touchpoint: the Touchpoint collector

Usage:
  touchpoint serve [--port 8787] [--host 127.0.0.1] [--db PATH] [--store sqlite|clickhouse]
                   [--clickhouse-url URL] [--metadata-url URL] [--rate-limit N] [--demo DIR] [--log-level LEVEL]
                   [--rate-limit-messages N] [--rate-limit-bytes N] [--trust-proxy LIST]
                   [--header-timeout S] [--body-timeout S] [--idle-timeout S] [--max-connections N]
                   [--allow-private-webhooks] [--webhook-timeout S] [--login-attempts N] [--journeys-every S]
                   [--smtp-url URL --mail-from ADDR] [--public-url URL]
  touchpoint project create NAME [--db PATH] [--write-key K] [--secret-key S] [--origin URL]... [--json]
                    (makes the production project and its staging environment, each with its own keys)
  touchpoint project list [--db PATH] [--json]
  touchpoint user create EMAIL --role owner|publisher|editor|viewer [--project NAME]... [--db PATH]
  touchpoint migrate [--db PATH]
  (every command with --db also takes --store clickhouse --clickhouse-url URL [--metadata-url URL])
  touchpoint content validate FILE [--allow-private-webhooks]
  touchpoint content publish FILE --url URL --secret-key S [--allow-private-webhooks]
  touchpoint check --url APP_URL [--url …] (--content FILE | --collector URL --secret-key S [--draft])
                   [--timeout S]
  touchpoint --version

Options:
  --port N          port to listen on (default: the PORT environment variable, else 8787)
  --db PATH         SQLite database file (default ${DEFAULT_DB})
  --store clickhouse --clickhouse-url URL
                    keep events and every report fact in ClickHouse (http://HOST:8123, a database
                    as its path: http://HOST:8123/touchpoint); the rest stays in --db
  --metadata-url URL
                    keep projects, keys, content, health and the alert outbox in PostgreSQL
                    (postgres://USER:PASSWORD@HOST:5432/DB): with --store clickhouse, any number
                    of collectors share the installation
  --rate-limit N    requests a minute per key and client IP before 429 (default 1200; 0 turns it off);
                    requests with unknown or no keys share one bucket per client IP, and
                    all requests from one IP count against 5 times N before their body is read
  --rate-limit-messages N
                    messages a minute per write key and client IP (default 60000; 0 turns it off)
  --rate-limit-bytes N
                    body bytes (decoded) a minute per write key and client IP (default 100000000; 0: off)
  --trust-proxy LIST
                    take the client IP from X-Forwarded-For when the peer is one of these proxies:
                    addresses and CIDR ranges, or loopback, linklocal, uniquelocal; comma-separated
  --login-attempts N
                    dashboard sign-in attempts a minute per account (default 10); per client IP, 5 times N
  --header-timeout S  seconds a client has to send a request's headers (default 10)
  --body-timeout S  seconds a client has to send a whole request (default 30); then 408
  --idle-timeout S  seconds an idle keep-alive connection stays open (default 5; Node adds 1)
  --max-connections N
                    open connections at most; more are closed as they come (default 1024)
  --log-level LEVEL structured logs (JSON lines) at fatal, error, warn (default), info, debug, trace
                    or silent; --log is --log-level info
  --allow-private-webhooks
                    let alert webhooks reach loopback, private and link-local addresses
  --webhook-timeout S
                    seconds a webhook delivery or an email's sending may take (default 10)
  --smtp-url URL    the SMTP server that sends journey email: smtp://USER:PASSWORD@HOST:587 (STARTTLS
                    when offered) or smtps://…:465; without it, journey emails stay queued
  --mail-from ADDR  the sender of journey email ("Acme <hello@acme.example>"); required with --smtp-url
  --public-url URL  where people reach this collector (https://touchpoint.example.com): the base of the
                    unsubscribe links in journey email (required with --smtp-url)
  --journeys-every S
                    run every project's published journeys every S seconds (default 300; 0 turns the
                    schedule off: POST /v1/journeys/run still runs them)
  --demo DIR        serve DIR at /demo/ and create the demo project (keys ${DEMO_KEYS.writeKey} / ${DEMO_KEYS.secretKey})
                    and its owner (${DEMO_OWNER.email} / ${DEMO_OWNER.password})
  --origin URL      an origin allowed to send events with the write key (repeatable; none means any)

check opens each --url in headless Chromium (CHROMIUM_PATH, else /usr/bin/chromium, else Google Chrome, else
\`npx playwright install chromium\`'s) and looks for every step and tooltip target of the content that lives
on that URL, as the SDK does (open shadow roots, same-origin iframes, fallback selectors), waiting as the SDK
waits: the step's timeout, else --timeout S (default 5). It prints one line per target that is missing or
matches more than one element, \`flow/step  selector  url  missing|ambiguous(N)\`, and exits 1 if there is any.
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'project':
      if (rest[0] === 'create') return createProject(rest.slice(1));
      if (rest[0] === 'list') return listProjects(rest.slice(1));
      throw new UsageError(`unknown project command "${rest[0] ?? ''}" (expected create or list)`);
    case 'check':
      return checkCommand(rest);
    case 'user':
      return userCommand(rest);
    case 'migrate':
      return migrateStores(rest);
    case 'content':
      if (rest[0] === 'validate') return validateFile(rest.slice(1));
      if (rest[0] === 'publish') return publishFile(rest.slice(1));
      throw new UsageError(`unknown content command "${rest[0] ?? ''}" (expected validate or publish)`);
    case '--version':
    case '-v':
      console.log(version());
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function serve(args: string[]): Promise<number> {
  // `pnpm start -- --port 8788` passes the `--` along; serve takes no positionals, so it means nothing here.
  const { values } = parse(
    args.filter((a) => a !== '--'),
    {
      port: { type: 'string', default: process.env.PORT || '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      ...STORE_FLAGS,
      'rate-limit': { type: 'string', default: '1200' },
      'rate-limit-messages': { type: 'string', default: '60000' },
      'rate-limit-bytes': { type: 'string', default: '100000000' },
      'trust-proxy': { type: 'string' },
      'header-timeout': { type: 'string', default: '10' },
      'body-timeout': { type: 'string', default: '30' },
      'idle-timeout': { type: 'string', default: '5' },
      'max-connections': { type: 'string', default: '1024' },
      'log-level': { type: 'string', default: 'warn' },
      'allow-private-webhooks': { type: 'boolean', default: false },
      'webhook-timeout': { type: 'string', default: '10' },
      'login-attempts': { type: 'string', default: '10' },
      'smtp-url': { type: 'string' },
      'mail-from': { type: 'string' },
      'public-url': { type: 'string' },
      'journeys-every': { type: 'string', default: '300' },
      demo: { type: 'string' },
      log: { type: 'boolean', default: false },
    },
  );
  const port = integer(values.port, args.some((a) => a.startsWith('--port')) || !process.env.PORT ? '--port' : 'PORT', 0, 65535);
  const rateLimit = integer(values['rate-limit'], '--rate-limit', 0, 1e9);
  const messagesPerMinute = integer(values['rate-limit-messages'], '--rate-limit-messages', 0, 1e9);
  const bytesPerMinute = integer(values['rate-limit-bytes'], '--rate-limit-bytes', 0, 1e12);
  const connections = {
    headersTimeoutMs: seconds(values['header-timeout'], '--header-timeout'),
    bodyTimeoutMs: seconds(values['body-timeout'], '--body-timeout'),
    idleTimeoutMs: seconds(values['idle-timeout'], '--idle-timeout'),
    max: integer(values['max-connections'], '--max-connections', 1, 1e6),
  };
  const logLevel = values.log ? 'info' : values['log-level'];
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const trustProxy = values['trust-proxy'] === undefined ? undefined : proxies(values['trust-proxy']);
  const mail = mailFlags(values['smtp-url'], values['mail-from'], values['public-url']);
  // Refuse to start on storage that cannot be written: every ingest would fail.
  const opened = await openStoreFor(values, { coordinate: true, log: (m) => console.error(m) });
  const { store } = opened;
  try {
    await store.migrate?.();
    await store.checkWritable();
  } catch (e) {
    await opened.coordination?.close();
    await store.close();
    throw new Error(
      `cannot write to ${values['clickhouse-url'] ? opened.description : `the database at ${values.db}`} (${(e as { code?: string }).code ?? 'error'}: ${(e as Error).message}); ${
        values['clickhouse-url'] ? 'check that the servers answer and the user may write' : 'check its permissions and the free disk space'
      }`,
    );
  }
  const allowPrivateWebhooks = values['allow-private-webhooks'];
  if (values.demo) await ensureDemoProject(store, values.demo);
  const app = await buildServer({
    store,
    ...(opened.coordination && { coordination: opened.coordination }),
    rateLimit: rateLimit || false,
    ingestQuota: messagesPerMinute || bytesPerMinute ? { messagesPerMinute: messagesPerMinute || Infinity, bytesPerMinute: bytesPerMinute || Infinity } : false,
    connections,
    trustProxy,
    allowPrivateWebhooks,
    webhookTimeoutMs: seconds(values['webhook-timeout'], '--webhook-timeout'),
    loginThrottle: { perAccount: integer(values['login-attempts'], '--login-attempts', 1, 1e6) },
    ...mail,
    journeysIntervalMs: integer(values['journeys-every'], '--journeys-every', 0, 86_400) * 1000,
    demoDir: values.demo,
    logger: logLevel as LogLevel,
  });
  try {
    await app.listen({ port, host: values.host });
  } catch (e) {
    await app.close();
    const code = (e as NodeJS.ErrnoException).code;
    const pick = 'pick another with --port N (pnpm start -- --port N) or PORT=N';
    if (code === 'EADDRINUSE') throw new Error(`port ${port} on ${values.host} is already in use (another collector?); ${pick}`);
    if (code === 'EACCES') throw new Error(`port ${port} on ${values.host} needs privileges this process lacks; ${pick}`);
    throw e;
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const base = `http://${values.host.includes(':') ? `[${values.host}]` : values.host}:${actualPort}`;
  // A wildcard address is where it listens, not where a browser goes.
  const browse = ['0.0.0.0', '::'].includes(values.host) ? `http://localhost:${actualPort}` : base;
  console.log(`Touchpoint collector listening on ${base} (${opened.description})`);
  if (values.demo) {
    console.log(`  demo:      ${browse}/demo/`);
    console.log(`  events:    curl -H 'Authorization: Bearer ${DEMO_KEYS.secretKey}' ${browse}/v1/events`);
  }
  console.log(
    mail.smtpUrl
      ? `  email:     journey email from ${mail.mailFrom} through ${new URL(mail.smtpUrl).host}; unsubscribe links at ${mail.publicUrl}`
      : '  email:     no SMTP server: journey emails stay queued until a collector runs with --smtp-url URL --mail-from ADDR --public-url URL',
  );
  console.log(
    `  dashboard: ${browse}/dashboard/${values.demo ? ` (sign in as ${DEMO_OWNER.email} / ${DEMO_OWNER.password})` : ' (sign in as a user: touchpoint user create EMAIL --role owner)'}`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => void app.close().then(resolve, resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

/** The email flags, checked: an SMTP URL needs a sender, and each is what it says. */
function mailFlags(smtpUrl: string | undefined, mailFrom: string | undefined, publicUrl: string | undefined) {
  if (smtpUrl !== undefined) {
    if (!URL.canParse(smtpUrl) || !/^smtps?:$/.test(new URL(smtpUrl).protocol))
      throw new UsageError('--smtp-url must be smtp://[USER:PASSWORD@]HOST[:PORT] or smtps://…');
    if (!mailFrom) throw new UsageError('--smtp-url needs --mail-from ADDR: the sender of journey email');
    // Without it the unsubscribe links would name the listening address (often localhost) in mail sent to the world.
    if (publicUrl === undefined)
      throw new UsageError(
        '--smtp-url needs --public-url URL: where people reach this collector (https://touchpoint.example.com), the base of the unsubscribe links',
      );
  }
  if (mailFrom !== undefined && !/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/.test(mailFrom.trim()))
    throw new UsageError('--mail-from must be an address, or a name and an address: "Acme <hello@acme.example>"');
  if (publicUrl !== undefined && (!URL.canParse(publicUrl) || !/^https?:$/.test(new URL(publicUrl).protocol)))
    throw new UsageError('--public-url must be an http(s) URL: where people reach this collector, such as https://touchpoint.example.com');
  return { smtpUrl, mailFrom: mailFrom?.trim(), publicUrl };
}

/** The demo project, with DIR/content.json published as its content when present. */
async function ensureDemoProject(store: Store, dir: string) {
  const project = (await store.projectByWriteKey(DEMO_KEYS.writeKey, Date.now())) ?? (await store.createProject({ name: 'demo', ...DEMO_KEYS, origins: [] }));
  if (!(await store.userByEmail(DEMO_OWNER.email))) {
    const owner = await store.createUser({
      email: DEMO_OWNER.email,
      passwordHash: await hashPassword(DEMO_OWNER.password),
      mustChangePassword: false,
      createdAt: Date.now(),
    });
    await store.setMembership(owner.id, project.id, 'owner');
  }
  const file = join(dir, 'content.json');
  if (!existsSync(file)) return;
  const result = await publishContent(store, project, JSON.parse(readFileSync(file, 'utf8')));
  if (!result.ok) throw new Error(`${file} is not a valid content document:\n${result.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
  await backfillClickFeatures(store, project.id, result.newClickFeatures);
}

async function validateFile(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { 'allow-private-webhooks': { type: 'boolean', default: false } }, true);
  const result = validateContent(readJson(positionals[0]), { allowPrivateWebhooks: values['allow-private-webhooks'] });
  if (!result.ok) throw new ContentError(result.errors.map((e) => `${e.path || '(document)'}: ${e.message}`));
  console.log(`${positionals[0]} is a valid content document`);
  return 0;
}

async function publishFile(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    { url: { type: 'string' }, 'secret-key': { type: 'string' }, 'allow-private-webhooks': { type: 'boolean', default: false } },
    true,
  );
  if (!values.url || !values['secret-key']) throw new UsageError('content publish needs --url and --secret-key');
  const document = readJson(positionals[0]);
  const local = validateContent(document, { allowPrivateWebhooks: values['allow-private-webhooks'] });
  if (!local.ok) throw new ContentError(local.errors.map((e) => `${e.path || '(document)'}: ${e.message}`));
  const res = await fetch(new URL('/v1/content', values.url), {
    method: 'PUT',
    headers: { authorization: `Bearer ${values['secret-key']}`, 'content-type': 'application/json' },
    body: JSON.stringify(document),
  });
  const body = (await res.json().catch(() => ({}))) as { version?: number; error?: string; errors?: Array<{ path: string; message: string }> };
  if (res.status === 400 && body.errors) throw new ContentError(body.errors.map((e) => `${e.path || '(document)'}: ${e.message}`));
  if (!res.ok) throw new Error(`the collector answered ${res.status}: ${body.error ?? 'no details'}`);
  console.log(`published version ${body.version}`);
  return 0;
}

/** `touchpoint migrate`: creates or upgrades the schema of every store the flags name. */
async function migrateStores(args: string[]): Promise<number> {
  const { values } = parse(args, STORE_FLAGS);
  const { store, description } = await openStoreFor(values);
  try {
    // SQLite migrates as it opens; the others when asked.
    await store.migrate?.();
    console.log(`schema up to date: ${description}`);
    return 0;
  } finally {
    await store.close();
  }
}

function integer(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

/** A duration flag in seconds (fractions allowed), as milliseconds. */
function seconds(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new UsageError(`${name} must be a number of seconds from 0 to 3600`);
  return Math.round(n * 1000);
}

/** `--trust-proxy`: comma-separated addresses, CIDR ranges and proxy-addr's names, checked here so a typo does not trust nobody (or everybody). */
function proxies(list: string): string {
  const entries = list.split(',').map((e) => e.trim());
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!['loopback', 'linklocal', 'uniquelocal'].includes(entry) && (!family || !okBits || extra !== undefined)) {
      throw new UsageError(`--trust-proxy: "${entry}" is not an IP address, a CIDR range (10.0.0.0/8) or loopback, linklocal, uniquelocal`);
    }
  }
  return entries.join(',');
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof ContentError) {
      for (const line of e.lines) console.error(line);
      process.exit(1);
    }
    if (e instanceof UsageError) {
      console.error(`touchpoint: ${e.message}\nRun \`touchpoint --help\` for usage.`);
      process.exit(2);
    }
    console.error(`touchpoint: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
