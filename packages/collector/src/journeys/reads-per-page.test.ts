import type { ContentDocument } from '@touchpoint/content';
import { afterEach, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../store/sqlite-store.js';
import type { EventRow } from '../store/store.js';
import { eventRow } from '../testing/event-row.js';
import { runJourneys } from './runner.js';

const DAY = 86_400_000;
const NOW = 20_500 * DAY + 12 * 3_600_000;
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

const row = (userId: string, at: number, extra: Partial<EventRow> = {}): EventRow =>
  eventRow({ messageId: `${userId}-${at}-${extra.type ?? 'page'}`, type: 'page', userId, timestamp: at, ...extra });

const doc: ContentDocument = {
  version: 1,
  journeys: [
    {
      id: 'lapsed-pro',
      audience: { all: [{ lastSeen: { op: 'gte', days: 7 } }, { account: 'plan', op: 'eq', value: 'pro' }] },
      action: { webhook: 'https://crm.example.com/hook' },
      goal: { event: 'Logged In', withinDays: 7 },
    },
  ],
};

/**
 * Two runs over `users` lapsed users, each in an account of their own (every other one on the
 * pro plan), who all come back with the goal event between the runs; counts the store's reads
 * by method during each run, and what the runs decided.
 */
async function twoRuns(users: number) {
  const store = openSqliteStore(':memory:') as SqliteStore;
  stores.push(store);
  const project = await store.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  const ids = Array.from({ length: users }, (_, i) => `u${String(i).padStart(3, '0')}`);
  await store.insertEvents(
    project.id,
    ids.flatMap((u, i) => [
      row(u, NOW - 11 * DAY, { type: 'group', groupId: `acct-${u}`, traits: { plan: i % 2 ? 'free' : 'pro' } }),
      row(u, NOW - 10 * DAY, { groupId: `acct-${u}` }),
    ]),
  );
  const calls = new Map<string, number>();
  const counted = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(name), (calls.get(String(name)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const first = await runJourneys({ store: counted, pageSize: 500 }, project, doc, NOW);
  const firstCalls = Object.fromEntries(calls);
  calls.clear();
  await store.insertEvents(
    project.id,
    ids.map((u) => row(u, NOW + 60_000, { type: 'track', event: 'Logged In', groupId: `acct-${u}` })),
  );
  const second = await runJourneys({ store: counted, pageSize: 500 }, project, doc, NOW + 3_600_000);
  const report = await store.journeyReport(project.id, 'lapsed-pro', 1000);
  return { first, second, firstCalls, secondCalls: Object.fromEntries(calls), converted: report.converted, entered: report.entered };
}

it('reads the store a fixed number of times a page, however many people, accounts and open entries the page holds', async () => {
  const small = await twoRuns(4);
  const large = await twoRuns(60);
  // Same decisions as one read a person would give: the pro half entered, and all of them converted.
  expect([small.entered, small.converted, large.entered, large.converted]).toEqual([2, 2, 30, 30]);
  expect(large.first).toMatchObject([{ evaluated: 60, entered: 30 }]);
  // One page each: as many reads for 60 people (60 accounts, 30 goal checks) as for 4.
  expect(large.firstCalls).toEqual(small.firstCalls);
  expect(large.secondCalls).toEqual(small.secondCalls);
});
