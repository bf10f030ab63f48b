import { HISTORY, LIFECYCLE, lifecycleOf } from '@touchpoint/content';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../sqlite-store.js';
import type { EventRow } from '../store.js';

const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

/** Generated lifecycle events (and others), with ids that are strings or not, and `unless` values. */
const event = fc.record({
  event: fc.constantFrom(...new Set(LIFECYCLE.map((r) => r.event)), 'Todo Added'),
  properties: fc.record(
    {
      flow_id: fc.constantFrom<unknown>('a', 'b', 7),
      message_id: fc.constantFrom<unknown>('a', 'm'),
      survey_id: fc.constantFrom<unknown>('s', null),
      checklist_id: fc.constantFrom<unknown>('c', 'a'),
      item_id: fc.constantFrom<unknown>('i', 2),
      reason: fc.constantFrom<unknown>('target_missing', 'user'),
    },
    { requiredKeys: [] },
  ),
  at: fc.integer({ min: 1, max: 1000 }),
});

describe('the lifecycle table in SQL', () => {
  it('gives the profile’s content history exactly as lifecycleOf reads each event', async () => {
    const store = new SqliteStore(new Database(':memory:'));
    stores.push(store);
    const project = await store.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 25 }), async (events) => {
        // A user of their own per run.
        const user = `u${++run}`;
        const rows: EventRow[] = events.map((e, i) => ({
          messageId: `${user}-${i}`,
          type: 'track',
          event: e.event,
          userId: user,
          anonymousId: null,
          groupId: null,
          timestamp: e.at,
          receivedAt: 0,
          payload: JSON.stringify({ type: 'track', event: e.event, userId: user, properties: e.properties }),
          properties: e.properties,
        }));
        await store.insertEvents(project.id, rows);
        const expected = new Map<string, { last: number; count: number }>();
        for (const e of events) {
          const life = lifecycleOf(e.event, e.properties);
          if (!life || !HISTORY.includes(life.means)) continue;
          const key = `${life.contentId} ${e.event}`;
          const was = expected.get(key);
          expected.set(key, { last: Math.max(was?.last ?? 0, e.at), count: (was?.count ?? 0) + 1 });
        }
        const facts = await store.contentFacts(project.id, { userId: user });
        expect(new Map(facts.map((f) => [`${f.contentId} ${f.event}`, { last: f.last, count: f.count }]))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
