import { afterEach, expect, it } from 'vitest';
import { createPostgresCoordination } from '../packages/collector/src/store/postgres/coordination.js';
import { postgresJobs } from '../packages/collector/src/store/postgres/jobs.js';
import { runOncePerPeriod } from '../packages/collector/src/store/postgres/schedule.js';
import { LISTENER_NAME } from '../packages/collector/src/store/postgres/listener.js';
import { openPostgresStore, type PostgresStore } from '../packages/collector/src/store/postgres-store.js';
import { postgresForFile } from './support/postgres-cluster.js';
import { startSharedInstances } from './support/shared-collectors.js';

/*
 * Several collector instances sharing one installation (CONTRACT §9) over a real PostgreSQL:
 * what one publishes, the others serve at once; a scheduled task runs once a period among
 * them; rate limits and quotas are counted once for all of them.
 */

const cluster = postgresForFile();
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function shared(count: number, options: Parameters<typeof startSharedInstances>[2] = {}) {
  const url = await cluster.createDatabase();
  const running = await startSharedInstances(url, count, { healthIntervalMs: 0, ...options });
  cleanup.push(running.stop);
  return { url, instances: running.instances };
}

const secret = { authorization: 'Bearer sk_shared', 'content-type': 'application/json' };
const publish = (base: string, doc: unknown) => fetch(`${base}/v1/content`, { method: 'PUT', headers: secret, body: JSON.stringify(doc) });
const profile = (base: string) => fetch(`${base}/v1/profile?key=wk_shared&userId=u1`);

/** Resolves with the project id the next time this coordination hears of a content change (fails after 10 s). */
const nextChange = (c: { onContentChanged(l: (id: number | undefined) => void): () => void }) =>
  new Promise<number | undefined>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no content change heard within 10 s')), 10_000);
    const off = c.onContentChanged((id) => {
      off();
      clearTimeout(timer);
      resolve(id);
    });
  });

it('drops a cached content document on every instance when one publishes or rolls back (NOTIFY), and everything after a lost connection', async () => {
  const [a, b] = (await shared(2)).instances;
  expect((await publish(a!.url, { version: 1, settings: { identityVerification: false } })).status).toBe(200);
  // B reads (and caches) the document without verification: a profile needs no userHash.
  expect((await profile(b!.url)).status).toBe(200);

  const heard = nextChange(b!.coordination).then((id) => ({ id, at: performance.now() }));
  const sent = performance.now();
  expect((await publish(a!.url, { version: 1, settings: { identityVerification: true } })).status).toBe(200);
  const answered = performance.now();
  const { id, at } = await heard;
  expect(id).toBe(1);
  // B answers from the new document on its very next request (its cache would have kept the old one for a minute).
  expect((await profile(b!.url)).status).toBe(403);

  // A rollback is a publish: B hears it as well.
  const rolledBack = nextChange(b!.coordination);
  expect((await fetch(`${a!.url}/v1/content/rollback`, { method: 'POST', headers: secret, body: JSON.stringify({ version: 1 }) })).status).toBe(200);
  expect(await rolledBack).toBe(1);
  expect((await profile(b!.url)).status).toBe(200);

  // B's listening connection is cut (as a restart of PostgreSQL or a network cut would): it
  // connects again and, having maybe missed publishes, drops everything.
  const reconnected = nextChange(b!.coordination);
  await a!.metadata.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [LISTENER_NAME]);
  expect(await reconnected).toBeUndefined();
  // Listening again: the next publish is heard.
  const again = nextChange(b!.coordination);
  expect((await publish(a!.url, { version: 1, settings: { identityVerification: true }, features: [] })).status).toBe(200);
  expect(await again).toBe(1);
  expect((await profile(b!.url)).status).toBe(403);
  console.log(
    `content change heard by the other instance ${(at - sent).toFixed(1)} ms after the publish was sent (its answer came after ${(answered - sent).toFixed(1)} ms)`,
  );
});

it('runs a scheduled task once a period across instances, and again for a period whose run died', async () => {
  const url = await cluster.createDatabase();
  const stores: PostgresStore[] = await Promise.all([openPostgresStore(url), openPostgresStore(url), openPostgresStore(url)]);
  await stores[0]!.migrate();
  const coordinations = await Promise.all(stores.map((store) => createPostgresCoordination({ url, pool: store.pool })));
  cleanup.push(async () => {
    for (const c of coordinations) await c.close();
    for (const s of stores) await s.close();
  });
  const periodMs = 400;
  const runs: Array<{ instance: number; period: number }> = [];
  const stops = coordinations.map((c, instance) =>
    c.every('test-task', periodMs, async (period) => {
      runs.push({ instance, period });
      await new Promise((r) => setTimeout(r, 30));
    }),
  );
  await expect.poll(() => new Set(runs.map((r) => r.period)).size, { timeout: 10_000, interval: 50 }).toBeGreaterThanOrEqual(5);
  await Promise.all(stops.map((stop) => stop()));
  const periods = runs.map((r) => r.period);
  expect(new Set(periods).size).toBe(periods.length);

  // A run that fails (its instance died before recording it) leaves the period to the next
  // instance to check; once recorded, the period is done for all.
  const tries: number[] = [];
  const task = (instance: number) => async () => {
    tries.push(instance);
    if (tries.length === 1) throw new Error('died mid-run');
  };
  await expect(runOncePerPeriod(stores[0]!.pool, 'flaky', 3_600_000, task(0))).rejects.toThrow('died mid-run');
  expect(await runOncePerPeriod(stores[1]!.pool, 'flaky', 3_600_000, task(1))).toBeTypeOf('number');
  expect(await runOncePerPeriod(stores[2]!.pool, 'flaky', 3_600_000, task(2))).toBeUndefined();
  expect(await runOncePerPeriod(stores[0]!.pool, 'flaky', 3_600_000, task(0))).toBeUndefined();
  expect(tries).toEqual([0, 1]);
});

it('runs the health recompute once a period across two collectors', async () => {
  const url = await cluster.createDatabase();
  const periodMs = 500;
  // The period each instance's health schedule is running for, and the period of each health
  // save: every recompute saves the health of the one project with health settings.
  const running: Array<number | undefined> = [];
  const saved: Array<number | undefined> = [];
  const shared = await startSharedInstances(
    url,
    2,
    { healthIntervalMs: periodMs },
    {
      store: (store, instance) => {
        const save = store.saveHealth.bind(store);
        return Object.assign(store, {
          saveHealth: (...args: Parameters<typeof save>) => {
            saved.push(running[instance]);
            return save(...args);
          },
        });
      },
      coordination: (coordination, instance) => ({
        ...coordination,
        every: (name, periodMs_, task) =>
          coordination.every(name, periodMs_, async (period) => {
            if (name === 'health') running[instance] = period;
            try {
              await task(period);
            } finally {
              if (name === 'health') running[instance] = undefined;
            }
          }),
      }),
    },
  );
  cleanup.push(shared.stop);
  expect((await publish(shared.instances[0]!.url, { version: 1, health: { windowDays: 14, signals: [{ event: 'Todo Added', weight: 1 }] } })).status).toBe(200);
  await expect.poll(() => saved.length, { timeout: 15_000, interval: 50 }).toBeGreaterThanOrEqual(5);
  // Every save was made by a scheduled run, and no period was saved twice, though both
  // instances check four times a period.
  expect(saved.every((period) => period !== undefined)).toBe(true);
  expect(new Set(saved).size).toBe(saved.length);
});

it('runs the retroactive backfill a publish queues, on some instance, for every instance to report', async () => {
  const [a, b] = (await shared(2, { rateLimit: false })).instances;
  const path = [
    { tag: 'button', attrs: { 'data-action': 'export' } },
    { tag: 'nav', id: 'top' },
  ];
  const clicks = ['u1', 'u2'].map((userId, i) => ({
    type: 'track',
    event: 'Element Clicked',
    userId,
    messageId: `c${i}`,
    timestamp: '2026-03-02T10:00:00Z',
    properties: { path },
  }));
  const ingest = await fetch(`${a!.url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ writeKey: 'wk_shared', batch: clicks }),
  });
  expect(ingest.status).toBe(200);
  const put = await publish(a!.url, { version: 1, features: [{ id: 'export', selector: 'nav#top [data-action=export]' }] });
  expect(await put.json()).toEqual({ version: 1, retroactive: ['export'] });
  const users = async () => {
    const res = await fetch(`${b!.url}/v1/reports/adoption?from=2026-03-01&to=2026-03-31`, { headers: secret });
    return ((await res.json()) as { features: Array<{ feature_id: string; users: number }> }).features.find((f) => f.feature_id === 'export')?.users;
  };
  await expect.poll(users, { timeout: 10_000, interval: 50 }).toBe(2);
  const { rows } = await a!.metadata.pool.query<{ done: boolean }>('SELECT done_at IS NOT NULL AS done FROM jobs');
  expect(rows).toEqual([{ done: true }]);
});

it('runs a job again on another instance when the one running it dies (its lease runs out)', async () => {
  const url = await cluster.createDatabase();
  const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
  await a.migrate();
  cleanup.push(() => b.close());
  const qa = postgresJobs(a.pool, { leaseMs: 300, pollMs: 20 });
  const qb = postgresJobs(b.pool, { leaseMs: 300, pollMs: 20 });
  const ran: Array<[string, unknown]> = [];
  const aStarted = new Promise<void>((resolve) => {
    qa.work('test', async (job) => {
      ran.push(['a', job.payload]);
      resolve();
      await new Promise(() => {}); // never ends: the instance dies here
    });
  });
  await qb.enqueue('test', 1, { n: 1 });
  await aStarted;
  // Instance a dies: its connections go, and with them its lease renewals.
  await a.close();
  const bRan = new Promise<void>((resolve) => {
    cleanup.push(
      qb.work('test', async (job) => {
        ran.push(['b', job.payload]);
        resolve();
      }),
    );
  });
  await bRan;
  expect(ran).toEqual([
    ['a', { n: 1 }],
    ['b', { n: 1 }],
  ]);
  await expect
    .poll(async () => (await b.pool.query<{ done: boolean; attempts: number }>('SELECT done_at IS NOT NULL AS done, attempts FROM jobs')).rows, {
      timeout: 5000,
    })
    .toEqual([{ done: true, attempts: 2 }]);
});

it('refuses to start when its listening connection cannot be made (instead of waiting forever)', async () => {
  const url = await cluster.createDatabase();
  const store = await openPostgresStore(url);
  cleanup.push(() => store.close());
  const nowhere = new URL(url);
  nowhere.port = '1';
  await expect(createPostgresCoordination({ url: nowhere.toString(), pool: store.pool })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
});

it('gives a job back when its instance stops mid-job, for another to run at once', async () => {
  const url = await cluster.createDatabase();
  const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
  await a.migrate();
  cleanup.push(async () => {
    await a.close();
    await b.close();
  });
  // A lease of an hour: only the give-back lets b run it within the test.
  const qa = postgresJobs(a.pool, { leaseMs: 3_600_000, pollMs: 20 });
  const qb = postgresJobs(b.pool, { leaseMs: 3_600_000, pollMs: 20 });
  let started = () => {};
  const aStarted = new Promise<void>((resolve) => (started = resolve));
  const stopA = qa.work('test', async (job) => {
    started();
    // Ends at its next safe point once the instance stops.
    await new Promise((resolve) => job.signal.addEventListener('abort', resolve));
  });
  await qa.enqueue('test', 1, { n: 2 });
  await aStarted;
  await stopA();
  const bRan = new Promise<unknown>((resolve) => cleanup.push(qb.work('test', async (job) => resolve(job.payload))));
  expect(await bRan).toEqual({ n: 2 });
});
