import { expect } from 'vitest';
import { webhookBody } from '../journeys/actions.js';
import { buildServer } from '../server.js';
import type { EventRow, Project, Store, StoredJourneyEntry } from '../store/store.js';
import { eventRow } from './event-row.js';

/*
 * A user known under a user id and an anonymous id, with what journeys keep of both keys
 * (memories, entries, a queued webhook and an email), and their erasure through the API with
 * the metadata side failing once: for every store (SQLite; PostgreSQL metadata).
 */
const AT = Date.parse('2026-03-01T12:00:00Z');
const row = (messageId: string, extra: Partial<EventRow>): EventRow => eventRow({ messageId, event: 'E', timestamp: AT, ...extra });

const entry = (id: string, userKey: string, action: StoredJourneyEntry['action']): StoredJourneyEntry => ({
  id,
  journeyId: 'j',
  userKey,
  enteredAt: AT,
  holdout: false,
  action,
  outcome: 'acted',
});

/** Ada's events (anonymous `a-1` before she signed in as `ada`), bob's, and journeys' state and jobs for all three keys. */
export async function seedJourneyUsers(store: Store, project: Project): Promise<void> {
  await store.insertEvents(project.id, [
    row('m1', { anonymousId: 'a-1' }),
    row('m2', { type: 'identify', event: null, userId: 'ada', anonymousId: 'a-1', traits: { email: 'ada@example.com' } }),
    row('m3', { userId: 'bob', anonymousId: 'b-1' }),
  ]);
  const webhook = (e: StoredJourneyEntry) => ({
    id: e.id,
    projectId: project.id,
    url: 'https://crm.example/hook',
    body: webhookBody({ journey: { id: 'j' } as never, entry: e }),
  });
  const entries = [entry('je_anon', 'a-1', 'webhook'), entry('je_ada', 'ada', 'email'), entry('je_bob', 'bob', 'webhook')];
  await store.saveJourneyPage(
    project.id,
    'j',
    {
      memories: ['a-1', 'ada', 'bob'].map((userKey) => ({ userKey, memory: { matching: true, entries: 1, lastEntry: AT, converted: false } })),
      entries,
      conversions: [],
      jobs: [
        webhook(entries[0]!),
        { id: 'je_ada', projectId: project.id, url: 'mailto:ada@example.com', body: JSON.stringify({ projectId: project.id, userKey: 'ada' }) },
        webhook(entries[2]!),
        { id: 'health-1', projectId: project.id, url: 'https://crm.example/hook', body: 'not json' },
      ],
    },
    AT,
  );
}

/** What is left of every key: journey memories, entries, outbox jobs. */
export async function journeyTraces(store: Store, projectId: number) {
  const keys = ['a-1', 'ada', 'bob'];
  return {
    memories: [...(await store.journeyMemories(projectId, 'j', keys)).keys()].sort(),
    entries: (await store.openJourneyEntries(projectId, 'j', keys, 0)).map((e) => e.userKey).sort(),
    jobs: (await store.listAlerts(projectId)).map((a) => a.id).sort(),
  };
}

/**
 * Erases ada through `DELETE /v1/users/ada` on a server whose metadata store fails once (the
 * journeys' part of the erasure), then again: the second erasure must leave nothing of her
 * under either key, and everything of bob. Closes the store (with the server).
 */
export async function eraseWithOneFailure(store: Store, project: Project): Promise<void> {
  let fail = true;
  const flaky = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (name === 'forgetJourneyUsers' && fail)
        return async () => {
          fail = false;
          throw new Error('metadata store went away');
        };
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const app = await buildServer({ store: flaky, healthIntervalMs: 0, rateLimit: false });
  try {
    const erase = () => app.inject({ method: 'DELETE', url: '/v1/users/ada', headers: { authorization: `Bearer ${project.secretKey}` } });
    expect((await erase()).statusCode).toBe(500);
    expect((await erase()).statusCode).toBe(200);
    expect(await journeyTraces(store, project.id)).toEqual({ memories: ['bob'], entries: ['bob'], jobs: ['health-1', 'je_bob'] });
    expect((await store.queryEvents(project.id, { limit: 100 })).events).toHaveLength(1);
    expect(await store.erasureKeys(project.id, 'ada')).toEqual(['ada']);
  } finally {
    // Closes the store too.
    await app.close();
  }
}
