import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { buildServer, type ServerOptions } from '../server.js';
import { openSqliteStore } from '../store/sqlite-store.js';

/**
 * Collectors for tests: each on a real port over a real SQLite file with one project
 * (`wk_test` / `sk_test`), closed and removed after each test.
 */
const running: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((stop) => stop()));
});

export async function startCollector(options: Partial<ServerOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tp-collector-'));
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  await store.createProject({ name: 'test', writeKey: 'wk_test', secretKey: 'sk_test', origins: [] });
  const app = await buildServer({ store, ...options });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  running.push(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(url + path, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'content-type': 'text/plain', ...headers } });
  const events = async () => {
    const res = await fetch(`${url}/v1/events?limit=1000`, { headers: { authorization: 'Bearer sk_test' } });
    expect(res.status).toBe(200);
    return (await res.json()) as { events: Array<Record<string, unknown>>; clientDropped: number };
  };
  return { url, app, store, post, events };
}

export type TestCollector = Awaited<ReturnType<typeof startCollector>>;

/** A track message with this id. */
export const track = (messageId: string, extra: Record<string, unknown> = {}) => ({ type: 'track', event: 'E', userId: 'u1', messageId, ...extra });
/** A batch body with the test project's write key. */
export const batch = (...messages: unknown[]) => JSON.stringify({ writeKey: 'wk_test', batch: messages });
/** The stored messageIds, sorted. */
export const stored = async (c: TestCollector) => (await c.events()).events.map((e) => e.messageId).sort();
