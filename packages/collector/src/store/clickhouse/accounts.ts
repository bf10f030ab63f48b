import type { AccountStore, EventStore } from '../store.js';
import type { ClickHouseSql } from './connection.js';
import { STORED_COLUMNS } from './events.js';
import { onceByDay } from './once-by-day.js';
import { list, raw, sql } from './sql.js';
import { storedEvent } from '../sqlite/stored-event.js';

type AccountReads = Pick<AccountStore, 'account' | 'accountTraits' | 'accountUsers' | 'accountWindows' | 'accountWindow'> & Pick<EventStore, 'accountEvents'>;

/** The newest call first: by time, then messageId (the same order on every server). */
const NEWEST = 'tuple(at, message_id)';

/** Accounts in ClickHouse: traits and tier from group calls, their users, their daily activity and signal counts, their latest events. */
export function clickhouseAccounts(db: ClickHouseSql): AccountReads {
  const accountUsers: AccountReads['accountUsers'] = async (projectId, accountId, limit) => {
    const mine = sql`project_id = ${projectId} AND account_id = ${accountId}`;
    const [users, [total]] = await Promise.all([
      db.query<{ key: string; ident: number; firstSeen: number; lastSeen: number }>(
        `SELECT user_key AS key, maxMerge(identified) AS ident, minMerge(first_seen) AS firstSeen, maxMerge(last_seen) AS lastSeen
         FROM account_users WHERE ${mine} GROUP BY user_key ORDER BY lastSeen DESC, key LIMIT ${sql`${limit}`}`,
      ),
      db.query<{ total: number }>(`SELECT uniqExact(user_key) AS total FROM account_users WHERE ${mine}`),
    ]);
    return {
      users: users.map((u) => ({ key: u.key, identified: u.ident === 1, firstSeen: u.firstSeen, lastSeen: u.lastSeen })),
      total: total?.total ?? 0,
    };
  };

  /** Current tiers of the project's accounts (of `accountId` only, when given); null where no call named one. */
  const tiers = async (projectId: number, accountId?: string) => {
    const rows = await db.query<{ account: string; newest_tier: string }>(
      sql`SELECT account_id AS account, argMax(assumeNotNull(tier), ${raw(NEWEST)}) AS newest_tier FROM account_calls
          WHERE project_id = ${projectId} AND isNotNull(tier)${raw(accountId === undefined ? '' : sql` AND account_id = ${accountId}`)} GROUP BY account_id`,
    );
    return new Map(rows.map((r) => [r.account, r.newest_tier]));
  };

  /** Per account and key: the days with activity and the events counted (each message once). */
  const windows = (projectId: number, range: { from: number; to: number }, accountId?: string) =>
    onceByDay<{ account: string; key: string; days: number; count: number }>(db, {
      table: 'account_daily',
      projectId,
      range,
      and: accountId === undefined ? '' : sql` AND account_id = ${accountId}`,
      group: 'day, account_id, key',
      select: 'account_id AS account, key, count() AS days, sum(c) AS count',
      by: 'account_id, key',
      order: 'account_id, key',
    });

  return {
    accountUsers,

    async account(projectId, accountId) {
      const [row] = await db.query<{ calls: number; latest: string }>(
        sql`SELECT count() AS calls, argMax(traits, ${raw(NEWEST)}) AS latest FROM account_calls WHERE project_id = ${projectId} AND account_id = ${accountId}`,
      );
      if (!row?.calls) return undefined;
      const tier = (await tiers(projectId, accountId)).get(accountId) ?? null;
      return { tier, traits: JSON.parse(row.latest) as Record<string, unknown> };
    },

    async accountTraits(projectId, accountIds) {
      if (!accountIds.length) return new Map<string, Record<string, unknown>>();
      const rows = await db.query<{ account: string; latest: string }>(
        sql`SELECT account_id AS account, argMax(traits, ${raw(NEWEST)}) AS latest FROM account_calls
            WHERE project_id = ${projectId} AND account_id IN ${raw(list(accountIds))} GROUP BY account_id`,
      );
      return new Map(rows.map((r) => [r.account, JSON.parse(r.latest) as Record<string, unknown>]));
    },

    async accountWindows(projectId, range) {
      const [rows, tierOf] = await Promise.all([windows(projectId, range), tiers(projectId)]);
      const byAccount = new Map<string, { accountId: string; tier: string | null; activeDays: number; counts: Record<string, number> }>();
      for (const r of rows) {
        const a = byAccount.get(r.account) ?? { accountId: r.account, tier: tierOf.get(r.account) ?? null, activeDays: 0, counts: {} };
        if (r.key === '') a.activeDays = r.days;
        else a.counts[r.key] = r.count;
        byAccount.set(r.account, a);
      }
      return [...byAccount.values()];
    },

    async accountWindow(projectId, accountId, range) {
      const rows = await windows(projectId, range, accountId);
      const counts: Record<string, number> = {};
      for (const r of rows) if (r.key !== '') counts[r.key] = r.count;
      return { activeDays: rows.find((r) => r.key === '')?.days ?? 0, counts };
    },

    async accountEvents(projectId, accountId, limit) {
      // Through the users last seen in the account (the events' sort key), not a scan: any of
      // the newest `limit` events belongs to one of the `limit` users seen last there.
      const { users } = await accountUsers(projectId, accountId, limit);
      if (!users.length) return [];
      const rows = await db.query<{ payload: string; timestamp: number; received_at: number }>(
        sql`SELECT ${raw(STORED_COLUMNS)} FROM events WHERE project_id = ${projectId} AND user_key IN ${raw(list(users.map((u) => u.key)))} AND group_id = ${accountId}
            ORDER BY timestamp DESC, received_at DESC, seq DESC, message_id DESC LIMIT 1 BY message_id LIMIT ${limit}`,
      );
      return rows.map(storedEvent);
    },
  };
}
