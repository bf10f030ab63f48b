import { expect, it } from 'vitest';
import { openSqliteStore } from './sqlite-store.js';
import type { EventRow } from './store.js';

const used = (messageId: string, at: number): EventRow => {
  const properties = { feature_id: 'export' };
  return {
    messageId,
    type: 'track',
    event: 'Feature Used',
    userId: 'ada',
    anonymousId: null,
    groupId: null,
    timestamp: at,
    receivedAt: at,
    payload: JSON.stringify({ type: 'track', event: 'Feature Used', userId: 'ada', messageId, properties }),
    properties,
  };
};

it("gives each feature's latest use, whatever order its uses were stored in", async () => {
  const store = openSqliteStore(':memory:');
  const project = await store.createProject({ name: 'p', writeKey: 'wk', secretKey: 'sk', origins: [] });
  // The later use is stored first (it arrived first).
  await store.insertEvents(project.id, [used('late', 2_000_000)]);
  await store.insertEvents(project.id, [used('early', 1_000_000)]);
  expect(await store.featuresUsed(project.id, { userId: 'ada' })).toEqual({ export: 2_000_000 });
  await store.close();
});
