import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../packages/collector/src/store/postgres-store.js';
import { startCollector, type RunningCollector } from './support/collector.js';
import { startScaledInstallation, type ScaledInstallation } from './support/scaled-installation.js';

/*
 * CONTRACT §9 under faults: two collector processes share ClickHouse and PostgreSQL; one is
 * killed (-9) in the middle of a load and started again. Every event acknowledged with 200 by
 * either is stored exactly once, and an alert whose delivery was cut short by the kill comes
 * again from the other process with the same Idempotency-Key, once.
 */

let installation: ScaledInstallation;
const cleanup: Array<() => Promise<unknown> | unknown> = [];
beforeAll(async () => {
  installation = await startScaledInstallation();
}, 60_000);
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  await installation?.stop();
});

async function twoCollectors(flags: string[] = []) {
  const storeArgs = await installation.storeArgs();
  const a = await startCollector(flags, { storeArgs });
  cleanup.push(() => a.stop());
  const b = await startCollector(flags, { storeArgs, createProject: false });
  cleanup.push(() => b.stop());
  return { a, b, storeArgs };
}

it('stores every acknowledged event exactly once when a collector is killed (-9) mid-load', async () => {
  const { a, b } = await twoCollectors(['--rate-limit', '0', '--rate-limit-messages', '0', '--rate-limit-bytes', '0']);
  const acknowledged = new Set<string>();
  const sent = new Set<string>();
  let restarted: Promise<void> | undefined;
  // Eight senders, alternating collectors; a request that fails (the process is gone) is sent
  // again to the other, as a load balancer would, with the same messages.
  const send = async (batch: object[], first: RunningCollector) => {
    for (const target of [first, first === a ? b : a, first]) {
      try {
        const res = await fetch(`${target.url}/v1/batch`, { method: 'POST', body: JSON.stringify({ writeKey: a.writeKey, batch }) });
        if (res.status === 200) return true;
      } catch {
        // Connection refused or reset: the process was killed.
      }
    }
    return false;
  };
  const REQUESTS = 240;
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < REQUESTS) {
        const n = next++;
        if (n === REQUESTS / 3 && !restarted) {
          const kill = a.kill('SIGKILL');
          // Started again while the others keep sending.
          restarted = kill.then(() => a.restart());
          await kill;
        }
        const batch = Array.from({ length: 50 }, (_, i) => {
          const messageId = randomUUID();
          sent.add(messageId);
          return { type: 'track', event: 'Loaded', userId: `u${(n * 50 + i) % 97}`, messageId, properties: { n, i } };
        });
        if (await send(batch, n % 2 ? b : a)) for (const m of batch) acknowledged.add(m.messageId);
      }
    }),
  );
  await restarted;
  expect(acknowledged.size).toBeGreaterThan(REQUESTS * 50 * 0.9);

  // Read back through the restarted collector, every page.
  const stored: string[] = [];
  let cursor: string | undefined;
  do {
    const page = new URL('/v1/events?limit=1000&event=Loaded', a.url);
    if (cursor) page.searchParams.set('cursor', cursor);
    const body = (await (await fetch(page, { headers: { authorization: `Bearer ${b.secretKey}` } })).json()) as {
      events: Array<{ messageId: string }>;
      next?: string;
    };
    stored.push(...body.events.map((e) => e.messageId));
    cursor = body.next;
  } while (cursor);
  expect(new Set(stored).size).toBe(stored.length);
  const kept = new Set(stored);
  const lost = [...acknowledged].filter((id) => !kept.has(id));
  expect(lost).toEqual([]);
  expect(stored.filter((id) => !sent.has(id))).toEqual([]);
}, 180_000);

it('delivers an alert once; its collector killed mid-delivery, the other sends it again with the same Idempotency-Key', async () => {
  // The receiver records each request as it arrives; the first try of the alert is never answered.
  const arrivals: Array<{ key: string; at: number }> = [];
  const held: ServerResponse[] = [];
  const receiver = createServer((req, res) => {
    req.resume().on('end', () => {
      const key = String(req.headers['idempotency-key']);
      arrivals.push({ key, at: Date.now() });
      if (arrivals.length === 1) held.push(res);
      else res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise<void>((r) => receiver.close(() => r())));
  cleanup.push(() => held.forEach((res) => res.destroy()));
  const hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;

  const flags = ['--allow-private-webhooks', '--webhook-timeout', '2'];
  const { a, b, storeArgs } = await twoCollectors(flags);
  const metadata: PostgresStore = await openPostgresStore(storeArgs[storeArgs.indexOf('--metadata-url') + 1]!);
  cleanup.push(() => metadata.close());
  const project = await metadata.projectByWriteKey(a.writeKey, Date.now());
  const id = randomUUID();
  await metadata.enqueueAlert({ id, projectId: project!.id, url: hook, body: '{"account_id":"acme"}' }, Date.now());

  // Whichever collector claimed it is mid-delivery: both are killed, one comes back.
  await expect.poll(() => arrivals.length, { timeout: 15_000 }).toBe(1);
  await Promise.all([a.kill('SIGKILL'), b.kill('SIGKILL')]);
  await b.restart();
  // Claimed for the webhook timeout and 5 s more: sent again once that has run out, with the same key.
  await expect.poll(async () => (await metadata.listAlerts(project!.id))[0]?.sentAt ?? null, { timeout: 30_000 }).not.toBeNull();
  expect(arrivals.map((x) => x.key)).toEqual([id, id]);
  expect(arrivals[1]!.at - arrivals[0]!.at).toBeGreaterThanOrEqual(6000);
}, 90_000);
