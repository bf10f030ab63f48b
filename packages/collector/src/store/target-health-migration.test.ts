import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { migrate, SqliteStore } from './sqlite-store.js';
import type { EventRow } from './store.js';

const DAY = 86_400_000;
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

type Sent = [day: number, hour: number, event: string, properties: Record<string, unknown>];
const SENT: Sent[] = [
  [20_030, 9, 'Flow Step Viewed', { flow_id: 'tour', step_id: 'one', step_index: 0 }],
  [20_030, 10, 'Flow Step Viewed', { flow_id: 'tour', step_id: 'one' }],
  [20_030, 11, 'Flow Target Missing', { flow_id: 'tour', step_id: 'one', url: 'https://app/x?id=1#a' }],
  [20_030, 12, 'Flow Target Missing', { flow_id: 'tour', step_id: 'one', url: 'https://app/x#frag?not-a-query' }],
  [20_030, 13, 'Flow Target Missing', { flow_id: 'tour', step_id: 'one', url: `https://app/${'y'.repeat(600)}` }],
  [20_031, 8, 'Flow Target Missing', { flow_id: 'tour', step_id: 'two', url: 42 }],
  [20_031, 9, 'Flow Target Missing', { flow_id: 'tour', step_id: 'two' }],
  // Not a step: no step id, or ids that are no strings.
  [20_031, 9, 'Flow Target Missing', { flow_id: 'tour' }],
  [20_031, 9, 'Flow Step Viewed', { flow_id: 7, step_id: 'one', step_index: 0 }],
];

function rowOf([day, hour, event, properties]: Sent, i: number): EventRow {
  return {
    messageId: `m${i}`,
    type: 'track',
    event,
    userId: 'ada',
    anonymousId: null,
    groupId: null,
    timestamp: day * DAY + hour * 3_600_000,
    receivedAt: 0,
    payload: JSON.stringify({ type: 'track', event, properties }),
    properties,
  };
}

it('migrating counts target health from the events already stored, as ingest counts it now', async () => {
  const fresh = new SqliteStore(new Database(':memory:'));
  stores.push(fresh);
  const project = await fresh.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  await fresh.insertEvents(project.id, SENT.map(rowOf));
  const range = { from: 20_000, to: 20_100 };
  const expected = await fresh.stepHealth(project.id, range);
  // Not vacuous: views and misses of both steps, pages cut at "?" or "#" and clipped, no page for a URL that is no string.
  expect(expected.days).toEqual([
    { flowId: 'tour', stepId: 'one', day: 20_030, viewed: 2, missing: 3 },
    { flowId: 'tour', stepId: 'two', day: 20_031, viewed: 0, missing: 2 },
  ]);
  expect(expected.pages.map((p) => [p.stepId, p.url.length > 100 ? `${p.url.length} chars` : p.url, p.count]).sort()).toEqual([
    ['one', '500 chars', 1],
    ['one', 'https://app/x', 2],
    ['two', '', 2],
  ]);

  const db = new Database(':memory:');
  migrate(db, 10);
  db.prepare("INSERT INTO projects (id, name, write_key, secret_key, created_at) VALUES (1, 'p', 'w', 's', 0)").run();
  const insert = db.prepare(
    "INSERT INTO events (project_id, message_id, type, event, user_id, timestamp, received_at, payload) VALUES (1, ?, 'track', ?, 'ada', ?, 0, ?)",
  );
  SENT.map(rowOf).forEach((r) => insert.run(r.messageId, r.event, r.timestamp, r.payload));
  const migrated = new SqliteStore(db);
  stores.push(migrated);
  const got = await migrated.stepHealth(1, range);
  const sorted = <T extends { stepId: string; url?: string }>(rows: T[]) =>
    [...rows].sort((a, b) => `${a.stepId}${a.url ?? ''}`.localeCompare(`${b.stepId}${b.url ?? ''}`));
  expect(got.days).toEqual(expected.days);
  expect(sorted(got.pages)).toEqual(sorted(expected.pages));
});
