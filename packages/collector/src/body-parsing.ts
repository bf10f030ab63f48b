import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PassThrough, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

declare module 'fastify' {
  interface FastifyRequest {
    /** Bytes of the body after decoding, for the per-client byte quota. */
    bodyBytes?: number;
  }
}

/** The content codings real senders use (RFC 9110 §8.4.1), and how to undo them. A Map: a header is no key into an object's prototype. */
const DECODERS = new Map<string, () => NodeJS.ReadWriteStream>([
  ['gzip', createGunzip],
  ['x-gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);

const clientError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });

/**
 * How bodies are read, for every route:
 * - `Content-Encoding: gzip`, `deflate` or `br` is decoded, and the body limit applies to
 *   the decoded bytes: decoding stops (413) as soon as they pass it, so a small bomb costs
 *   no more than an honest body. Another coding is 415; data that is not what its coding
 *   says is a precise 400.
 * - JSON is read whatever the `Content-Type` (the SDK sends `text/plain` to skip the CORS
 *   preflight; other senders send anything). Keys such as `__proto__` are kept as plain
 *   data here (`JSON.parse` never sets a prototype); the ingest rules refuse them with
 *   their path, which is more useful than refusing the whole body.
 */
export function registerBodyParsing(app: FastifyInstance) {
  app.addHook('preParsing', async (request, reply, payload) => decodeBody(request, reply.raw, payload));

  const parse = (request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => {
    request.bodyBytes = body.length;
    const text = body.toString('utf8');
    // An empty body is no body (a client that sends Content-Type: application/json on every
    // request, a DELETE or a run with nothing to say): a route that needs one says what it needs.
    if (!text.trim()) return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(clientError(400, `the body is not valid JSON: ${(e as Error).message}`));
    }
  };
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, parse);
}

/**
 * The body of `request` as the decoded stream Fastify reads (`payload` itself when it is not
 * encoded). Whether anything reads it is Fastify's business: a GET, an empty body or a request
 * answered before its body was read leaves it unread, so its errors stay with it (in
 * `errored`) rather than end the process, and decoding stops once `answer` (the response) is done.
 */
export function decodeBody(request: FastifyRequest, answer: NodeJS.EventEmitter, payload: Readable & { receivedEncodedLength?: number }): Readable {
  const header = request.headers['content-encoding'];
  const coding = (Array.isArray(header) ? header.join(',') : (header ?? '')).trim().toLowerCase();
  const hasBody = request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
  if (!coding || coding === 'identity' || !hasBody) return payload;
  const decoder = DECODERS.get(coding)?.();
  if (!decoder) throw clientError(415, `Content-Encoding "${coding.slice(0, 40)}" is not supported: send the body as is, or with gzip, deflate or br`);

  const limit = request.routeOptions.bodyLimit ?? Infinity;
  const out: PassThrough & { receivedEncodedLength?: number } = new PassThrough();
  // Fastify listens for the errors of what it reads; this one keeps them when nothing does.
  out.on('error', () => {});
  // Fastify compares Content-Length with the bytes that came over the wire, not the decoded ones.
  out.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => (out.receivedEncodedLength! += chunk.length));
  let decoded = 0;
  const stop = (error?: Error) => {
    payload.unpipe(decoder as unknown as NodeJS.WritableStream);
    (decoder as unknown as Readable).destroy();
    out.destroy(error);
  };
  // The answer is out (or the client gone): what is still decoded would be read by no one. The
  // rest of the body is drained undecoded, or the connection's next request would wait behind it.
  answer.once('close', () => (stop(), payload.resume()));
  decoder.on('data', (chunk: Buffer) => {
    decoded += chunk.length;
    if (decoded > limit) stop(clientError(413, `request body is over ${limit} bytes once decoded (Content-Encoding: ${coding})`));
    else out.write(chunk);
  });
  decoder.on('end', () => out.end());
  decoder.on('error', (e: Error) => stop(clientError(400, `the body is not valid ${coding} data (Content-Encoding: ${coding}): ${e.message}`)));
  payload.on('error', (e: Error) => out.destroy(e));
  payload.pipe(decoder as unknown as NodeJS.WritableStream);
  return out;
}
