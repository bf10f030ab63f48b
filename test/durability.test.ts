import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from './support/collector.js';

let collector: RunningCollector | undefined;
afterEach(async () => {
  await collector?.stop();
});

it('keeps every batch that got a 200 when the collector is killed (-9) right after', async () => {
  collector = await startCollector();
  const sent = new Set<string>();
  for (let b = 0; b < 40; b++) {
    const batch = Array.from({ length: 100 }, (_, i) => {
      const messageId = randomUUID();
      sent.add(messageId);
      return { type: 'track', event: 'Durable', userId: `u${i % 7}`, messageId, properties: { b, i } };
    });
    const res = await fetch(`${collector.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ writeKey: collector.writeKey, batch }),
    });
    expect(res.status).toBe(200);
  }
  await collector.kill('SIGKILL');
  expect(collector.process.signalCode).toBe('SIGKILL');

  const db = new Database(collector.dbPath, { readonly: true });
  const ids = db.prepare('SELECT message_id FROM events').pluck().all() as string[];
  db.close();
  expect(ids).toHaveLength(4000);
  expect(new Set(ids)).toEqual(sent);

  // And the collector starts again on that database.
  await collector.restart();
  expect(await collector.events('?limit=1')).toHaveLength(1);
});
