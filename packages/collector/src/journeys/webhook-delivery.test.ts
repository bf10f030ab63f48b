import { createHmac } from 'node:crypto';
import { expect, it } from 'vitest';
import { startCollector } from '../testing/collector.js';
import { webhookReceivers } from '../testing/webhook-receiver.js';

/** A journey's webhook goes out through the alerts' outbox: signed with the secret key, its entry's id as Idempotency-Key, once. */
const receiver = webhookReceivers();

it('a journey webhook arrives signed like health alerts, under the entry id, and a second run sends nothing', async () => {
  const hook = await receiver();
  const NOW = Date.parse('2026-11-27T10:00:00Z');
  const c = await startCollector({ allowPrivateWebhooks: true, alertRetryBaseMs: 50, healthIntervalMs: 0, journeysIntervalMs: 0, now: () => NOW });
  const auth = { authorization: 'Bearer sk_test', 'content-type': 'application/json' };
  const doc = { version: 1, journeys: [{ id: 'lapsed', audience: { lastSeen: { op: 'gte', days: 7 } }, action: { webhook: hook.url } }] };
  expect((await fetch(`${c.url}/v1/content`, { method: 'PUT', headers: auth, body: JSON.stringify(doc) })).status).toBe(200);
  const page = (userId: string, daysAgo: number) => ({
    type: 'page',
    userId,
    messageId: userId,
    timestamp: new Date(NOW - daysAgo * 86_400_000).toISOString(),
  });
  expect((await c.post('/v1/batch', JSON.stringify({ writeKey: 'wk_test', batch: [page('gone', 10), page('active', 1)] }))).status).toBe(200);
  const run = async () => (await fetch(`${c.url}/v1/journeys/run`, { method: 'POST', headers: { authorization: 'Bearer sk_test' } })).json();
  expect(await run()).toMatchObject({ journeys: [{ id: 'lapsed', entered: 1, acted: 1 }] });
  await expect.poll(() => hook.received.length, { timeout: 10_000 }).toBe(1);
  const [{ headers, body }] = hook.received as [{ headers: Record<string, unknown>; body: string }];
  const sent = JSON.parse(body) as Record<string, string>;
  expect(sent).toEqual({
    journey_id: 'lapsed',
    user_key: 'gone',
    entered_at: new Date(NOW).toISOString(),
    entry_id: expect.stringMatching(/^je_[0-9a-f]{32}$/),
  });
  expect(headers['x-touchpoint-signature']).toBe(`sha256=${createHmac('sha256', 'sk_test').update(body).digest('hex')}`);
  expect(headers['idempotency-key']).toBe(sent.entry_id);
  // Again: nobody newly matches; the outbox holds the one job, sent.
  expect(await run()).toMatchObject({ journeys: [{ entered: 0 }] });
  const alerts = await c.store.listAlerts(1);
  expect(alerts).toEqual([expect.objectContaining({ id: sent.entry_id, sentAt: expect.any(Number) })]);
});
