/**
 * What the ingest benchmarks share: realistic SDK batches with fresh messageIds, a collector
 * started as users start it (the built CLI, its own process), and autocannon driving it.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const BATCH = 100;
export const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

/** One realistic SDK message (context as the SDK sends it), with a placeholder id. */
function message(i: number) {
  return {
    type: 'track',
    event: `Feature ${i % 12}`,
    messageId: 'MSGID',
    anonymousId: `anon-${i % 50}`,
    userId: `user-${i % 50}`,
    timestamp: '2026-03-01T10:00:00.000Z',
    sentAt: '2026-03-01T10:00:01.000Z',
    properties: { plan: 'pro', step: i % 5, label: 'Export report', value: 42.5 },
    context: {
      library: { name: 'touchpoint', version: '0.1.0' },
      page: { path: '/app/reports', url: 'https://app.example.com/app/reports?tab=2', search: '?tab=2', title: 'Reports', referrer: '' },
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
      locale: 'en-US',
      timezone: 'Europe/Berlin',
      screen: { width: 1440, height: 900 },
      sessionId: '6f1c1f7e-3b0a-4b53-9e0c-2d7b8f6f0d11',
      groupId: `account-${i % 7}`,
    },
  };
}

/** Request bodies of `BATCH` messages for `writeKey`, each call with fresh messageIds (unique across `prefix`es). */
export function bodies(writeKey: string, prefix = 'r') {
  // The body split around the ids, so each request gets fresh messageIds cheaply.
  const parts = JSON.stringify({ writeKey, sentAt: '2026-03-01T10:00:01.000Z', batch: Array.from({ length: BATCH }, (_, i) => message(i)) }).split('MSGID');
  let counter = 0;
  return () => {
    const n = counter++;
    let out = parts[0]!;
    for (let i = 1; i < parts.length; i++) out += `${prefix}${n}-${i}` + parts[i];
    return out;
  };
}

/** Limits so high the load never meets them, but counted as a collector counts them. */
const COUNTED_LIMITS = ['--rate-limit', '1000000000', '--rate-limit-messages', '1000000000', '--rate-limit-bytes', '1000000000000'];
const NO_LIMITS = ['--rate-limit', '0', '--rate-limit-messages', '0', '--rate-limit-bytes', '0'];

/**
 * A collector process (`touchpoint serve` on a free port) and its URL. Limits are off, or with
 * `countLimits` counted (every request pays for the rate limit, the per-address limit and the
 * ingest quota, as in production) but never reached.
 */
export async function serveForLoad(
  args: string[],
  options: { countLimits?: boolean } = {},
): Promise<{ url: string; child: ChildProcess; rssMb(): number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...(options.countLimits ? COUNTED_LIMITS : NO_LIMITS), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const m = /listening on (\S+)/.exec(d.toString());
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error('collector exited')));
  });
  return {
    url,
    child,
    rssMb: () => rssMb(child.pid!),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A process's resident memory now (MB), from /proc. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Drives `url`'s batch endpoint with `connections` keep-alive connections for `seconds`. */
export function load(url: string, body: () => string, connections: number, seconds: number) {
  return autocannon({
    url: `${url}/v1/batch`,
    connections,
    duration: seconds,
    requests: [{ method: 'POST', headers: { 'content-type': 'text/plain' }, setupRequest: (req) => ({ ...req, body: body() }) }],
  });
}
