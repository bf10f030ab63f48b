import type { ContentDocument } from '@touchpoint/content';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite-store.js';

const DAY = 86_400_000;
const NOW = 20_500 * DAY;
const CHILD = new URL('../testing/journey-run-child.ts', import.meta.url).pathname;

/** Runs the journeys in another process, killed with SIGKILL after `killAfter` pages (0: runs to its end). */
const run = (db: string, doc: ContentDocument, killAfter: number) =>
  spawnSync(process.execPath, ['--import', 'tsx', CHILD, db, String(NOW), '3', String(killAfter)], { input: JSON.stringify(doc), encoding: 'utf8' });

it('a collector killed (SIGKILL) between pages of a run loses and duplicates nothing once it runs again', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-journey-restart-'));
  try {
    const path = join(dir, 'db.sqlite');
    const store = openSqliteStore(path);
    const project = await store.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
    const users = Array.from({ length: 10 }, (_, i) => `u${i}`);
    await store.insertEvents(
      project.id,
      users.map((u, i) => ({
        messageId: u,
        type: 'page',
        event: null,
        userId: u,
        anonymousId: null,
        groupId: null,
        timestamp: NOW - (8 + i) * DAY,
        receivedAt: 0,
        payload: '{}',
      })),
    );
    await store.close();
    const doc: ContentDocument = {
      version: 1,
      journeys: [{ id: 'lapsed', audience: { lastSeen: { op: 'gte', days: 7 } }, action: { webhook: 'https://crm.example.com/hook' } }],
    };
    const killed = run(path, doc, 2);
    expect(killed.signal).toBe('SIGKILL');
    const after = openSqliteStore(path);
    // Two pages of three were saved whole: six entries, each with its job.
    expect((await after.journeyReport(project.id, 'lapsed', 100)).entered).toBe(6);
    expect(await after.listAlerts(project.id)).toHaveLength(6);
    await after.close();

    const again = run(path, doc, 0);
    expect(again.status, again.stderr).toBe(0);
    // The restarted run evaluates everyone again (the killed one saved no cursor) and enters only the four left.
    expect(JSON.parse(again.stdout)).toMatchObject([{ id: 'lapsed', evaluated: 10, entered: 4, acted: 4 }]);
    const final = openSqliteStore(path);
    const { entered, recent } = await final.journeyReport(project.id, 'lapsed', 100);
    expect(entered).toBe(10);
    expect(recent.map((e) => e.userKey).sort()).toEqual([...users].sort());
    expect((await final.listAlerts(project.id)).map((a) => a.id).sort()).toEqual(recent.map((e) => e.id).sort());
    await final.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
