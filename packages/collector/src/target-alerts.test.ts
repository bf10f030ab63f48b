import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startCollector, type TestCollector } from './testing/collector.js';
import { webhookReceivers } from './testing/webhook-receiver.js';

const DAY = 86_400_000;
const NOW = Date.now();
const at = (back: number) => new Date(NOW - back * DAY).toISOString();
const auth = { authorization: 'Bearer sk_test' };

const FLOW = {
  id: 'tour',
  steps: [
    { id: 'a', target: '.a', title: 'A' },
    { id: 'b', target: ['[data-tour=export]', '.export'], title: 'B' },
    { id: 'c', target: '.c', title: 'C' },
  ],
};

let seq = 0;
const event = (name: string, stepId: string, back = 0, url = 'https://app.example.com/app/reports?id=7') => ({
  type: 'track',
  event: name,
  userId: `u${seq % 7}`,
  messageId: `m${++seq}`,
  timestamp: at(back),
  properties: name === 'Flow Step Viewed' ? { flow_id: 'tour', step_id: stepId, step_index: 1 } : { flow_id: 'tour', step_id: stepId, url },
});
const viewed = (stepId: string, n: number, back = 0) => Array.from({ length: n }, () => event('Flow Step Viewed', stepId, back));
const missing = (stepId: string, n: number, back = 0, url?: string) => Array.from({ length: n }, () => event('Flow Target Missing', stepId, back, url));

async function send(c: TestCollector, batch: unknown[]) {
  expect((await c.post('/v1/batch', JSON.stringify({ writeKey: 'wk_test', batch }))).status).toBe(200);
}
async function publish(c: TestCollector, doc: unknown) {
  const res = await fetch(`${c.url}/v1/content`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(doc) });
  expect(res.status).toBe(200);
}

/** Webhook receivers on real ports, closed after each test. */
const receiver = webhookReceivers();

describe('GET /v1/reports/targets', () => {
  it('reports the steps whose targets went missing: selectors, rate, since when, pages (query left out)', async () => {
    const c = await startCollector();
    await publish(c, { version: 1, flows: [FLOW] });
    await send(c, [
      ...viewed('b', 20, 3),
      ...viewed('b', 1),
      ...missing('b', 6),
      ...missing('b', 2, 0, 'https://app.example.com/app/home#x'),
      ...viewed('a', 9),
      ...missing('a', 1),
    ]);
    const res = await fetch(`${c.url}/v1/reports/targets`, { headers: auth });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.steps.map((s: any) => [s.step_id, s.selectors, s.viewed, s.missing, s.rate, s.broken])).toEqual([
      ['b', ['[data-tour=export]', '.export'], 21, 8, 0.2759, true],
      ['a', ['.a'], 9, 1, 0.1, false],
    ]);
    const b = report.steps[0];
    expect(b.pages).toEqual([
      { url: 'https://app.example.com/app/reports', missing: 6, firstMissing: expect.any(String), lastMissing: expect.any(String) },
      { url: 'https://app.example.com/app/home', missing: 2, firstMissing: expect.any(String), lastMissing: expect.any(String) },
    ]);
    expect(Date.parse(b.since)).toBeLessThanOrEqual(NOW);
    expect(report.rule).toEqual({ minMisses: 5, rate: 0.5, baselineDays: 7, baselineRate: 0.1 });
    // Another flow, or a range before the misses: nothing.
    expect((await (await fetch(`${c.url}/v1/reports/targets?flow=other`, { headers: auth })).json()).steps).toEqual([]);
    const old = at(10).slice(0, 10);
    expect((await (await fetch(`${c.url}/v1/reports/targets?from=${old}&to=${old}`, { headers: auth })).json()).steps).toEqual([]);
  });

  it('400 with the path for a bad range; 401 without a key; a write key cannot read it', async () => {
    const c = await startCollector();
    const bad = await fetch(`${c.url}/v1/reports/targets?from=yesterday`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('from');
    expect((await fetch(`${c.url}/v1/reports/targets`)).status).toBe(401);
    expect((await fetch(`${c.url}/v1/reports/targets`, { headers: { authorization: 'Bearer wk_test' } })).status).toBe(401);
  });
});

describe('"target broken" alerts', () => {
  it('a step whose missing rate jumps today: one signed alert per step and day to each alert webhook, not before the rule holds', async () => {
    const hook = await receiver();
    const c = await startCollector({ allowPrivateWebhooks: true, alertRetryBaseMs: 50, healthIntervalMs: 0 });
    await publish(c, { version: 1, flows: [FLOW], health: { signals: [{ event: 'Todo Added', weight: 1 }], alerts: [{ below: 40, webhook: hook.url }] } });
    // Healthy over the week before: many views, one miss (2%).
    await send(c, [...viewed('b', 49, 2), ...missing('b', 1, 2), ...viewed('c', 10, 1), ...missing('c', 5, 1)]);
    // Today: 4 misses (under the rule's 5), then a fifth.
    await send(c, [...viewed('b', 1), ...missing('b', 4)]);
    await send(c, missing('b', 1));
    await expect.poll(() => hook.received.length, { timeout: 10_000 }).toBe(1);
    const alert = JSON.parse(hook.received[0]!.body);
    // Raised by the fifth miss (a fourth would have said 4: the first queued for the day stays).
    expect(alert).toEqual({
      type: 'target_broken',
      flow_id: 'tour',
      step_id: 'b',
      step_index: 1,
      selectors: ['[data-tour=export]', '.export'],
      day: new Date(Math.floor(NOW / DAY) * DAY).toISOString().slice(0, 10),
      missing: 5,
      viewed: 1,
      rate: 0.8333,
      previousRate: 0.02,
      pages: [{ url: 'https://app.example.com/app/reports', missing: 5 }],
      at: expect.any(String),
    });
    const h = hook.received[0]!.headers;
    expect(h['x-touchpoint-signature']).toBe(`sha256=${createHmac('sha256', 'sk_test').update(hook.received[0]!.body).digest('hex')}`);
    expect(h['idempotency-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    // More misses of b today add no alert; step c (broken yesterday already: no jump) none either;
    // step a, healthy before, jumps: its alert is the positive signal that this batch was looked at.
    await send(c, [...missing('b', 3), ...missing('c', 6), ...missing('a', 5)]);
    await expect.poll(() => hook.received.length, { timeout: 10_000 }).toBe(2);
    expect(JSON.parse(hook.received[1]!.body)).toMatchObject({ step_id: 'a', missing: 5, previousRate: 0 });
    const listed = (await (await fetch(`${c.url}/v1/alerts`, { headers: auth })).json()).alerts;
    expect(listed.map((a: any) => `${a.type} ${a.step_id}`).sort()).toEqual(['target_broken a', 'target_broken b']);
  });
});
