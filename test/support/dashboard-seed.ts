import Database from 'better-sqlite3';
import type { RunningCollector } from './collector.js';
import { publish } from './tours.js';

const DAY = 86_400_000;

/** A content document with something for every dashboard page. */
export const SEEDED_CONTENT = {
  version: 1,
  features: [
    { id: 'export', name: 'Export a report', selector: '#export' },
    { id: 'filters', name: 'Filters', selector: '.filter' },
    { id: 'invite', name: 'Invite teammates', event: 'Teammate Invited' },
  ],
  flows: [
    {
      id: 'welcome',
      name: 'Welcome tour',
      steps: [
        { id: 'hello', title: 'Hi' },
        { id: 'add', title: 'Add' },
        { id: 'done', title: 'Done' },
      ],
    },
  ],
  messages: [
    {
      id: 'export-news',
      kind: 'modal',
      experiment: {
        id: 'export-copy',
        goal: { event: 'Report Exported', withinDays: 7 },
        variants: [
          { id: 'a', weight: 50, content: { title: 'Export is here' } },
          { id: 'b', weight: 50, content: { title: 'Save hours with Export' } },
        ],
      },
    },
  ],
  surveys: [{ id: 'nps', kind: 'nps', question: 'How likely are you to recommend us?' }],
  health: {
    windowDays: 14,
    signals: [
      { event: 'Report Exported', weight: 2 },
      { feature: 'export', weight: 1 },
    ],
  },
};

/**
 * Seeds known data, dated in the last days so the dashboard's default range covers it:
 * 20 users in 3 accounts (plus 200 who only saw the experiment: 220 active); 12 used Export,
 * 5 Filters, 2 invited teammates; the welcome tour started by 10, step 2 seen by 8, step 3
 * by 6, completed by 5, dismissed by 3; the experiment with 100 users per variant (a: 10
 * conversions, b: 30); 10 NPS answers (NPS 20) with two comments; ten days of past health
 * scores per account, so trends and sparklines have a history.
 */
export async function seedDashboard(collector: RunningCollector): Promise<void> {
  await publish(collector, SEEDED_CONTENT);
  const now = Date.now();
  const at = (daysAgo: number, i = 0) => new Date(now - daysAgo * DAY - i * 1000).toISOString();
  const batch: Array<Record<string, unknown>> = [];
  const track = (user: string, event: string, t: string, properties: Record<string, unknown> = {}, groupId?: string) =>
    batch.push({ type: 'track', event, userId: user, timestamp: t, properties, ...(groupId && { context: { groupId } }) });
  const accounts = [
    ['acme', 'high'],
    ['globex', 'low'],
    ['initech', 'tech'],
  ] as const;
  for (let u = 0; u < 20; u++) {
    const user = `user${u}`;
    const [account, tier] = accounts[u % 3]!;
    batch.push({ type: 'group', userId: user, groupId: account, traits: { tier }, timestamp: at(5) });
    for (let d = 0; d < 5; d++)
      if ((u + d) % 2 === 0 || account === 'acme') batch.push({ type: 'page', userId: user, timestamp: at(d, u), context: { groupId: account } });
    if (u < 12) track(user, 'Feature Used', at(1, u), { feature_id: 'export' }, account);
    if (u < 5) track(user, 'Feature Used', at(2, u), { feature_id: 'filters' }, account);
    if (u < 2) track(user, 'Teammate Invited', at(2, u), {}, account);
    if (account === 'acme') track(user, 'Report Exported', at(0, u), {}, account);
    if (u < 10) {
      track(user, 'Flow Started', at(3, u), { flow_id: 'welcome' }, account);
      track(user, 'Flow Step Viewed', at(3, u), { flow_id: 'welcome', step_id: 'hello', step_index: 0 }, account);
      if (u < 8) track(user, 'Flow Step Viewed', at(3, u), { flow_id: 'welcome', step_id: 'add', step_index: 1 }, account);
      if (u < 6) track(user, 'Flow Step Viewed', at(3, u), { flow_id: 'welcome', step_id: 'done', step_index: 2 }, account);
      if (u < 5) track(user, 'Flow Completed', at(3, u), { flow_id: 'welcome' }, account);
      else if (u < 8) track(user, 'Flow Dismissed', at(3, u), { flow_id: 'welcome', step_id: 'add', step_index: 1 }, account);
    }
  }
  // Globex was busier in the window before (health trend: down).
  for (let u = 1; u < 20; u += 3) for (const d of [16, 18, 20, 22]) track(`user${u}`, 'Report Exported', at(d, u), {}, 'globex');
  // NPS: 5 promoters, 2 passives, 3 detractors → (5 − 3) / 10 = 20.
  [10, 9, 9, 10, 9, 8, 7, 3, 5, 0].forEach((score, i) =>
    track(`user${i}`, 'Survey Answered', at(1, i), {
      survey_id: 'nps',
      score,
      ...(i === 0 && { comment: 'Export saves me an hour a week' }),
      ...(i === 9 && { comment: 'Too slow on big lists' }),
    }),
  );
  await post(collector, batch);
  // The experiment: exposures first, then the goal.
  const exp: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 200; i++) {
    const variant = i % 2 ? 'b' : 'a';
    exp.push({
      type: 'track',
      event: 'Experiment Viewed',
      userId: `x${i}`,
      timestamp: at(2, i),
      properties: { experiment_id: 'export-copy', variation_id: variant },
    });
    if ((variant === 'a' && i % 20 === 0) || (variant === 'b' && i % 20 < 6 && i % 2))
      exp.push({ type: 'track', event: 'Report Exported', userId: `x${i}`, timestamp: at(1, i), properties: {} });
  }
  for (let i = 0; i < exp.length; i += 100) await post(collector, exp.slice(i, i + 100));
  const db = new Database(collector.dbPath);
  const today = Math.floor(now / DAY);
  const insert = db.prepare("INSERT INTO health_scores (project_id, account_id, day, score, previous_score, reasons) VALUES (1, ?, ?, ?, NULL, '[]')");
  for (const [account, start] of [
    ['acme', 50],
    ['globex', 80],
    ['initech', 30],
  ] as const) {
    for (let d = 10; d >= 1; d--) insert.run(account, today - d, start + (account === 'globex' ? -4 : 1) * (10 - d));
  }
  db.close();
  const res = await fetch(`${collector.url}/v1/health/recompute`, { method: 'POST', headers: { authorization: `Bearer ${collector.secretKey}` } });
  if (!res.ok) throw new Error(`recompute: ${res.status}`);
}

async function post(collector: RunningCollector, batch: Array<Record<string, unknown>>) {
  for (let i = 0; i < batch.length; i += 200) {
    const res = await fetch(`${collector.url}/v1/batch`, {
      method: 'POST',
      body: JSON.stringify({ writeKey: collector.writeKey, batch: batch.slice(i, i + 200) }),
    });
    if (!res.ok) throw new Error(`seed: ${res.status} ${await res.text()}`);
  }
}
