import type { Drops } from '@touchpoint/content';
import { factsOf } from '../../facts/event-facts.js';
import type { EventRow, InsertResult } from '../store.js';
import type { ClickHouseSql } from './connection.js';
import { eventRecord, type EventRecord } from './event-record.js';
import { addFactRows, compactFactRows, emptyFactRows, FACT_TABLES } from './fact-rows.js';
import { accountTiers } from './tiers.js';
import { lists, sql } from './sql.js';

export interface WriterOptions {
  /**
   * The shortest time between the starts of two groups (ms). A group starts once the one
   * under way is written and this long after the previous start; a request arriving after a
   * quiet spell is written at once. @default 200
   */
  delayMs?: number;
  /** A group is written at once when it holds this many rows. @default 10000 */
  maxRows?: number;
  /** …or this many bytes of messages (a request holds up to 500 KB). @default 8000000 */
  maxBytes?: number;
}

interface Pending {
  projectId: number;
  rows: readonly EventRow[];
  drops: Drops;
  resolve(result: InsertResult): void;
  reject(error: unknown): void;
}

/**
 * Groups the rows of concurrent requests and writes them with one INSERT per table, one group
 * at a time, at most one every `delayMs` (ClickHouse wants few, large inserts); each request's
 * promise settles only once its rows are written (or the write failed: the sender retries, and
 * a retry is stored once). Under load the groups grow with the time a write takes, so the
 * server gets fewer, larger inserts the busier it is, and a request waits for the write under
 * way and its own rather than a fixed delay.
 *
 * Exactly once without transactions: rows whose messageId is already stored are left out
 * (and counted as duplicates); the facts of the rest are written first and the events last,
 * so a write cut short leaves no event without its facts, and a retry rewrites the facts.
 * Every fact table is idempotent (distinct users, `uniqExact` of messageIds, min/max,
 * replacing rows), so facts written twice — a retry after a cut, or two collectors racing
 * on one message — count once.
 */
export class BatchingWriter {
  private queue: Pending[] = [];
  private queuedRows = 0;
  private queuedBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastStart = Number.NEGATIVE_INFINITY;
  private flushing = new Set<Promise<void>>();
  private readonly delayMs: number;
  private readonly maxRows: number;
  private readonly maxBytes: number;

  constructor(
    private readonly db: ClickHouseSql,
    options: WriterOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 200;
    this.maxRows = options.maxRows ?? 10_000;
    this.maxBytes = options.maxBytes ?? 8_000_000;
  }

  /** Stores the rows of one request; settles when they are written. */
  write(projectId: number, rows: readonly EventRow[], drops: Drops): Promise<InsertResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ projectId, rows, drops, resolve, reject });
      this.queuedRows += rows.length;
      for (const row of rows) this.queuedBytes += row.payload.length;
      if (this.queuedRows >= this.maxRows || this.queuedBytes >= this.maxBytes) this.flushNow();
      else this.schedule();
    });
  }

  /**
   * The next group starts once the one under way is written, and not before `delayMs` after the
   * previous start: under load, groups grow with the time a write takes instead of piling up
   * as concurrent small inserts. Requests of one event-loop turn share a group after a quiet spell.
   */
  private schedule(): void {
    if (this.timer || this.flushing.size || !this.queue.length) return;
    this.timer = setTimeout(() => this.flushNow(), Math.max(0, this.lastStart + this.delayMs - Date.now()));
  }

  /** Writes what is queued now, and waits for every write under way. */
  async drain(): Promise<void> {
    this.flushNow();
    await Promise.allSettled([...this.flushing]);
  }

  private flushNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const group = this.queue;
    this.queue = [];
    this.queuedRows = 0;
    this.queuedBytes = 0;
    if (!group.length) return;
    this.lastStart = Date.now();
    const done = this.flush(group).then(
      (results) => group.forEach((p, i) => p.resolve(results[i]!)),
      (error) => group.forEach((p) => p.reject(error)),
    );
    this.flushing.add(done);
    void done.finally(() => {
      this.flushing.delete(done);
      this.schedule();
    });
  }

  private async flush(group: readonly Pending[]): Promise<InsertResult[]> {
    // Both reads at once: the tiers of every account the group names (duplicates' too, harmlessly).
    const [stored, tiers] = await Promise.all([
      this.storedIds(group),
      accountTiers(
        this.db,
        group.flatMap((p) => p.rows.map((row) => ({ projectId: p.projectId, row }))),
      ),
    ]);
    const seen = new Set<string>();
    const fresh: Array<{ projectId: number; row: EventRow }> = [];
    const results = group.map((p) => {
      let inserted = 0;
      for (const row of p.rows) {
        const id = `${p.projectId}\u0000${row.messageId}`;
        // Stored before, or earlier in this group (the same message in two requests).
        if (stored.has(id) || seen.has(id)) continue;
        seen.add(id);
        fresh.push({ projectId: p.projectId, row });
        inserted++;
      }
      return { inserted, duplicates: p.rows.length - inserted };
    });

    const facts = emptyFactRows();
    const events: EventRecord[] = [];
    for (const { projectId, row } of fresh) {
      events.push(eventRecord(projectId, row, events.length));
      const f = factsOf(row);
      if (!f) continue;
      // The event's own group call first: the facts carry the tier it sets.
      if (f.account && f.account.tier !== null) tiers.set(`${projectId}\u0000${f.account.accountId}`, f.account.tier);
      const tier = f.accountId ? (tiers.get(`${projectId}\u0000${f.accountId}`) ?? '') : '';
      addFactRows(facts, projectId, row.messageId, f, tier);
    }
    const drops = group.flatMap((p) => Object.entries(p.drops).flatMap(([reason, count]) => (count ? [{ project_id: p.projectId, reason, count }] : [])));
    const compact = compactFactRows(facts);
    await Promise.all([...FACT_TABLES.map((t) => this.db.insert(t, compact[t])), this.db.insert('client_drops', drops)]);
    await this.db.insert('events', events);
    return results;
  }

  /** The "project\0messageId" of the group's messages already stored. */
  private async storedIds(group: readonly Pending[]): Promise<Set<string>> {
    const byProject = new Map<number, Set<string>>();
    for (const p of group) {
      const ids = byProject.get(p.projectId) ?? new Set();
      for (const r of p.rows) ids.add(r.messageId);
      byProject.set(p.projectId, ids);
    }
    const found = await Promise.all(
      [...byProject].flatMap(([projectId, ids]) =>
        lists([...ids]).map(async (inList) => {
          const rows = await this.db.query<{ message_id: string }>(
            sql`SELECT DISTINCT message_id FROM event_ids WHERE project_id = ${projectId} AND message_id IN `.concat(inList),
          );
          return rows.map((r) => `${projectId}\u0000${r.message_id}`);
        }),
      ),
    );
    return new Set(found.flat());
  }
}
