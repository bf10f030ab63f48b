import { it } from 'vitest';
import { eraseWithOneFailure, seedJourneyUsers } from '../packages/collector/src/testing/journey-erasure.js';
import { composeStore } from '../packages/collector/src/store/compose-store.js';
import { openSqliteStore } from '../packages/collector/src/store/sqlite-store.js';
import { postgresStores } from './support/postgres-stores.js';

const { stores: postgres } = postgresStores();

it('erasing a user on PostgreSQL metadata erases journeys’ memories, entries, emails and webhooks under every key, even when the first try fails midway', async () => {
  const [metadata] = await postgres();
  const events = openSqliteStore(':memory:');
  const store = composeStore(metadata!, events);
  const project = await store.createProject({ name: 'p', writeKey: 'wk_p', secretKey: 'sk_p', origins: [] });
  // The events side keeps its own project rows (its foreign keys), under the same id.
  await events.createProject({ name: 'p', writeKey: 'wk_p', secretKey: 'sk_p', origins: [] });
  await seedJourneyUsers(store, project);
  await eraseWithOneFailure(store, project);
});
