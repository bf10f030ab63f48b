import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { migrate, SqliteStore } from './sqlite-store.js';
import { flowKey, type EventRow } from './store.js';

const DAY = 86_400_000;
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

type Sent = [user: string, day: number, event: string, properties: Record<string, unknown>, group?: string];
// Day 20_030 and 20_031 share a 32-day block; 20_070 is in the next one.
const SENT: Sent[] = [
  // ada: the target of "two" never appeared, and the flow ended there (not her dismissal).
  ['ada', 20_030, 'Flow Started', { flow_id: 'tour' }, 'acme'],
  ['ada', 20_030, 'Flow Step Viewed', { flow_id: 'tour', step_id: 'one', step_index: 0 }, 'acme'],
  ['ada', 20_030, 'Flow Target Missing', { flow_id: 'tour', step_id: 'two', url: '/app' }, 'acme'],
  ['ada', 20_030, 'Flow Dismissed', { flow_id: 'tour', step_id: 'two', step_index: 1, reason: 'target_missing' }, 'acme'],
  // bob closed the flow himself on the day its target went missing, and again later on.
  ['bob', 20_031, 'Flow Target Missing', { flow_id: 'tour', step_id: 'two', url: '/app' }],
  ['bob', 20_031, 'Flow Dismissed', { flow_id: 'tour', step_id: 'two', step_index: 1, reason: 'target_missing' }],
  ['bob', 20_031, 'Flow Dismissed', { flow_id: 'tour', step_id: 'one', step_index: 0 }],
  ['bob', 20_070, 'Flow Target Missing', { flow_id: 'tour', step_id: 'one', url: '/app' }],
  ['bob', 20_070, 'Flow Dismissed', { flow_id: 'tour', step_id: 'one', step_index: 0, reason: 'target_missing' }],
  // Not a step: no step id.
  ['cy', 20_031, 'Flow Target Missing', { flow_id: 'tour' }],
];

function rowOf([user, day, event, properties, group]: Sent, i: number): EventRow {
  return {
    messageId: `m${i}`,
    type: 'track',
    event,
    userId: user,
    anonymousId: null,
    groupId: group ?? null,
    timestamp: day * DAY + 3_600_000,
    receivedAt: 0,
    payload: JSON.stringify({ type: 'track', event, properties }),
    properties,
  };
}

const KEYS = ['started', 'completed', 'dismissed', { stepIndex: 0, stepId: 'one' }, { missing: 'one' }, { missing: 'two' }] as const;
const RANGES = [
  { from: 20_000, to: 20_100 },
  { from: 20_030, to: 20_030 },
  { from: 20_031, to: 20_031 },
  { from: 20_040, to: 20_100 },
];

/** The flow report's figures over each range, for all accounts and for the tier "high". */
async function report(store: SqliteStore) {
  const keys = KEYS.map((k) => flowKey('tour', k));
  const out: Array<number[]> = [];
  for (const range of RANGES) {
    for (const tier of [undefined, 'high']) {
      const counts = await store.distinctUsers(1, 'flow', keys, range, tier);
      out.push(keys.map((k) => counts.get(k) ?? 0));
    }
  }
  return out;
}

it('migrating counts the steps whose target never appeared, and no dismissal for them, from the events already stored', async () => {
  // Today's store, receiving the events as they arrive.
  const fresh = new SqliteStore(new Database(':memory:'));
  stores.push(fresh);
  const project = await fresh.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  await fresh.insertEvents(project.id, [
    { ...rowOf(['ada', 20_000, 'group', {}, 'acme'], 99), type: 'group', event: null, traits: { tier: 'high' } },
    ...SENT.map(rowOf),
  ]);
  const expected = await report(fresh);
  // Not vacuous: step "two" went missing for ada and bob, "one" for bob; only bob dismissed the flow.
  expect(expected[0]).toEqual([1, 0, 1, 1, 1, 2]);
  expect(expected[1]).toEqual([1, 0, 0, 1, 0, 1]);

  // A database of the schema before this migration, with the events and the rollups the
  // collector kept then: every Flow Dismissed a dismissal, no figure for missing targets.
  const db = new Database(':memory:');
  migrate(db, 8);
  db.prepare("INSERT INTO projects (id, name, write_key, secret_key, created_at) VALUES (1, 'p', 'w', 's', 0)").run();
  db.prepare("INSERT INTO accounts (project_id, account_id, tier, updated_at) VALUES (1, 'acme', 'high', 0)").run();
  const insert = db.prepare(
    "INSERT INTO events (project_id, message_id, type, event, user_id, group_id, timestamp, received_at, payload) VALUES (1, ?, 'track', ?, ?, ?, ?, 0, ?)",
  );
  const rollup = db.prepare(
    `INSERT INTO user_days (project_id, kind, key, block, user_key, tier, bits) VALUES (1, 'flow', ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET bits = bits | excluded.bits`,
  );
  SENT.forEach((sent, i) => {
    const r = rowOf(sent, i);
    insert.run(r.messageId, r.event, r.userId, r.groupId, r.timestamp, r.payload);
    const [user, day, event, p, group] = sent;
    const kept = { 'Flow Started': 'started', 'Flow Completed': 'completed', 'Flow Dismissed': 'dismissed' }[event] as 'started' | undefined;
    const key = kept
      ? flowKey('tour', kept)
      : event === 'Flow Step Viewed'
        ? flowKey('tour', { stepIndex: p.step_index as number, stepId: p.step_id as string })
        : undefined;
    if (key) rollup.run(key, day >> 5, user, group ? 'high' : '', 2 ** (day & 31));
  });
  const migrated = new SqliteStore(db);
  stores.push(migrated);
  expect(await report(migrated)).toEqual(expected);
});
