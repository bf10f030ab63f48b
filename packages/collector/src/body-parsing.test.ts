import { randomBytes } from 'node:crypto';
import { Agent, type ClientRequest, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyRequest } from 'fastify';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { decodeBody, registerBodyParsing } from './body-parsing.js';

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

it('drops the rest of a body nobody reads, so the next request on the connection is answered (keep-alive)', async () => {
  const app = Fastify();
  registerBodyParsing(app);
  app.get('/read-nothing', async () => 'answered before the body');
  app.post('/next', async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  // One connection for both requests.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const send = (method: string, path: string, write: (req: ClientRequest) => void) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { port, host: '127.0.0.1', path, method, agent, headers: { 'content-encoding': 'gzip', 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      write(req);
    });
  try {
    const rest = gzipSync(randomBytes(400_000));
    // Its body still arriving when the answer has gone out.
    expect(
      await send('GET', '/read-nothing', (req) => {
        req.write(rest.subarray(0, 10));
        setTimeout(() => req.end(rest.subarray(10)), 300);
      }),
    ).toBe(200);
    expect(await send('POST', '/next', (req) => req.end(gzipSync('{}')))).toBe(200);
  } finally {
    agent.destroy();
    await app.close();
  }
});
