import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { negotiate } from '@fastify/accept-negotiator';
import { etagOf } from '../etag.js';
import type { PageLoadShow } from '@touchpoint/content';
import { firstVisitPrelude, HINT_WAIT_MS, hintFiles, manifestBeside, MAX_HINT_KEY_LENGTH } from './sdk-first-visit.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzipSync } from 'node:zlib';

/** The browser files the collector serves, by URL path, and the package export that builds each. */
const ASSETS = {
  '/sdk.js': '@touchpoint/sdk/script',
  '/sdk/engine.js': '@touchpoint/sdk/engine',
  '/sdk/ui.js': '@touchpoint/ui/chunk',
  // The team's tools: imported only by a tab whose URL asked for one (CONTRACT §7).
  '/sdk/preview.js': '@touchpoint/sdk/preview',
  // The builder tool: only pages opened from a builder link import it (CONTRACT §7).
  '/sdk/builder.js': '@touchpoint/sdk/builder',
  // The team's debugger (`#touchpoint-debug`): imported by the runtime only when a page asks for it.
  '/sdk/debug.js': '@touchpoint/sdk/debug',
} as const;

export type AssetPaths = Partial<Record<keyof typeof ASSETS, string>>;

const brotli = promisify(brotliCompress);

/** The SDK's release: the path of the chunks its script tag imports (`/sdk/<version>/ui.js`). */
const SDK_VERSION: string = createRequire(import.meta.url)('@touchpoint/sdk/package.json').version;

/**
 * A browser file as sent: its bytes, gzipped at start, and brotli-compressed (about 10% fewer
 * bytes than gzip at its best quality, which takes tens of milliseconds a file) in the
 * background the first time a client that takes it asks: gzip answers until then.
 */
interface Encoded {
  body: Buffer;
  gzipped: Buffer;
  brotli?: Buffer;
  making?: Promise<void>;
}

const encoded = (body: Buffer): Encoded => ({ body, gzipped: gzipSync(body, { level: 9 }) });

/** A file as sent, with its ETag. */
const sent = (body: Buffer) => ({ file: encoded(body), etag: etagOf(body) });

/**
 * What to send of `file` for this request: brotli once made (and while it is being made, the
 * best the client takes of the rest), gzip, or the bytes as they are. The gzip a
 * brotli-capable client gets meanwhile is cached as usual: a browser that came in the first
 * moments keeps gzip (a file it can use offline), the others get brotli.
 */
function representation(request: FastifyRequest, file: Encoded): { coding?: 'br' | 'gzip'; bytes: Buffer } {
  const header = request.headers['accept-encoding'] ?? '';
  if (negotiate(header, ['br', 'gzip']) === 'br') {
    if (file.brotli) return { coding: 'br', bytes: file.brotli };
    file.making ??= brotli(file.body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: file.body.length },
    }).then(
      (made) => void (file.brotli = made),
      // Not made: gzip keeps answering.
      () => undefined,
    );
  }
  return negotiate(header, ['gzip']) ? { coding: 'gzip', bytes: file.gzipped } : { bytes: file.body };
}

const send = (reply: FastifyReply, { coding, bytes }: { coding?: string; bytes: Buffer }) =>
  (coding ? reply.header('Content-Encoding', coding) : reply).send(bytes);

/** Where the built files are, for those that are built. */
export function findSdkAssets(): AssetPaths {
  const require = createRequire(import.meta.url);
  const found: AssetPaths = {};
  for (const [route, specifier] of Object.entries(ASSETS) as [keyof typeof ASSETS, string][]) {
    try {
      const path = require.resolve(specifier);
      if (existsSync(path)) found[route] = path;
    } catch {
      // Not built: the route answers 503 with what to do.
    }
  }
  return found;
}

/**
 * `GET /sdk.js` (the script-tag bundle), `/sdk/engine.js` and `/sdk/ui.js` (the chunks it
 * imports on demand). `/sdk.js`'s URL never changes between releases, so all are cached
 * briefly (5 minutes) and revalidated with their ETag; stale copies may be used for a day
 * while revalidating, so a slow collector never delays the host page. The chunks are ES
 * modules imported across origins, hence CORS for any origin.
 */
/**
 * The lazily imported chunks next to `ui.js` (`messages-<hash>.js`…), `engine.js`
 * (`presenter-<hash>.js`) and `builder.js` (`strings-ja-<hash>.js`, the panel's Japanese). Their names change with their content, so they are cached for a year.
 */
function chunksBeside(...entries: Array<string | undefined>): Map<string, Encoded> {
  const chunks = new Map<string, Encoded>();
  for (const entry of entries) {
    if (!entry || !existsSync(dirname(entry))) continue;
    for (const name of readdirSync(dirname(entry))) {
      if (!/^[\w]+-[\w-]{6,}\.js$/.test(name)) continue;
      chunks.set(name, encoded(readFileSync(join(dirname(entry), name))));
    }
  }
  return chunks;
}

/**
 * What the published content of this write key's project may show by itself as a page loads
 * (nothing for an unknown key): the first-visit hint of `/sdk.js?key=` (see sdk-first-visit.ts).
 */
export type FirstVisitHint = (writeKey: string) => Promise<readonly PageLoadShow[]>;

export function registerSdkRoutes(app: FastifyInstance, paths: AssetPaths = findSdkAssets(), hint?: FirstVisitHint) {
  const chunks = chunksBeside(paths['/sdk/ui.js'], paths['/sdk/engine.js'], paths['/sdk/builder.js']);
  // The builds' file graphs: which files the engine and the UI import for what shows.
  const manifests = [manifestBeside(paths['/sdk/engine.js']), manifestBeside(paths['/sdk/ui.js'])] as const;
  // The script tag imports the engine and the UI under a path of its release
  // (`/sdk/0.1.0/ui.js`): the UI's chunks then resolve their `./ui.js` to that same URL, so
  // the browser runs one copy of it (and of Preact). The unversioned paths stay for older
  // script tags.
  const versioned = (route: string) => [route, route.replace('/sdk/', '/sdk/:version/')];
  const serveChunk = async (request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
    const chunk = chunks.get(request.params.file);
    if (!chunk) return reply.code(404).send({ error: `no file /sdk/${request.params.file}` });
    request.corsDenied = true;
    const chosen = representation(request, chunk);
    reply
      .header('Content-Type', 'text/javascript; charset=utf-8')
      .header('Cache-Control', 'public, max-age=31536000, immutable')
      .header('Vary', 'Accept-Encoding')
      .header('Access-Control-Allow-Origin', '*')
      .header('Cross-Origin-Resource-Policy', 'cross-origin');
    return send(reply, chosen);
  };
  for (const route of versioned('/sdk/:file')) app.get(route, { config: { rateLimit: false } }, serveChunk);

  /**
   * `?key=` names a project whose content may show something as a page loads. Never throws, and
   * never holds the page's script for long: a lookup slower than HINT_WAIT_MS (a slow or
   * unreachable database) gets the plain script, while the lookup goes on to fill the caches.
   */
  const shown = async (request: FastifyRequest): Promise<readonly PageLoadShow[]> => {
    const { key } = (request.query ?? {}) as { key?: unknown };
    if (!hint || typeof key !== 'string' || !key || key.length > MAX_HINT_KEY_LENGTH) return [];
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<[]>((resolve) => (timer = setTimeout(resolve, HINT_WAIT_MS, [])));
    try {
      return await Promise.race([hint(key).catch(() => []), late]);
    } finally {
      clearTimeout(timer);
    }
  };
  for (const route of Object.keys(ASSETS) as (keyof typeof ASSETS)[]) {
    const path = paths[route];
    const body = path && existsSync(path) ? readFileSync(path) : undefined;
    const plain = body && sent(body);
    // The script with the first-visit hint before it, made once for each list of files to fetch ahead.
    const hinted = new Map<string, ReturnType<typeof sent>>();
    // Never an error: whatever goes wrong here, the plain script answers (the page's script must load).
    const withHint = async (request: FastifyRequest) => {
      if (route !== '/sdk.js' || !body) return undefined;
      const shows = await shown(request);
      try {
        const files = shows.length ? hintFiles(shows, ...manifests) : undefined;
        if (!files) return undefined;
        const key = files.join(' ');
        if (!hinted.has(key)) hinted.set(key, sent(Buffer.concat([Buffer.from(firstVisitPrelude(SDK_VERSION, files)), body])));
        return hinted.get(key);
      } catch (e) {
        request.log.error({ err: e }, 'the first-visit hint could not be made: the plain script answers');
        return undefined;
      }
    };
    const serve = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!plain) return reply.code(503).send({ error: `${route} is not built: run \`pnpm build\`` });
      const { file, etag } = (await withHint(request)) ?? plain;
      const chosen = representation(request, file);
      // One ETag per coding: a gzip copy revalidated once brotli is made comes back as brotli.
      const tag = chosen.coding ? `${etag.slice(0, -1)}-${chosen.coding}"` : etag;
      reply
        .header('Content-Type', 'text/javascript; charset=utf-8')
        .header('Cache-Control', 'public, max-age=300, stale-while-revalidate=86400')
        .header('ETag', tag)
        .header('Vary', 'Accept-Encoding')
        .header('Access-Control-Allow-Origin', '*')
        .header('Cross-Origin-Resource-Policy', 'cross-origin');
      // The CORS hook would echo the Origin; for public files any origin is fine.
      request.corsDenied = true;
      if (request.headers['if-none-match'] === tag) return reply.code(304).send();
      return send(reply, chosen);
    };
    for (const url of route === '/sdk.js' ? [route] : versioned(route)) app.get(url, { config: { rateLimit: false } }, serve);
  }
}
