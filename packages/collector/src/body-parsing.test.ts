import type { FastifyRequest } from 'fastify';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { decodeBody } from './body-parsing.js';

const request = (headers: Record<string, string>, bodyLimit = 1000) => ({ headers, routeOptions: { bodyLimit } }) as unknown as FastifyRequest;
/** Resolves once the stream is done with (ended or destroyed), without listening for its errors: one nobody listens for would end the process. */
const closed = (stream: Readable) => new Promise((resolve) => stream.on('close', resolve));

it('keeps the decoding error of a body nobody reads with the request (was: an unhandled error event ended the process)', async () => {
  // A GET with a body, an empty body, a request answered before its body was read: Fastify never reads it.
  for (const body of [Buffer.from('abc'), Buffer.alloc(0)]) {
    const out = decodeBody(request({ 'content-encoding': 'gzip', 'content-length': String(body.length) }), new PassThrough(), Readable.from([body]));
    await closed(out);
    expect(out.errored?.message).toMatch(/^the body is not valid gzip data \(Content-Encoding: gzip\)/);
    expect((out.errored as Error & { statusCode?: number }).statusCode).toBe(400);
  }
});

it('stops decoding once the answer has gone out', async () => {
  const payload = new PassThrough();
  const answer = new PassThrough();
  const out = decodeBody(request({ 'content-encoding': 'gzip', 'transfer-encoding': 'chunked' }), answer, payload);
  const zipped = gzipSync(Buffer.alloc(5000));
  payload.write(zipped.subarray(0, 10));
  answer.emit('close');
  await closed(out);
  // Quietly: the answer is out, there is no one left to tell.
  expect(out.destroyed).toBe(true);
  expect(out.errored).toBeNull();
});
