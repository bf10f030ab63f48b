import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from './support/collector.js';
import { eventStream } from './support/event-stream.js';
import { reportSnapshot } from './support/report-snapshot.js';
import { startScaledInstallation, type ScaledInstallation } from './support/scaled-installation.js';
import { streamRequests } from './support/stream-requests.js';

/*
 * CONTRACT §9: reports of the scaled installation equal those the single-node default computes
 * from the same events. One stream goes to a SQLite collector in order, and to two collectors
 * sharing one ClickHouse and one PostgreSQL, spread over both, concurrently, in the opposite
 * order, with each retry sent to the other instance; then the same user is erased on both and
 * every report compared.
 */

const DAY = 86_400_000;
let installation: ScaledInstallation;
let single: RunningCollector;
let first: RunningCollector;
let second: RunningCollector;

beforeAll(async () => {
  installation = await startScaledInstallation();
  const storeArgs = await installation.storeArgs();
  [single, first] = await Promise.all([startCollector(), startCollector([], { storeArgs })]);
  second = await startCollector([], { storeArgs, createProject: false });
}, 120_000);

afterAll(async () => {
  await Promise.all([second?.stop(), first?.stop(), single?.stop()]);
  await installation?.stop();
});

const { post, publish, erase, recomputeHealth } = streamRequests;

it('reports the same as the single-node default from the same events', async () => {
  const today = Math.floor(Date.now() / DAY) * DAY;
  const batches = eventStream(today);
  await publish(single.url, single.secretKey);
  await publish(first.url, first.secretKey);

  // The single node: every batch in order (account calls first), retries right after.
  for (const batch of batches) {
    await post(single.url, batch, single.writeKey);
    if (batch.retried) await post(single.url, batch, single.writeKey);
  }
  // The shared installation: account calls first, then the rest in the opposite order, sixteen
  // requests at a time, alternating instances; a retry goes to the other one.
  const instances = [first.url, second.url];
  const groups = batches.filter((b) => b.messages[0]!.type === 'group');
  const rest = batches.filter((b) => b.messages[0]!.type !== 'group').reverse();
  for (const batch of groups) await post(first.url, batch, first.writeKey);
  for (let i = 0; i < rest.length; i += 16) {
    await Promise.all(
      rest.slice(i, i + 16).map(async (batch, k) => {
        const n = i + k;
        await post(instances[n % 2]!, batch, first.writeKey);
        if (batch.retried) await post(instances[(n + 1) % 2]!, batch, first.writeKey);
      }),
    );
  }

  await erase(single.url, single.secretKey);
  await erase(second.url, first.secretKey);
  await recomputeHealth(single.url, single.secretKey);
  await recomputeHealth(first.url, first.secretKey);

  const expected = await reportSnapshot(single.url, single.secretKey, single.writeKey);
  // Something to compare: the stream reaches every report.
  expect((expected['/v1/reports/experiments/export-copy'] as { variants: unknown[] }).variants).toHaveLength(3);
  expect((expected.events as unknown[]).length).toBeGreaterThan(500);
  const got = await reportSnapshot(first.url, first.secretKey, first.writeKey);
  expect(got).toEqual(expected);
  expect(await reportSnapshot(second.url, first.secretKey, first.writeKey)).toEqual(expected);
});
