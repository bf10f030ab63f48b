import Database from 'better-sqlite3';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { CLI, serve, startCollector, type RunningCollector } from './support/collector.js';

/**
 * The collector as deployed (the built CLI) against what goes wrong in production: storage
 * it cannot write, slow clients, proxies, and alert delivery across processes and kills.
 */
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function collector(args: string[] = []): Promise<RunningCollector> {
  const c = await startCollector(args);
  cleanup.push(() => c.stop());
  return c;
}

/** Lines the process writes to stdout from now on. */
function lines(child: ChildProcess): string[] {
  const out: string[] = [];
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop()!;
    out.push(...parts);
  });
  return out;
}

/** Puts an alert straight into the outbox, as a health recompute would. */
function enqueueAlert(dbPath: string, id: string, url: string) {
  const db = new Database(dbPath);
  db.pragma('busy_timeout = 5000');
  db.prepare('INSERT INTO alert_outbox (id, project_id, url, body, next_at, created_at) VALUES (?, 1, ?, ?, ?, ?)').run(
    id,
    url,
    JSON.stringify({ account_id: id }),
    Date.now(),
    Date.now(),
  );
  db.close();
}
function alertState(dbPath: string, id: string) {
  const db = new Database(dbPath, { readonly: true });
  const row = db.prepare('SELECT attempts, sent_at AS sentAt FROM alert_outbox WHERE id = ?').get(id) as { attempts: number; sentAt: number | null };
  db.close();
  return row;
}

it('refuses to start on a database it cannot write, and says why (was: started, then 500 on every ingest)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-readonly-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'touchpoint.db');
  expect(spawnSync(process.execPath, [CLI, 'project', 'create', 'ro', '--db', db]).status).toBe(0);
  chmodSync(dir, 0o777);
  chmodSync(db, 0o444);
  // root writes to read-only files anyway: the collector runs as nobody then, as it would in production.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const result = spawnSync(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], { encoding: 'utf8', timeout: 15_000, ...asUser });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(`cannot write to the database at ${db} (SQLITE_READONLY`);
});

it('answers /readyz, and logs failures as JSON lines by default (requests only with --log-level info)', async () => {
  const c = await collector();
  const out = lines(c.process);
  expect(await (await fetch(`${c.url}/readyz`)).json()).toEqual({ ok: true });
  // An alert to a loopback address, with private targets not allowed: refused at delivery, and said.
  enqueueAlert(c.dbPath, 'logged', 'http://127.0.0.1:9/hook');
  await expect.poll(() => out.some((l) => l.includes('logged')), { timeout: 10_000 }).toBe(true);
  const entry = JSON.parse(out.find((l) => l.includes('logged'))!) as { level: number; msg: string };
  expect(entry.level).toBe(40);
  expect(entry.msg).toContain('must not point to a loopback, private or link-local address');
  expect(out.some((l) => l.includes('"url":"/readyz"'))).toBe(false);

  const verbose = await collector(['--log-level', 'info']);
  const more = lines(verbose.process);
  await fetch(`${verbose.url}/readyz`);
  await expect.poll(() => more.some((l) => l.includes('"url":"/readyz"')), { timeout: 5000 }).toBe(true);
  expect(spawnSync(process.execPath, [CLI, 'serve', '--log-level', 'loud']).stderr.toString()).toContain(
    '--log-level must be one of fatal, error, warn, info, debug, trace, silent',
  );
});

it('cuts slow clients with --header-timeout and --body-timeout, and caps connections with --max-connections', async () => {
  const c = await collector(['--header-timeout', '0.5', '--body-timeout', '1', '--max-connections', '5']);
  const { port } = new URL(c.url);
  const open = (data: string) =>
    new Promise<{ closedAfter: Promise<{ ms: number; answer: string }> }>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        const start = Date.now();
        let answer = '';
        socket.on('data', (d) => (answer += d.toString())).on('error', () => {});
        socket.write(data);
        resolve({ closedAfter: new Promise((r) => socket.on('close', () => r({ ms: Date.now() - start, answer }))) });
      });
    });
  const slow = await Promise.all(Array.from({ length: 5 }, () => open('POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{"batch":[')));
  const sixth = await open('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  expect((await sixth.closedAfter).answer).toBe('');
  for (const s of slow) {
    const { ms, answer } = await s.closedAfter;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(3000);
  }
  expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
});

it('--trust-proxy takes the client address from X-Forwarded-For only when the peer is a listed proxy', async () => {
  const send = (c: RunningCollector, client: string) =>
    fetch(`${c.url}/v1/batch`, {
      method: 'POST',
      headers: { 'x-forwarded-for': client },
      body: JSON.stringify({ writeKey: c.writeKey, batch: [{ type: 'track', event: 'E', userId: 'u' }] }),
    });
  const behindProxy = await collector(['--rate-limit', '2', '--trust-proxy', '127.0.0.1, 10.0.0.0/8']);
  expect([
    (await send(behindProxy, '198.51.100.7')).status,
    (await send(behindProxy, '198.51.100.7')).status,
    (await send(behindProxy, '198.51.100.7')).status,
  ]).toEqual([200, 200, 429]);
  expect((await send(behindProxy, '198.51.100.8')).status).toBe(200);
  const direct = await collector(['--rate-limit', '2']);
  expect([(await send(direct, '198.51.100.7')).status, (await send(direct, '198.51.100.8')).status, (await send(direct, '198.51.100.9')).status]).toEqual([
    200, 200, 429,
  ]);
  const bad = spawnSync(process.execPath, [CLI, 'serve', '--trust-proxy', '10.0.0.0/99'], { encoding: 'utf8' });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('--trust-proxy: "10.0.0.0/99" is not an IP address, a CIDR range');
});

it('two collector processes on one database deliver an alert once; killed mid-delivery, it comes again with the same Idempotency-Key', async () => {
  // The receiver records each request as it arrives; `hold` decides how long it waits to answer.
  const arrivals: Array<{ key: string; at: number }> = [];
  const held: ServerResponse[] = [];
  let hold: (key: string) => number | 'forever' = () => 1500;
  const receiver = createServer((req, res) => {
    req.resume().on('end', () => {
      const key = String(req.headers['idempotency-key']);
      arrivals.push({ key, at: Date.now() });
      const wait = hold(key);
      if (wait === 'forever') held.push(res);
      else setTimeout(() => res.writeHead(200).end(), wait);
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise<void>((r) => receiver.close(() => r())));
  cleanup.push(() => held.forEach((res) => res.destroy()));
  const hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;

  const flags = ['--allow-private-webhooks', '--webhook-timeout', '2'];
  const first = await collector(flags);
  const second = await serve(first.dbPath, '0', flags);
  cleanup.push(() => second.child.exitCode === null && second.child.kill('SIGKILL'));

  // Both processes look at the outbox every second; the receiver holds the request 1.5 s.
  enqueueAlert(first.dbPath, 'once', hook);
  await expect.poll(() => alertState(first.dbPath, 'once').sentAt, { timeout: 15_000 }).not.toBeNull();
  expect(arrivals.map((a) => a.key)).toEqual(['once']);
  expect(alertState(first.dbPath, 'once').attempts).toBe(1);

  // The next alert's first request is never answered; both processes are killed while it hangs.
  hold = (key) => (key === 'killed' && !arrivals.slice(0, -1).some((a) => a.key === 'killed') ? 'forever' : 200);
  enqueueAlert(first.dbPath, 'killed', hook);
  await expect.poll(() => arrivals.filter((a) => a.key === 'killed').length, { timeout: 15_000 }).toBe(1);
  await first.kill('SIGKILL');
  second.child.kill('SIGKILL');
  await first.restart();
  // Claimed for the webhook timeout and 5 s more: sent again once that has run out, with the same key.
  await expect.poll(() => alertState(first.dbPath, 'killed').sentAt, { timeout: 20_000 }).not.toBeNull();
  const again = arrivals.filter((a) => a.key === 'killed');
  expect(again).toHaveLength(2);
  expect(again[1]!.at - again[0]!.at).toBeGreaterThanOrEqual(6000);
  expect(arrivals.map((a) => a.key)).toEqual(['once', 'killed', 'killed']);
}, 60_000);
