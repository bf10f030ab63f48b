import type { ContentDocument, Journey } from '@touchpoint/content';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore, openSqliteStore } from '../store/sqlite-store.js';
import type { EventRow, Project } from '../store/store.js';
import type { PlanEmail } from './contracts.js';
import { previewJourney } from './preview.js';
import { runJourneys } from './runner.js';

const DAY = 86_400_000;
const NOW = 20_500 * DAY + 12 * 3_600_000;
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

let n = 0;
function event(userId: string, at: number, extra: { event?: string; traits?: Record<string, unknown> } = {}): EventRow {
  const type = extra.traits ? 'identify' : extra.event ? 'track' : 'page';
  const message = { type, userId, messageId: `m${++n}`, ...extra };
  return {
    messageId: message.messageId,
    type,
    event: extra.event ?? null,
    userId,
    anonymousId: null,
    groupId: null,
    timestamp: at,
    receivedAt: at,
    payload: JSON.stringify(message),
    ...(extra.traits && { traits: extra.traits }),
  };
}

async function setUp(journeys: Journey[], settings: ContentDocument['settings'] = {}) {
  const store = new SqliteStore((openSqliteStore(':memory:') as SqliteStore).db);
  stores.push(store);
  const project: Project = await store.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  const doc: ContentDocument = { version: 1, settings, messages: [{ id: 'welcome-back', kind: 'modal', title: 'Welcome back' }], journeys };
  return { store, project, doc };
}

const lapsed = (extra: Partial<Journey> = {}): Journey => ({
  id: 'lapsed',
  audience: { lastSeen: { op: 'gte', days: 7 } },
  action: { webhook: 'https://crm.example.com/hook' },
  ...extra,
});

const entries = async (store: SqliteStore, projectId: number, journeyId = 'lapsed') => (await store.journeyReport(projectId, journeyId, 100)).recent;

describe('a journey run', () => {
  it('does not enter the anonymous person of a user who identified: only the user, when lapsed', async () => {
    const { store, project, doc } = await setUp([lapsed()]);
    const anon = (anonymousId: string, at: number, userId: string | null): EventRow => ({ ...event('x', at), userId, anonymousId });
    // Both browsed anonymously 10 days ago, then identified; "kept" stays active, "gone" lapsed.
    await store.insertEvents(project.id, [
      anon('a-kept', NOW - 10 * DAY, null),
      anon('a-kept', NOW - 10 * DAY + 1000, 'kept'),
      anon('a-gone', NOW - 10 * DAY, null),
      anon('a-gone', NOW - 10 * DAY + 1000, 'gone'),
      event('kept', NOW - DAY),
    ]);
    expect(await previewJourney(store, project, doc, lapsed(), NOW)).toMatchObject({ evaluated: 2, matching: 1, entering: 1 });
    await runJourneys({ store }, project, doc, NOW);
    expect((await entries(store, project.id)).map((e) => e.userKey)).toEqual(['gone']);
  });

  it('enters a user last seen 10 days ago into "not seen for 7 days", not an active one, and nobody when run again', async () => {
    const { store, project, doc } = await setUp([lapsed()]);
    await store.insertEvents(project.id, [event('gone', NOW - 10 * DAY), event('active', NOW - DAY)]);
    expect(await runJourneys({ store }, project, doc, NOW)).toEqual([{ id: 'lapsed', evaluated: 2, entered: 1, acted: 1, holdout: 0, skipped: {} }]);
    const [entry] = await entries(store, project.id);
    expect(entry).toMatchObject({ userKey: 'gone', enteredAt: NOW, holdout: false, outcome: 'acted', action: 'webhook' });
    // The webhook is queued in the outbox under the entry's id, with a minimal body.
    const alerts = await store.listAlerts(project.id);
    expect(alerts.map((a) => [a.id, JSON.parse(a.body)])).toEqual([
      [entry!.id, { journey_id: 'lapsed', user_key: 'gone', entered_at: new Date(NOW).toISOString(), entry_id: entry!.id }],
    ]);
    // Again, an hour later: the first run is no longer a full pass, and nobody newly matches.
    expect(await runJourneys({ store }, project, doc, NOW + 3_600_000)).toEqual([
      { id: 'lapsed', evaluated: 0, entered: 0, acted: 0, holdout: 0, skipped: {} },
    ]);
    expect(await store.listAlerts(project.id)).toHaveLength(1);
  });

  it('gives each project its own entries and jobs, for the same journey and user (a production project and its staging copy)', async () => {
    const { store, project, doc } = await setUp([lapsed()]);
    const staging = await store.createProject({ name: 'p (staging)', writeKey: 'w2', secretKey: 's2', origins: [] });
    for (const p of [project, staging]) {
      await store.insertEvents(p.id, [event('gone', NOW - 10 * DAY)]);
      await runJourneys({ store }, p, doc, NOW);
    }
    const [a] = await store.listAlerts(project.id);
    const [b] = await store.listAlerts(staging.id);
    expect(a && b && a.id !== b.id).toBe(true);
    expect([(await entries(store, project.id))[0]!.id, (await entries(store, staging.id))[0]!.id]).toEqual([a!.id, b!.id]);
  });

  it('is incremental: evaluates the users whose facts changed and those whose last seen crossed the threshold, not everyone', async () => {
    const { store, project, doc } = await setUp([lapsed()]);
    await store.insertEvents(project.id, [event('five-days', NOW - 5 * DAY), event('active', NOW - DAY), event('gone', NOW - 10 * DAY)]);
    await runJourneys({ store }, project, doc, NOW);
    // Three days on, without an event from five-days: their absence crossed 7 days.
    await store.insertEvents(project.id, [event('gone', NOW + 3 * DAY - 1000)]);
    const [run] = await runJourneys({ store }, project, doc, NOW + 3 * DAY);
    // gone came back (facts changed: evaluated, no longer matching); five-days crossed; active did neither.
    expect(run).toEqual({ id: 'lapsed', evaluated: 2, entered: 1, acted: 1, holdout: 0, skipped: {} });
    expect((await entries(store, project.id)).map((e) => e.userKey).sort()).toEqual(['five-days', 'gone']);
    // Eleven days on, gone lapses again (newly matching, but `once` allows one entry ever), and active lapses.
    const [later] = await runJourneys({ store }, project, doc, NOW + 14 * DAY);
    expect(later).toMatchObject({ evaluated: 2, entered: 1 });
    expect((await entries(store, project.id)).map((e) => e.userKey).sort()).toEqual(['active', 'five-days', 'gone']);
  });

  it('enters a match kept pending during everyDays once the wait is over, by the daily full pass', async () => {
    const { store, project, doc } = await setUp([lapsed({ repeat: { everyDays: 10 } })]);
    await store.insertEvents(project.id, [event('gone', NOW - 10 * DAY)]);
    await runJourneys({ store }, project, doc, NOW);
    // Back the next day, then away again: a week later they match anew, three days before the wait is over.
    await store.insertEvents(project.id, [event('gone', NOW + DAY)]);
    await runJourneys({ store }, project, doc, NOW + DAY + 3_600_000);
    expect(await runJourneys({ store }, project, doc, NOW + 8 * DAY + 3_600_000)).toMatchObject([{ evaluated: 1, entered: 0 }]);
    // The wait is over: nothing changed in their facts, and the daily pass enters them.
    expect(await runJourneys({ store }, project, doc, NOW + 10 * DAY + 3_600_000)).toMatchObject([{ entered: 1 }]);
    expect(await entries(store, project.id)).toHaveLength(2);
  });

  it('enters the holdout without acting, and counts it', async () => {
    const { store, project, doc } = await setUp([lapsed({ holdout: 100 })]);
    await store.insertEvents(project.id, [event('gone', NOW - 10 * DAY)]);
    expect(await runJourneys({ store }, project, doc, NOW)).toEqual([{ id: 'lapsed', evaluated: 1, entered: 1, acted: 0, holdout: 1, skipped: {} }]);
    expect(await store.listAlerts(project.id)).toEqual([]);
    expect(await store.journeyReport(project.id, 'lapsed', 5)).toMatchObject({ entered: 1, acted: 0, holdout: { entered: 1, converted: 0 } });
  });

  it('loses and duplicates nothing when stopped between pages and run again', async () => {
    const { store, project, doc } = await setUp([lapsed()]);
    const users = Array.from({ length: 7 }, (_, i) => event(`u${i}`, NOW - (8 + i) * DAY));
    await store.insertEvents(project.id, [...users, event('active', NOW)]);
    let pages = 0;
    const crash = async () => {
      if (++pages === 3) throw new Error('killed');
    };
    await expect(runJourneys({ store, pageSize: 2, afterPage: crash }, project, doc, NOW)).rejects.toThrow('killed');
    // Three pages saved (active, u0 … u4, by key): five entries and their jobs, nothing of the rest.
    expect(await entries(store, project.id)).toHaveLength(5);
    expect(await store.listAlerts(project.id)).toHaveLength(5);
    await runJourneys({ store, pageSize: 2 }, project, doc, NOW + 60_000);
    const all = await entries(store, project.id);
    expect(all.map((e) => e.userKey).sort()).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
    expect((await store.listAlerts(project.id)).map((a) => a.id).sort()).toEqual(all.map((e) => e.id).sort());
  });

  it('skips email without a mailer; caps journey email per user and week across journeys', async () => {
    const email = (id: string): Journey => ({ id, audience: { lastSeen: { op: 'gte', days: 7 } }, action: { email: { subject: 'Hi', body: 'Come back' } } });
    const planEmail: PlanEmail = async ({ entry, person }) => ({
      outcome: 'acted',
      job: { id: 'ignored', projectId: 0, url: `mailto:${String(person.traits.email)}`, body: JSON.stringify({ entry: entry.id }) },
    });
    const { store, project, doc } = await setUp([email('a'), email('b'), email('c')], { emailsPerWeek: 2 });
    await store.insertEvents(project.id, [event('gone', NOW - 10 * DAY, { traits: { email: 'gone@x.test' } })]);
    expect((await runJourneys({ store }, project, doc, NOW)).map((r) => r.skipped)).toEqual([{ 'no-mailer': 1 }, { 'no-mailer': 1 }, { 'no-mailer': 1 }]);
    const { store: s2, project: p2, doc: d2 } = await setUp([email('a'), email('b'), email('c')], { emailsPerWeek: 2 });
    await s2.insertEvents(p2.id, [event('gone', NOW - 10 * DAY, { traits: { email: 'gone@x.test' } })]);
    const runs = await runJourneys({ store: s2, planEmail }, p2, d2, NOW);
    expect(runs.map((r) => [r.acted, r.skipped])).toEqual([
      [1, {}],
      [1, {}],
      [0, { capped: 1 }],
    ]);
    const jobs = await s2.listAlerts(p2.id);
    // Each job is the entry's (its id), whatever the planner called it.
    expect(jobs.map((j) => j.id).sort()).toEqual([...(await entries(s2, p2.id, 'a')), ...(await entries(s2, p2.id, 'b'))].map((e) => e.id).sort());
  });

  it('marks an entry converted at the exact time of the goal event after entering; until-completed enters again only unconverted users', async () => {
    const journey = lapsed({ goal: { event: 'Logged In', withinDays: 7 }, repeat: 'until-completed' });
    const { store, project, doc } = await setUp([journey]);
    await store.insertEvents(project.id, [
      event('comes-back', NOW - 10 * DAY),
      event('stays-away', NOW - 10 * DAY),
      event('stays-away', NOW - 9 * DAY, { event: 'Logged In' }),
    ]);
    await runJourneys({ store }, project, doc, NOW);
    // Same day as entering, but a minute before: not a conversion. A minute after: one.
    // stays-away comes back without the goal event.
    await store.insertEvents(project.id, [
      event('comes-back', NOW - 60_000, { event: 'Logged In' }),
      event('comes-back', NOW + 60_000, { event: 'Logged In' }),
      event('stays-away', NOW + 120_000),
    ]);
    await runJourneys({ store }, project, doc, NOW + 3_600_000);
    const report = await store.journeyReport(project.id, 'lapsed', 10);
    expect(report).toMatchObject({ entered: 2, acted: 2, converted: 1 });
    expect(report.recent.find((e) => e.userKey === 'comes-back')?.convertedAt).toBe(NOW + 60_000);
    // Both lapse again: only the one who did not convert enters again.
    const [again] = await runJourneys({ store }, project, doc, NOW + 20 * DAY);
    expect(again).toMatchObject({ entered: 1 });
    expect((await entries(store, project.id)).filter((e) => e.userKey === 'stays-away')).toHaveLength(2);
  });
});
