import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { MAX_REQUEST_BYTES } from '@touchpoint/content';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { writeKeyOf } from './auth.js';
import { registerCors } from './cors.js';
import { createContentCache } from './content-cache.js';
import { createBackfills } from './retroactive.js';
import { registerContentRoutes } from './routes/content.js';
import { registerEventRoutes } from './routes/events.js';
import { registerExperimentRoutes } from './routes/experiments.js';
import { registerReportRoutes } from './routes/reports.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { createHealthService } from './health-service.js';
import { registerProfileRoutes } from './routes/profile.js';
import { registerIngestRoutes } from './routes/ingest.js';
import { registerSdkRoutes, type AssetPaths } from './routes/sdk-bundle.js';
import type { Store } from './store/store.js';

export interface ServerOptions {
  store: Store;
  /**
   * Requests a client may make per minute with one write key before getting 429 with
   * `Retry-After`. A client is a key and an IP address together. `false` turns it off.
   * @default 1200
   */
  rateLimit?: number | false;
  /** Serve this folder at `/demo/` (and redirect `/` there). */
  demoDir?: string;
  /** Paths of the browser files (`/sdk.js`, `/sdk/engine.js`, `/sdk/ui.js`). @default the ones the packages built */
  sdkAssets?: AssetPaths;
  /** The dashboard's built files. @default the `@touchpoint/dashboard` package's dist/ */
  dashboardDir?: string;
  /** Log requests (pino, JSON lines). @default false */
  logger?: boolean;
  /** Recompute account health this often (ms); 0 turns the schedule off. @default 1 hour */
  healthIntervalMs?: number;
  /** First retry delay of a failed alert webhook (doubles each time, up to an hour). @default 1000 */
  alertRetryBaseMs?: number;
  /** Trust X-Forwarded-For from these proxies (fastify's `trustProxy`). @default false */
  trustProxy?: boolean | string;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** Builds the collector's HTTP server (not yet listening). */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { store } = options;
  const now = options.now ?? Date.now;
  const app: FastifyInstance = Fastify({
    logger: options.logger ?? false,
    bodyLimit: MAX_REQUEST_BYTES,
    // Behind a reverse proxy, the client's address (for rate limits) is in X-Forwarded-For.
    trustProxy: options.trustProxy ?? false,
  });

  // The SDK sends JSON as text/plain (no CORS preflight); other senders may omit the type.
  const defaultJson = app.getDefaultJsonParser('error', 'ignore');
  const json: typeof defaultJson = (request, body, done) =>
    defaultJson(request, body, (error, value) =>
      error ? done(Object.assign(new Error(`the body is not valid JSON: ${error.message}`), { statusCode: 400 }), undefined) : done(null, value),
    );
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, json);
  app.addContentTypeParser('*', { parseAs: 'string' }, json);

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error(error);
    const message =
      status === 413 ? `request body is over ${MAX_REQUEST_BYTES} bytes` : status >= 500 ? 'internal error' : error.message;
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

  if (options.rateLimit !== false) {
    await app.register(fastifyRateLimit, {
      max: options.rateLimit ?? 1200,
      timeWindow: 60_000,
      // After the body is read, so the key in it can count.
      hook: 'preHandler',
      keyGenerator: (request) => `${writeKeyOf(request) ?? request.headers.authorization ?? '-'}|${request.ip}`,
      addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`rate limit exceeded: at most ${context.max} requests a minute; retry in ${context.after}`), {
          statusCode: 429,
        }),
    });
  }

  const content = createContentCache(store, now);
  registerIngestRoutes(app, store, now, content);
  registerEventRoutes(app, store);
  const backfills = createBackfills(store, (m) => app.log.info(m));
  registerContentRoutes(app, store, content, backfills);
  registerExperimentRoutes(app, store, content);
  registerReportRoutes(app, store, now, content);
  const health = createHealthService({ store, content, now, intervalMs: options.healthIntervalMs, retryBaseMs: options.alertRetryBaseMs, log: (m) => app.log.warn(m) });
  registerHealthRoutes(app, store, health, content);
  registerAccountRoutes(app, store, now, content);
  app.addHook('onReady', async () => health.start());
  registerProfileRoutes(app, store, now, content);
  registerSdkRoutes(app, options.sdkAssets);
  app.get('/healthz', { config: { rateLimit: false } }, async () => ({ ok: true }));

  await registerDashboard(app, options.dashboardDir);

  if (options.demoDir) {
    await app.register(fastifyStatic, { root: resolve(options.demoDir), prefix: '/demo/', decorateReply: false });
    app.get('/', { config: { rateLimit: false } }, async (_request, reply) => reply.redirect('/demo/'));
  }

  app.addHook('onClose', async () => {
    await backfills.stop();
    await health.stop();
    await store.close();
  });
  return app;
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
  const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
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
