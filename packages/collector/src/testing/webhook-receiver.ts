import { createServer } from 'node:http';
import { afterEach } from 'vitest';

/** One post a receiver got. */
export interface ReceivedHook {
  headers: Record<string, unknown>;
  body: string;
}

/** A webhook receiver on a real port (`url`, path `/hook`): answers 200 and keeps every post in `received`, in order. */
export async function startWebhookReceiver() {
  const received: ReceivedHook[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req
      .on('data', (d: Buffer) => (body += d))
      .on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end();
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** For a test file: `receiver()` starts one, closed after the test. */
export function webhookReceivers() {
  const open: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((close) => close()));
  });
  return async () => {
    const started = await startWebhookReceiver();
    open.push(started.close);
    return started;
  };
}
