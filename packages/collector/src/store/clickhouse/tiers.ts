import type { EventRow } from '../store.js';
import type { ClickHouseSql } from './connection.js';
import { lists, sql } from './sql.js';

/**
 * The tier of each account the rows belong to, as group calls stored so far say: the newest
 * call that names one. Keyed "project\0account"; accounts without a known tier are absent.
 */
export async function accountTiers(db: ClickHouseSql, rows: ReadonlyArray<{ projectId: number; row: EventRow }>): Promise<Map<string, string>> {
  const byProject = new Map<number, Set<string>>();
  for (const { projectId, row } of rows) {
    if (!row.groupId) continue;
    const ids = byProject.get(projectId) ?? new Set();
    ids.add(row.groupId);
    byProject.set(projectId, ids);
  }
  const tiers = new Map<string, string>();
  await Promise.all(
    [...byProject].flatMap(([projectId, ids]) =>
      lists([...ids]).map(async (inList) => {
        const found = await db.query<{ account_id: string; newest_tier: string }>(
          sql`SELECT account_id, argMax(assumeNotNull(tier), tuple(at, message_id)) AS newest_tier FROM account_calls
              WHERE project_id = ${projectId} AND isNotNull(tier) AND account_id IN `.concat(inList, ' GROUP BY account_id'),
        );
        for (const r of found) tiers.set(`${projectId}\u0000${r.account_id}`, r.newest_tier);
      }),
    ),
  );
  return tiers;
}
