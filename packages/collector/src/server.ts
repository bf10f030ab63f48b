import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { MAX_REQUEST_BYTES, pageLoadShows } from '@touchpoint/content';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { authPlugin, type Authenticator } from './auth-plugin.js';
import { rateLimitBucket, registerAddressLimit } from './client-key.js';
import { createLocalCoordination, type Coordination } from './coordination.js';
import { quotaLimits, type IngestQuotaOptions } from './ingest-quota.js';
import { registerBodyParsing } from './body-parsing.js';
import { registerCors } from './cors.js';
import { createContentCache } from './content-cache.js';
import { createBackfills } from './retroactive.js';
import { registerContentRoutes } from './routes/content.js';
import { registerContentSchemaRoute } from './routes/content-schema.js';
import { registerDraftRoutes } from './routes/drafts.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerProjectRoutes } from './routes/project.js';
import { registerPromotionRoutes } from './routes/promotion.js';
import { registerAuditLog } from './audit.js';
import { registerToolRoutes } from './routes/team-tools.js';
import { registerEventRoutes } from './routes/events.js';
import { registerExperimentRoutes } from './routes/experiments.js';
import { registerReportRoutes } from './routes/reports.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { createHealthService } from './health-service.js';
import { createEmailPlanner } from './journeys/email/email-planner.js';
import { createSmtpSender } from './journeys/email/smtp-sender.js';
import { createOutbox } from './outbox.js';
import type { PlanEmail } from './journeys/contracts.js';
import { createJourneyService } from './journeys/journey-service.js';
import { registerJourneyRoutes } from './routes/journeys.js';
import { createTargetAlerts } from './target-alerts.js';
import { createLoginThrottle, type LoginThrottleOptions } from './login-throttle.js';
import { createSessions } from './sessions.js';
import { requestForLog } from './log-redaction.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerUserRoutes } from './routes/users.js';
import { registerProfileRoutes } from './routes/profile.js';
import { registerUnsubscribeRoutes } from './routes/unsubscribe.js';
import { registerIngestRoutes } from './routes/ingest.js';
import { registerSdkRoutes, type AssetPaths } from './routes/sdk-bundle.js';
import { rememberedPerKey } from './routes/sdk-first-visit.js';
import type { WebhookPostOptions } from './webhook.js';
import { isStorageError, type Store } from './store/store.js';
import { validationAnswer } from './validation-error.js';

export interface ServerOptions {
  store: Store;
  /**
   * How this instance agrees with the others sharing its installation (CONTRACT §9): content
   * caches, the health schedule, rate limits and quotas. The server closes it (before the
   * store). @default this process alone (`createLocalCoordination`), as on SQLite
   */
  coordination?: Coordination;
  /**
   * Requests a client may make per minute with one write key before getting 429 with
   * `Retry-After`. A client is a key and an IP address together; requests with unknown or no
   * keys share one bucket per IP, and every request from an IP counts against five times this
   * before its body is read. `false` turns both off.
   * @default 1200
   */
  rateLimit?: number | false;
  /**
   * Messages and bytes a client (a write key and an IP address) may send a minute before
   * getting 429 with `Retry-After`. `false` turns it off.
   */
  ingestQuota?: IngestQuotaOptions | false;
  /** Serve this folder at `/demo/` (and redirect `/` there). */
  demoDir?: string;
  /** Paths of the browser files (`/sdk.js`, `/sdk/engine.js`, `/sdk/ui.js`). @default the ones the packages built */
  sdkAssets?: AssetPaths;
  /** The dashboard's built files. @default the `@touchpoint/dashboard` package's dist/ */
  dashboardDir?: string;
  /**
   * Structured logs (pino, JSON lines on stdout) at this level and above: `error` and `warn`
   * report failures (storage, webhooks), `info` adds every request. `true` is `info`; an
   * object also names where the lines go.
   * @default false (the CLI logs at `warn` unless told otherwise)
   */
  logger?: boolean | LogLevel | { level: LogLevel; stream: { write(line: string): void } };
  /** Limits on connections, so that slow or idle clients cannot hold the server's memory or sockets. */
  connections?: ConnectionLimits;
  /** Recompute account health this often (ms); 0 turns the schedule off. @default 1 hour */
  healthIntervalMs?: number;
  /** Run every project's published journeys this often (ms); 0 turns the schedule off (`POST /v1/journeys/run` still runs them). @default 5 minutes */
  journeysIntervalMs?: number;
  /** The journeys' email channel. @default the built-in one (`journeys/email/`): rendered with an unsubscribe link, sent by the outbox through `smtpUrl`, queued while there is none */
  planEmail?: PlanEmail;
  /** First retry delay of a failed outbox job, an alert webhook or a journey email (doubles each time, up to an hour). @default 1000 */
  alertRetryBaseMs?: number;
  /**
   * Let health alert webhooks reach loopback, private and link-local addresses (a CRM on the
   * same network as a self-hosted collector). Checked when content is published and, on
   * every address the webhook's host resolves to, when an alert is sent. @default false
   */
  allowPrivateWebhooks?: boolean;
  /** A webhook's or an email's whole exchange must finish within this (ms); a claimed outbox job is held 5 s longer. @default 10000 */
  webhookTimeoutMs?: number;
  /** Name resolution for webhooks, for tests. @default node:dns lookup */
  webhookLookup?: WebhookPostOptions['lookup'];
  /**
   * The SMTP server that sends journey email: `smtp://user:password@host:587` (STARTTLS when
   * offered) or `smtps://…:465`. Without it, journey emails stay queued in the outbox (a
   * collector that has one sends them). @default none
   */
  smtpUrl?: string;
  /** The sender of journey email, `Name <address>` or an address; required with `smtpUrl`. */
  mailFrom?: string;
  /**
   * Where people reach this collector (`https://touchpoint.example.com`): the base of the
   * unsubscribe links in journey email. @default the address it listens on
   */
  publicUrl?: string;
  /** Trust X-Forwarded-For from these proxies (fastify's `trustProxy`). @default false */
  trustProxy?: boolean | string;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
  /** More ways to authenticate callers with a role, tried before the session cookie (see `auth-plugin.ts`), for tests. @default [] */
  authenticators?: readonly Authenticator[];
  /** Sign-in attempts a minute per account and per client IP before 429 (counted through the coordination). */
  loginThrottle?: LoginThrottleOptions;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ConnectionLimits {
  /** Time a client has to send a request's headers, from the start of the request. @default 10000 */
  headersTimeoutMs?: number;
  /** Time a client has to send a whole request, headers and body. @default 30000 */
  bodyTimeoutMs?: number;
  /** Time an idle keep-alive connection stays open between requests. @default 5000 */
  idleTimeoutMs?: number;
  /** Open connections at most; further ones are closed as they arrive. @default 1024 */
  max?: number;
}

/** Builds the collector's HTTP server (not yet listening). */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { store } = options;
  const now = options.now ?? Date.now;
  const coordination = options.coordination ?? createLocalCoordination();
  const limits = options.connections ?? {};
  const bodyTimeout = limits.bodyTimeoutMs ?? 30_000;
  const level = options.logger === true ? { level: 'info' } : typeof options.logger === 'string' ? { level: options.logger } : options.logger || false;
  const logger = level && { ...level, serializers: { req: requestForLog } };
  const app: FastifyInstance = Fastify({
    logger,
    bodyLimit: MAX_REQUEST_BYTES,
    // Behind a reverse proxy, the client's address (for rate limits) is in X-Forwarded-For.
    trustProxy: options.trustProxy ?? false,
    // Slow clients: a request must arrive whole within the body timeout (Node answers 408
    // and closes), its headers within the header timeout; checked every second.
    requestTimeout: bodyTimeout,
    keepAliveTimeout: limits.idleTimeoutMs ?? 5000,
    http: { headersTimeout: Math.min(limits.headersTimeoutMs ?? 10_000, bodyTimeout), connectionsCheckingInterval: Math.min(1000, bodyTimeout) },
    // Ids in paths (users, accounts, flows) are up to 256 characters: the routes' schemas
    // judge them, not the router's default of 100.
    routerOptions: { maxParamLength: 1024 },
    // What the router itself refuses (a broken URL, a longer parameter) in the one error shape.
    frameworkErrors: (error, _request, reply) => void (reply as FastifyReply).code(error.statusCode ?? 400).send({ error: error.message }),
  });
  app.server.maxConnections = limits.max ?? 1024;

  registerBodyParsing(app);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    // Storage that cannot be written (read-only, full disk, locked) is the server's trouble,
    // not the client's: 503 with Retry-After, so senders keep their data and try again.
    if (isStorageError(error)) {
      request.log.error({ err: error, code: error.code }, 'storage failed');
      return reply.code(503).header('Retry-After', '30').send({ error: 'storage is unavailable; retry later' });
    }
    // What a route's schema refused: which parameter, and why.
    if (error.validation) return reply.code(400).send(validationAnswer(error.validation, error.validationContext));
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const message =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `request body is over ${request.routeOptions.bodyLimit ?? MAX_REQUEST_BYTES} bytes`
        : status >= 500
          ? 'internal error'
          : error.message;
    return reply.code(status).send({ error: message });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    // The demo is a single-page app: its routes (/demo/reports) load its index page.
    if (options.demoDir && request.method === 'GET' && path.startsWith('/demo/') && !/\.\w+$/.test(path)) {
      return reply.type('text/html; charset=utf-8').send(readFileSync(join(resolve(options.demoDir), 'index.html')));
    }
    return reply.code(404).send({ error: `no route for ${request.method} ${path}` });
  });

  registerCors(app);
  await app.register(fastifyCookie);

  if (options.rateLimit !== false) {
    registerAddressLimit(app, coordination.quota('address', { messagesPerMinute: 5 * (options.rateLimit ?? 1200), bytesPerMinute: Infinity }));
    await app.register(fastifyRateLimit, {
      ...(coordination.rateLimitStore && { store: coordination.rateLimitStore }),
      max: options.rateLimit ?? 1200,
      timeWindow: 60_000,
      // After the body is read, so the key in it can count; before authentication (so
      // guessing keys is limited) and before the routes' schemas.
      hook: 'preValidation',
      keyGenerator: (request) => rateLimitBucket(request, store, now()),
      addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`rate limit exceeded: at most ${context.max} requests a minute; retry in ${context.after}`), {
          statusCode: 429,
        }),
    });
  }

  const content = createContentCache(store, now, coordination);
  const backfills = createBackfills(store, coordination.jobs, (m) => app.log.info(m));
  if (options.smtpUrl && !options.mailFrom) throw new Error('smtpUrl needs mailFrom: the sender of journey email');
  const outbox = createOutbox({
    store,
    retryBaseMs: options.alertRetryBaseMs,
    log: (m) => app.log.warn(m),
    allowPrivateWebhooks: options.allowPrivateWebhooks,
    timeoutMs: options.webhookTimeoutMs,
    lookup: options.webhookLookup,
    mail: options.smtpUrl ? createSmtpSender({ url: options.smtpUrl, from: options.mailFrom!, timeoutMs: options.webhookTimeoutMs }) : undefined,
  });
  const health = createHealthService({
    store,
    content,
    now,
    intervalMs: options.healthIntervalMs,
    deliver: outbox.deliver,
    log: (m) => app.log.warn(m),
    coordination,
  });
  app.addHook('onReady', async () => {
    health.start();
    outbox.start();
  });
  // Journey email: rendered with its unsubscribe link when the entry is recorded, sent by the outbox.
  let warnedNoSmtp = false;
  const emailPlanner = () =>
    createEmailPlanner({
      store,
      publicUrl: () => options.publicUrl ?? listeningUrl(app),
      mailFrom: options.mailFrom,
      content,
      onQueued: () => {
        if (options.smtpUrl || warnedNoSmtp) return;
        warnedNoSmtp = true;
        app.log.warn(
          'a journey email is queued, but this collector has no SMTP server: it stays queued until a collector runs with --smtp-url URL --mail-from ADDR --public-url URL',
        );
      },
    });
  const customPlanner = options.planEmail;
  const journeys = createJourneyService({
    store,
    content,
    now,
    intervalMs: options.journeysIntervalMs,
    coordination,
    planEmail: customPlanner ? () => customPlanner : emailPlanner,
    deliver: outbox.deliver,
    log: (m) => app.log.warn(m),
  });
  app.addHook('onReady', async () => journeys.start());
  const targetAlerts = createTargetAlerts({ store, content, now, deliver: outbox.deliver, log: (m) => app.log.warn(m) });

  registerAuditLog(app, store, now);
  // The API: every route declares who may call it and its schemas (see api.ts).
  await app.register(async (scope) => {
    const api = scope.withTypeProvider<ZodTypeProvider>();
    api.setValidatorCompiler(validatorCompiler);
    const sessions = createSessions(store, now);
    await api.register(authPlugin, { store, authenticators: [...(options.authenticators ?? []), sessions.authenticator], signedIn: sessions.signedIn, now });
    registerAuthRoutes(api, store, sessions, createLoginThrottle(coordination, options.loginThrottle), now);
    registerUserRoutes(api, store, now);
    registerIngestRoutes(
      api,
      store,
      now,
      content,
      options.ingestQuota === false ? undefined : coordination.quota('ingest', quotaLimits(options.ingestQuota ?? {})),
      targetAlerts.afterIngest,
    );
    registerEventRoutes(api, store);
    const validation = { allowPrivateWebhooks: options.allowPrivateWebhooks };
    registerContentRoutes(api, store, content, backfills, now, validation);
    registerDraftRoutes(api, store, content, backfills, now, validation);
    registerProjectRoutes(api, store, now);
    registerPromotionRoutes(api, store, content, backfills, validation);
    registerAuditRoutes(api, store);
    registerToolRoutes(api, store, now);
    registerExperimentRoutes(api, store, content, now);
    registerReportRoutes(api, store, now, content);
    registerHealthRoutes(api, store, health, content);
    registerAccountRoutes(api, store, now, content);
    registerProfileRoutes(api, store, now, content);
    registerUnsubscribeRoutes(api, store, now);
    registerJourneyRoutes(api, store, journeys, content, now, validation);
  });
  // The project of a `/sdk.js?key=` (remembered briefly: keys rarely change; the content cache
  // answers for the content, so a publish changes the hint at once).
  const projectOfKey = rememberedPerKey(async (key) => (await store.projectByWriteKey(key, now()))?.id, { ttlMs: 10_000, misses: 1000, now });
  registerSdkRoutes(app, options.sdkAssets, async (key) => {
    const project = await projectOfKey(key);
    return project === undefined ? [] : pageLoadShows((await content.get(project)).doc);
  });
  registerContentSchemaRoute(app);
  // Liveness: the process answers. Readiness: it can also write to its storage.
  app.get('/healthz', { config: { rateLimit: false } }, async () => ({ ok: true }));
  app.get('/readyz', { config: { rateLimit: false } }, async (request, reply) => {
    try {
      await store.checkWritable();
      return { ok: true };
    } catch (e) {
      request.log.error({ err: e }, 'readiness: storage is not writable');
      return reply.code(503).send({ ok: false, error: `storage is not writable: ${(e as Error).message}` });
    }
  });

  await registerDashboard(app, options.dashboardDir);

  if (options.demoDir) {
    await app.register(fastifyStatic, { root: resolve(options.demoDir), prefix: '/demo/', decorateReply: false });
    app.get('/', { config: { rateLimit: false } }, async (_request, reply) => reply.redirect('/demo/'));
  }

  app.addHook('onClose', async () => {
    await backfills.stop();
    await journeys.stop();
    await health.stop();
    await outbox.stop();
    await coordination.close();
    await store.close();
  });
  return app;
}

/** Where the server listens, as a URL (a wildcard address as localhost): the default base of unsubscribe links. */
function listeningUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') return 'http://localhost';
  const host = ['0.0.0.0', '::'].includes(address.address) ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * `/dashboard/`: the built dashboard (static files; its pages are hash routes), under a
 * strict CSP: it runs only its own files and talks only to this collector.
 */
async function registerDashboard(app: FastifyInstance, dir?: string) {
  let root = dir;
  if (!root) {
    try {
      root = join(dirname(createRequire(import.meta.url).resolve('@touchpoint/dashboard/package.json')), 'dist');
    } catch {
      root = undefined;
    }
  }
  app.get('/dashboard', { config: { rateLimit: false } }, async (_request, reply) => reply.redirect('/dashboard/'));
  if (!root || !existsSync(join(root, 'index.html'))) {
    app.get('/dashboard/', async (_request, reply) => reply.code(503).type('text/plain').send('The dashboard is not built: run `pnpm build`.'));
    return;
  }
  const csp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  await app.register(fastifyStatic, {
    root,
    prefix: '/dashboard/',
    decorateReply: false,
    setHeaders: (res, path) => {
      res.header('Content-Security-Policy', csp);
      res.header('X-Content-Type-Options', 'nosniff');
      // Hashed assets never change; the page itself is revalidated.
      res.header('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
