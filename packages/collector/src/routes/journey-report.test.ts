import { expect, it } from 'vitest';
import type { StoredJourneyEntry } from '../store/store.js';
import { startApi } from '../testing/api-client.js';

const DAY = 86_400_000;

it('compares users, not entries, against the holdout: a repeating journey counts each user once in the test', async () => {
  const c = await startApi();
  const journey = {
    id: 'nudge',
    audience: { lastSeen: { op: 'gte', days: 7 } },
    action: { webhook: 'https://crm.example.com/hook' },
    repeat: 'always',
    holdout: 50,
  };
  expect((await c.call('PUT', '/v1/content', { version: 1, journeys: [journey] })).status).toBe(200);
  const [project] = await c.store.listProjects();
  const entry = (user: string, n: number, holdout: boolean, converted: boolean): StoredJourneyEntry => ({
    id: `${user}-${n}`,
    journeyId: 'nudge',
    userKey: user,
    enteredAt: c.at() - (10 - n) * DAY,
    holdout,
    action: 'webhook',
    outcome: holdout ? 'holdout' : 'acted',
    ...(converted && { convertedAt: c.at() - (10 - n) * DAY + 1000 }),
  });
  // Ten treated users entered three times each and converted once (on their last entry); ten
  // held-out users entered once, five converted. By entries the treated convert 10 / 30 and
  // look worse than the holdout (5 / 10); by users 10 / 10 against 5 / 10.
  const treated = Array.from({ length: 10 }, (_, i) => [1, 2, 3].map((n) => entry(`t${i}`, n, false, n === 3))).flat();
  const held = Array.from({ length: 10 }, (_, i) => entry(`h${i}`, 1, true, i < 5));
  await c.store.saveJourneyPage(project!.id, 'nudge', { memories: [], entries: [...treated, ...held], conversions: [], jobs: [] }, c.at());
  const report = (await c.call('GET', '/v1/reports/journeys/nudge')).body!;
  // The entries as before (CONTRACT §6), and the users the comparison is made on.
  expect(report).toMatchObject({ entered: 40, acted: 30, converted: 10, holdout: { entered: 10, converted: 5 } });
  expect(report.users).toEqual({ entered: 20, converted: 10, holdout: { entered: 10, converted: 5 } });
  expect(report.lift).toBe(1);
  expect(report.pValue).toBeLessThan(0.05);
});
