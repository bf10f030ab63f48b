/**
 * A deterministic stream of what real SDKs send over ten days, for tests that feed the same
 * events to two installations and compare what they report: every kind of content (flows with
 * a missing target, messages, a copy experiment and its goal, a survey, a checklist, click and
 * feature use), anonymous users who identify later, accounts with tiers, a preview tab's events
 * (stored, counted in no report), and the trouble of real networks: batches out of order,
 * duplicates in a batch, retried requests, device clocks hours off (corrected with `sentAt`).
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The content the stream is about: every report has something to count. */
export const STREAM_CONTENT = {
  version: 1,
  settings: { holdout: 20 },
  features: [
    { id: 'add-todo', name: 'Add a todo', selector: '#add button' },
    { id: 'export', name: 'Export a report', selector: '#export' },
  ],
  flows: [
    {
      id: 'welcome',
      trigger: { on: 'page', url: '/app/*' },
      steps: [
        { id: 'hello', title: 'Welcome' },
        { id: 'add', target: '.new-todo', title: 'Add a todo' },
        { id: 'done', title: 'Done' },
      ],
    },
  ],
  messages: [
    {
      id: 'export-news',
      kind: 'modal',
      trigger: { on: 'page', url: '/app/*' },
      experiment: {
        id: 'export-copy',
        goal: { event: 'Report Exported', withinDays: 3 },
        control: 20,
        variants: [
          { id: 'a', weight: 50, content: { title: 'Export is here' } },
          { id: 'b', weight: 50, content: { title: 'Save hours with Export' } },
        ],
      },
    },
  ],
  checklists: [{ id: 'start', title: 'Get started', items: [{ id: 'first', title: 'Add a todo', done: { event: 'Todo Added' } }] }],
  surveys: [{ id: 'nps', kind: 'nps', question: 'How likely are you to recommend us?', trigger: { on: 'delay', seconds: 30 } }],
  health: {
    windowDays: 14,
    signals: [
      { event: 'Todo Added', weight: 2 },
      { feature: 'add-todo', weight: 1 },
    ],
  },
};

export const STREAM_ACCOUNTS = { acme: 'high', globex: 'low', initech: 'tech' } as const;
/** The user the tests erase. */
export const ERASED_USER = 'u5';
/** Users whose profiles the tests compare. */
export const PROFILE_USERS = ['u0', 'u1', 'u7', 'u12', ERASED_USER];

type Message = Record<string, unknown>;

/** One request an SDK would send: its messages, and how far the device's clock is off (ms). */
export interface StreamBatch {
  messages: Message[];
  skewMs: number;
  /** Sent a second time (a retry after a lost answer). */
  retried: boolean;
}

/** A small seeded generator (mulberry32): the same stream on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The stream's batches in the order they are sent, events in the ten days before `today`
 * (ms, a UTC midnight), between 08:00 and 20:00 UTC (far from day boundaries, so a few ms of
 * clock correction never moves an event to another day), each at its own second.
 */
export function eventStream(today: number, seed = 7): StreamBatch[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const accounts = Object.keys(STREAM_ACCOUNTS);
  const used = new Set<number>();
  const at = (day: number) => {
    let t: number;
    do t = today - day * DAY + 8 * HOUR + Math.floor(rnd() * 12 * 3600) * 1000;
    while (used.has(t));
    used.add(t);
    return t;
  };
  let n = 0;
  const id = () => `m-${seed}-${n++}`;
  const userBatches: Message[][] = [];

  for (let u = 0; u < 40; u++) {
    const userId = `u${u}`;
    const anonymousId = `a${u}`;
    // u30 and up never identify; the others browse anonymously on their first day, then sign in.
    const identifies = u < 30;
    const account = u % 4 === 3 ? null : accounts[u % 3]!;
    const firstDay = 10 - (u % 3);
    const who = (day: number) => (identifies && day < firstDay ? { userId, anonymousId } : { anonymousId });
    const variant = pick(['a', 'b', 'control']);
    for (let day = firstDay; day >= 1; day--) {
      if (day !== firstDay && rnd() < 0.3) continue;
      const msgs: Message[] = [];
      const base = { ...who(day), ...(account && { context: { groupId: account } }) };
      const track = (event: string, properties: Record<string, unknown> = {}) =>
        msgs.push({ type: 'track', event, ...base, properties, timestamp: at(day), messageId: id() });
      msgs.push({ type: 'page', ...base, properties: { url: 'https://app.example.com/app/todos' }, timestamp: at(day), messageId: id() });
      if (identifies && day === firstDay - 1)
        msgs.push({ type: 'identify', userId, anonymousId, traits: { plan: pick(['free', 'team']) }, timestamp: at(day), messageId: id() });
      for (let i = Math.floor(rnd() * 4); i > 0; i--) track('Todo Added');
      if (rnd() < 0.5) track('Feature Used', { feature_id: 'add-todo' });
      if (rnd() < 0.4)
        track('Element Clicked', {
          path: [
            { tag: 'button', id: 'export' },
            { tag: 'div', classes: ['toolbar'] },
          ],
        });
      if (day === firstDay) {
        track('Flow Started', { flow_id: 'welcome' });
        track('Flow Step Viewed', { flow_id: 'welcome', step_id: 'hello', step_index: 0 });
        if (u % 5 === 0) {
          track('Flow Target Missing', { flow_id: 'welcome', step_id: 'add', step_index: 1, url: 'https://app.example.com/app/todos?x=1' });
          track('Flow Dismissed', { flow_id: 'welcome', reason: 'target_missing' });
        } else {
          track('Flow Step Viewed', { flow_id: 'welcome', step_id: 'add', step_index: 1 });
          if (u % 3 === 0) track('Flow Dismissed', { flow_id: 'welcome', step_id: 'add' });
          else track('Flow Completed', { flow_id: 'welcome' });
        }
        track('Experiment Viewed', { experiment_id: 'export-copy', variation_id: variant, message_id: 'export-news' });
        if (variant !== 'control') track('Message Shown', { message_id: 'export-news', variation_id: variant });
        if (rnd() < 0.4) track('Message Clicked', { message_id: 'export-news' });
        else if (rnd() < 0.5) track('Message Dismissed', { message_id: 'export-news' });
      }
      if (rnd() < 0.25) track('Report Exported');
      if (rnd() < 0.2) track('Checklist Item Completed', { checklist_id: 'start', item_id: 'first' });
      if (day === 3 && u % 2 === 0) {
        track('Survey Shown', { survey_id: 'nps' });
        track('Survey Answered', { survey_id: 'nps', score: Math.floor(rnd() * 11), ...(rnd() < 0.5 && { comment: `comment of ${userId}` }) });
      }
      userBatches.push(msgs);
    }
  }

  // Account calls first (as the SDK sends group on load), then everything else in a shuffled order.
  const groups: StreamBatch[] = accounts.map((accountId, i) => ({
    messages: [
      {
        type: 'group',
        anonymousId: `owner-${accountId}`,
        groupId: accountId,
        traits: { tier: STREAM_ACCOUNTS[accountId as keyof typeof STREAM_ACCOUNTS], name: accountId },
        timestamp: today - 12 * DAY + 9 * HOUR + i * 1000,
        messageId: id(),
      },
    ],
    skewMs: 0,
    retried: false,
  }));
  // A preview tab (the team testing its content, `context.preview`), before 08:00 so no stream
  // event shares its second: stored and listed, counted in no report.
  const previewAt = today - 2 * DAY + 7 * HOUR;
  const inPreview = (who: Message, i: number, message: Message): Message => ({
    ...message,
    ...who,
    context: { preview: true, ...(who.userId === undefined ? {} : { groupId: 'acme' }) },
    timestamp: previewAt + i * 1000,
    messageId: id(),
  });
  const preview: StreamBatch = {
    messages: [
      inPreview({ anonymousId: 'team-preview' }, 0, { type: 'page', properties: { url: 'https://app.example.com/app/todos' } }),
      inPreview({ anonymousId: 'team-preview' }, 1, { type: 'track', event: 'Report Exported', properties: {} }),
      inPreview({ userId: 'u0', anonymousId: 'a0' }, 2, { type: 'track', event: 'Report Exported', properties: {} }),
    ],
    skewMs: 0,
    retried: false,
  };
  const rest: StreamBatch[] = [];
  for (const msgs of userBatches) {
    // Some days arrive as two requests; a few messages are sent twice in one request.
    const cut = rnd() < 0.3 ? Math.floor(msgs.length / 2) : msgs.length;
    for (const part of [msgs.slice(0, cut), msgs.slice(cut)]) {
      if (!part.length) continue;
      const messages = rnd() < 0.1 ? [...part, part[0]!] : part;
      rest.push({ messages, skewMs: rnd() < 0.2 ? pick([2, -3, 26]) * HOUR : 0, retried: rnd() < 0.1 });
    }
  }
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  return [...groups, preview, ...rest];
}

/** The request body of a batch sent now: the device's clock (timestamps and `sentAt`) off by its skew. */
export function batchBody(batch: StreamBatch, writeKey: string, now = Date.now()): string {
  const shifted = batch.messages.map((m) => ({ ...m, timestamp: new Date((m.timestamp as number) + batch.skewMs).toISOString() }));
  return JSON.stringify({ writeKey, sentAt: new Date(now + batch.skewMs).toISOString(), batch: shifted });
}
