import { expect, it } from 'vitest';
import { eraseWithOneFailure, journeyTraces, seedJourneyUsers } from '../../testing/journey-erasure.js';
import { openSqliteStore } from '../sqlite-store.js';

it('erasing a user erases what journeys keep under every key of theirs (webhooks too), even when the first try fails midway', async () => {
  const store = openSqliteStore(':memory:');
  const project = await store.createProject({ name: 'p', writeKey: 'wk_p', secretKey: 'sk_p', origins: [] });
  await seedJourneyUsers(store, project);
  expect(await journeyTraces(store, project.id)).toEqual({
    memories: ['a-1', 'ada', 'bob'],
    entries: ['a-1', 'ada', 'bob'],
    jobs: ['health-1', 'je_ada', 'je_anon', 'je_bob'],
  });
  await eraseWithOneFailure(store, project);
});
