import { expect, it } from 'vitest';
import { composeStore } from './compose-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { EventRow } from './store.js';

const row = (messageId: string, userId: string): EventRow => ({
  messageId,
  type: 'track',
  event: 'Report Exported',
  userId,
  anonymousId: null,
  groupId: null,
  timestamp: Date.parse('2026-03-01T10:00:00Z'),
  receivedAt: Date.parse('2026-03-01T10:00:01Z'),
  payload: JSON.stringify({ type: 'track', event: 'Report Exported', userId, messageId }),
});

it('keeps shared state in the metadata engine and events in the event engine', async () => {
  const metadata = openSqliteStore(':memory:');
  const events = openSqliteStore(':memory:');
  // SQLite's events reference its projects: the event engine gets a row of its own for id 1.
  await events.createProject({ name: 'events-side', writeKey: 'x', secretKey: 'y', origins: [] });
  const store = composeStore(metadata, events);
  const project = await store.createProject({ name: 'p', writeKey: 'wk', secretKey: 'sk', origins: [] });
  await store.publishContent(project.id, '{"version":1}', '"e1"');
  expect(await store.insertEvents(project.id, [row('m1', 'ada'), row('m1', 'ada')])).toEqual({ inserted: 1, duplicates: 1 });

  expect((await metadata.listProjects()).map((p) => p.name)).toEqual(['p']);
  expect((await events.listProjects()).map((p) => p.name)).toEqual(['events-side']);
  expect((await metadata.latestContent(project.id))?.version).toBe(1);
  expect(await events.latestContent(project.id)).toBeUndefined();
  expect((await events.queryEvents(project.id, { limit: 10 })).events.map((e) => e.messageId)).toEqual(['m1']);
  expect(await metadata.queryEvents(project.id, { limit: 10 })).toEqual({ events: [] });
  // Reads go to the same engines.
  expect((await store.projectByWriteKey('wk', Date.now()))?.id).toBe(project.id);
  expect(await store.eventTotals(project.id, { userId: 'ada' })).toEqual([{ event: 'Report Exported', count: 1 }]);
  await store.close();
});

it('closes both engines even when one fails to close, and reports the failure', async () => {
  const metadata = openSqliteStore(':memory:');
  const events = openSqliteStore(':memory:');
  const failing = Object.assign(Object.create(Object.getPrototypeOf(metadata)), metadata, {
    close: async () => {
      throw new Error('metadata engine gone');
    },
  });
  await expect(composeStore(failing, events).close()).rejects.toThrow('metadata engine gone');
  expect(events.db.open).toBe(false);
  await metadata.close();
});
