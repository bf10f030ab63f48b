import { z } from 'zod';
import type { Api } from '../api.js';
import type { ContentCache } from '../content-cache.js';
import { healthComponents } from '../health.js';
import type { AccountStore, EventStore, HealthStore } from '../store/store.js';

const DAY = 86_400_000;
/** The most events and users one answer carries: the page stays small whatever the account's size. */
const ACTIVITY_LIMIT = 50;
const USERS_LIMIT = 100;

const iso = (ms: number) => new Date(ms).toISOString();
const isoDay = (day: number) => iso(day * DAY).slice(0, 10);
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

const DAYS = 'must be a whole number of days from 1 to 366';
const schema = {
  params: z.object({ accountId: z.string() }),
  querystring: z.object({ days: z.coerce.number({ error: DAYS }).int(DAYS).min(1, DAYS).max(366, DAYS).default(90) }),
};

/**
 * `GET /v1/reports/accounts/:accountId?days=90` (secret key): one account, for its page in
 * the dashboard (an extension of CONTRACT §5, bounded whatever the account's size):
 * - `tier`, `traits` (from group calls); its latest health `score`, `previousScore`, `trend`,
 *   `alerting`, `reasons` (all null/empty before its first score) and `history`, its saved
 *   scores of the last `days` (1–366, default 90), oldest first;
 * - `window` and `signals`: what the health score weighs, counted over the current window
 *   (active days, then each signal of the content's `health`: count, weight, component 0–1);
 * - `activity`: its 50 latest events (those carrying its id), newest first;
 * - `users`: the 100 users seen in it last, with first and last seen, and `userCount`.
 */
export function registerAccountRoutes(app: Api, store: AccountStore & HealthStore & EventStore, now: () => number, content: ContentCache) {
  app.get('/v1/reports/accounts/:accountId', { config: { auth: 'viewer' }, schema }, async (request, reply) => {
    const { project } = request;
    const { days } = request.query;
    const accountId = request.params.accountId;
    const today = Math.floor(now() / DAY);
    const [account, history, people] = await Promise.all([
      store.account(project.id, accountId),
      store.accountHealth(project.id, accountId, today - days + 1),
      store.accountUsers(project.id, accountId, USERS_LIMIT),
    ]);
    if (!account && !history.length && !people.total) return reply.code(404).send({ error: `no account "${accountId}" in this project` });

    const doc = (await content.get(project.id)).doc;
    const health = doc?.health ?? { signals: [] };
    const windowDays = health.windowDays ?? 14;
    const window = { from: today - windowDays + 1, to: today };
    const components = healthComponents(health, await store.accountWindow(project.id, accountId, window), doc?.features);
    const thresholds = (health.alerts ?? []).map((a) => a.below);
    const latest = history.at(-1);
    return {
      account_id: accountId,
      tier: account?.tier ?? latest?.tier ?? null,
      traits: account?.traits ?? {},
      score: latest?.score ?? null,
      previousScore: latest?.previousScore ?? null,
      trend: latest && latest.previousScore !== null ? latest.score - latest.previousScore : null,
      alerting: latest !== undefined && thresholds.some((below) => latest.score < below),
      reasons: latest?.reasons ?? [],
      history: history.map((h) => ({ day: isoDay(h.day), score: h.score })),
      window: { from: isoDay(window.from), to: isoDay(window.to), days: windowDays },
      signals: components.map((c) => ({ signal: c.label, ...c.signal, count: c.count, weight: c.weight, component: round4(c.value) })),
      activity: await store.accountEvents(project.id, accountId, ACTIVITY_LIMIT),
      users: people.users.map((u) => ({ [u.identified ? 'userId' : 'anonymousId']: u.key, firstSeen: iso(u.firstSeen), lastSeen: iso(u.lastSeen) })),
      userCount: people.total,
    };
  });
}
