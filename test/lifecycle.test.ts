/**
 * Every row of the lifecycle table (content/src/lifecycle.ts), through the whole system: an
 * event of the row sent to a real collector by one device, then `GET /v1/profile`, and what
 * the SDK decides on a second device (repeat rules, the checklist), or the flow report for
 * the rows about steps.
 */
import { HISTORY, LIFECYCLE, type LifecycleRow } from '@touchpoint/content';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hostPage, sdkReady } from './support/browser.js';
import { e2eEnvironment } from './support/env.js';
import { publish } from './support/tours.js';

const env = e2eEnvironment();
const USER = 'u-life';

/** A content item, the properties of the row's event about it, and what device 2 must conclude. */
interface Case {
  row: LifecycleRow;
  contentId: string;
  properties: Record<string, unknown>;
}

const repeatFor = { shown: 'once', completed: 'until-completed', dismissed: 'until-completed' } as const;
/** What explain() says about repeat on the second device, for a row of each meaning. */
const expectedRepeat = {
  shown: 'repeat: repeat "once": already shown',
  completed: 'repeat: repeat "until-completed": already completed',
  dismissed: 'repeat: dismissed by the user',
} as const;

function caseOf(row: LifecycleRow): Case {
  if (row.kind === 'checklist') {
    return row.id.length === 2
      ? { row, contentId: 'cl/elsewhere', properties: { checklist_id: 'cl', item_id: 'elsewhere' } }
      : { row, contentId: 'cl-gone', properties: { checklist_id: 'cl-gone' } };
  }
  if (row.means === 'viewed' || row.means === 'missing') {
    const step = row.means === 'viewed' ? { step_id: 'a', step_index: 0 } : { step_id: 'b', step_index: 1, url: 'http://app.test/x' };
    return { row, contentId: 'flow-steps', properties: { flow_id: 'flow-steps', ...step } };
  }
  const contentId = `${row.kind}-${row.means}`;
  return { row, contentId, properties: { [row.id[0]!]: contentId, ...(row.event === 'Message Clicked' && { action: 'dismiss' }) } };
}

const cases = LIFECYCLE.map(caseOf);
const history = cases.filter((c) => HISTORY.includes(c.row.means) && c.row.kind !== 'checklist');

function contentFor(): Record<string, unknown> {
  const item = (c: Case) => ({ id: c.contentId, trigger: { on: 'manual' }, repeat: repeatFor[c.row.means as keyof typeof repeatFor] });
  return {
    version: 1,
    flows: [
      ...history.filter((c) => c.row.kind === 'flow').map((c) => ({ ...item(c), steps: [{ id: 'one', title: 'One' }] })),
      // Ended because its targets never appeared: the user dismissed nothing, so it may come again.
      { id: 'flow-ended', trigger: { on: 'manual' }, repeat: 'until-completed', steps: [{ id: 'one', title: 'One' }] },
      {
        id: 'flow-steps',
        trigger: { on: 'manual' },
        steps: [
          { id: 'a', title: 'A' },
          { id: 'b', title: 'B', target: '#b' },
        ],
      },
    ],
    messages: history.filter((c) => c.row.kind === 'message').map((c) => ({ ...item(c), kind: 'modal', title: 'Hello' })),
    surveys: history.filter((c) => c.row.kind === 'survey').map((c) => ({ ...item(c), kind: 'nps', question: 'How likely?' })),
    checklists: [
      { id: 'cl-gone', title: 'Put away', items: [{ id: 'x', title: 'X', done: { event: 'Never' } }] },
      {
        id: 'cl',
        title: 'Checklist',
        items: [
          { id: 'elsewhere', title: 'Done elsewhere', done: { event: 'Never' } },
          { id: 'other', title: 'Other', done: { event: 'Never' } },
        ],
      },
    ],
  };
}

async function send(events: Array<{ event: string; properties: Record<string, unknown> }>) {
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const res = await fetch(`${env.collector.url}/v1/batch`, {
    method: 'POST',
    body: JSON.stringify({
      writeKey: env.collector.writeKey,
      batch: events.map((e) => ({ type: 'track', userId: USER, anonymousId: 'device-1', timestamp: at, ...e })),
    }),
  });
  expect(res.status).toBe(200);
}

async function device(path: string): Promise<Page> {
  env.pages[path] = hostPage(env.collector.url, env.collector.writeKey, `touchpoint.identify('${USER}', {})`, { body: '<main><h1>App</h1></main>' });
  const page = await (await env.browser.newContext()).newPage();
  await page.goto(env.host.origin + path);
  await sdkReady(page);
  return page;
}

describe('the lifecycle table', () => {
  it('has a case here for every row (a new row needs one)', () => {
    expect(new Set(cases.map((c) => `${c.row.event}|${c.row.means}`)).size).toBe(LIFECYCLE.length);
    expect(
      cases
        .filter((c) => c.row.kind === 'checklist')
        .map((c) => c.contentId)
        .sort(),
    ).toEqual(['cl-gone', 'cl/elsewhere']);
  });

  it('every row reaches the profile and the second device decides by it', async () => {
    await publish(env.collector, contentFor());
    await send([
      ...cases.map((c) => ({ event: c.row.event, properties: c.properties })),
      { event: 'Flow Dismissed', properties: { flow_id: 'flow-ended', step_id: 'one', step_index: 0, reason: 'target_missing' } },
    ]);

    // The profile: each row of the content's history under its content id; nothing for a target_missing ending.
    const profile = (await (await fetch(`${env.collector.url}/v1/profile?key=${env.collector.writeKey}&userId=${USER}`)).json()) as {
      content: Record<string, Record<string, { count: number }>>;
    };
    for (const c of cases.filter((c) => HISTORY.includes(c.row.means)))
      expect(profile.content[c.contentId]?.[c.row.event]?.count, `${c.row.event} of ${c.contentId}`).toBe(1);
    expect(profile.content['flow-ended']).toBeUndefined();

    // A second device: repeat rules from the profile alone.
    const page = await device('/second.html');
    for (const c of history) {
      const { reasons } = await page.evaluate((id) => (window as any).touchpoint.explain(id), c.contentId);
      expect(reasons, `${c.row.event} → ${c.contentId}`).toContain(expectedRepeat[c.row.means as keyof typeof expectedRepeat]);
    }
    const ended = await page.evaluate(() => (window as any).touchpoint.explain('flow-ended'));
    expect(ended.reasons.filter((r: string) => r.startsWith('repeat'))).toEqual([]);

    // Checklists: the one put away elsewhere is gone; the item completed elsewhere is done, and not announced again.
    const ui = page.locator('touchpoint-ui');
    await ui.getByRole('button', { name: 'Checklist: 1 of 2 done' }).waitFor();
    expect(await ui.getByRole('button', { name: /Put away/ }).count()).toBe(0);
    await page.evaluate(() => (window as any).touchpoint.track('Sentinel', {}));
    await page.evaluate(() => (window as any).touchpoint.flush());
    const events = await env.collector.waitForEvents((e) => e.some((x) => x.event === 'Sentinel'));
    expect(events.filter((e) => e.event === 'Checklist Item Completed').map((e) => e.anonymousId)).toEqual(['device-1']);

    // The rows about steps: the flow report counts them per step.
    const res = await fetch(`${env.collector.url}/v1/reports/flows/flow-steps`, { headers: { authorization: `Bearer ${env.collector.secretKey}` } });
    expect(((await res.json()) as { steps: unknown[] }).steps).toEqual([
      { step_id: 'a', step_index: 0, viewed: 1, missing: 0 },
      { step_id: 'b', step_index: 1, viewed: 0, missing: 1 },
    ]);
  });

  it('a message completed with its call to action on one device does not show again on another (until-completed)', async () => {
    await publish(env.collector, {
      version: 1,
      messages: [
        {
          id: 'upgrade',
          kind: 'banner',
          trigger: { on: 'page', url: '/app*' },
          repeat: 'until-completed',
          title: 'Upgrade',
          cta: { label: 'See plans', action: 'dismiss' },
        },
      ],
    });
    const first = await device('/app-one.html');
    const ui = first.locator('touchpoint-ui');
    await ui.getByRole('button', { name: 'See plans' }).click();
    await first.evaluate(() => (window as any).touchpoint.flush());
    await env.collector.waitForEvents((e) => e.some((x) => x.event === 'Message Clicked' && x.properties.message_id === 'upgrade'));

    const second = await device('/app-two.html');
    const explained = await second.evaluate(() => (window as any).touchpoint.explain('upgrade'));
    expect(explained).toEqual({ eligible: false, reasons: ['repeat: repeat "until-completed": already completed'] });
  });
});
