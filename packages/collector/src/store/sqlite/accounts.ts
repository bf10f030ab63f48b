import type Database from 'better-sqlite3';
import type { AccountStore, EventStore } from '../store.js';
import { chunks, marks } from './chunks.js';
import { storedEvent } from './stored-event.js';

type AccountReads = Pick<AccountStore, 'account' | 'accountTraits' | 'accountUsers' | 'accountWindows' | 'accountWindow'> & Pick<EventStore, 'accountEvents'>;

/** Accounts in SQLite: traits and tier, their users, their daily activity and signal counts, their latest events. */
export function sqliteAccounts(db: Database.Database): AccountReads {
  const accountUsers: AccountReads['accountUsers'] = async (projectId, accountId, limit) => {
    const users = db
      .prepare(
        `SELECT user_key AS key, identified, first_seen AS firstSeen, last_seen AS lastSeen FROM account_users
         WHERE project_id = ? AND account_id = ? ORDER BY last_seen DESC, user_key LIMIT ?`,
      )
      .all(projectId, accountId, limit) as Array<{ key: string; identified: number; firstSeen: number; lastSeen: number }>;
    const total = db.prepare('SELECT COUNT(*) FROM account_users WHERE project_id = ? AND account_id = ?').pluck().get(projectId, accountId) as number;
    return { users: users.map((u) => ({ ...u, identified: u.identified === 1 })), total };
  };

  return {
    accountUsers,

    async account(projectId, accountId) {
      const row = db.prepare('SELECT tier, traits FROM accounts WHERE project_id = ? AND account_id = ?').get(projectId, accountId) as
        | { tier: string | null; traits: string }
        | undefined;
      return row && { tier: row.tier, traits: JSON.parse(row.traits) as Record<string, unknown> };
    },

    async accountTraits(projectId, accountIds) {
      const out = new Map<string, Record<string, unknown>>();
      for (const part of chunks(accountIds)) {
        const rows = db
          .prepare(`SELECT account_id AS id, traits FROM accounts WHERE project_id = ? AND account_id IN (${marks(part.length)})`)
          .all(projectId, ...part) as Array<{ id: string; traits: string }>;
        for (const r of rows) out.set(r.id, JSON.parse(r.traits) as Record<string, unknown>);
      }
      return out;
    },

    async accountWindows(projectId, range) {
      const rows = db
        .prepare(
          `SELECT d.account_id AS accountId, a.tier AS tier, d.key AS key, COUNT(*) AS days, SUM(d.count) AS count
           FROM account_daily d LEFT JOIN accounts a ON a.project_id = d.project_id AND a.account_id = d.account_id
           WHERE d.project_id = ? AND d.day BETWEEN ? AND ? GROUP BY d.account_id, d.key`,
        )
        .all(projectId, range.from, range.to) as Array<{ accountId: string; tier: string | null; key: string; days: number; count: number }>;
      const byAccount = new Map<string, { accountId: string; tier: string | null; activeDays: number; counts: Record<string, number> }>();
      for (const r of rows) {
        const a = byAccount.get(r.accountId) ?? { accountId: r.accountId, tier: r.tier, activeDays: 0, counts: {} };
        if (r.key === '') a.activeDays = r.days;
        else a.counts[r.key] = r.count;
        byAccount.set(r.accountId, a);
      }
      return [...byAccount.values()];
    },

    async accountWindow(projectId, accountId, range) {
      const rows = db
        .prepare(
          'SELECT key, COUNT(*) AS days, SUM(count) AS count FROM account_daily WHERE project_id = ? AND account_id = ? AND day BETWEEN ? AND ? GROUP BY key',
        )
        .all(projectId, accountId, range.from, range.to) as Array<{ key: string; days: number; count: number }>;
      const counts: Record<string, number> = {};
      for (const r of rows) if (r.key !== '') counts[r.key] = r.count;
      return { activeDays: rows.find((r) => r.key === '')?.days ?? 0, counts };
    },

    async accountEvents(projectId, accountId, limit) {
      // Read through the users last seen in the account (their own indexes), not a scan of the
      // events: any of the newest `limit` events belongs to one of the `limit` users seen last,
      // since each of those users' last event in the account is at least as new.
      const { users } = await accountUsers(projectId, accountId, limit);
      const byUser = db.prepare(
        'SELECT id, payload, timestamp, received_at FROM events WHERE project_id = ? AND user_id = ? AND group_id = ? ORDER BY timestamp DESC, id DESC LIMIT ?',
      );
      const byAnonymous = db.prepare(
        'SELECT id, payload, timestamp, received_at FROM events WHERE project_id = ? AND anonymous_id = ? AND user_id IS NULL AND group_id = ? ORDER BY timestamp DESC, id DESC LIMIT ?',
      );
      const rows = users.flatMap(
        (u) =>
          (u.identified ? byUser : byAnonymous).all(projectId, u.key, accountId, limit) as Array<{
            id: number;
            payload: string;
            timestamp: number;
            received_at: number;
          }>,
      );
      rows.sort((a, b) => b.timestamp - a.timestamp || b.id - a.id);
      return rows.slice(0, limit).map(storedEvent);
    },
  };
}
