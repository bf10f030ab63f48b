import { HISTORY, LIFECYCLE, lifecycleOf, type DropReason, type Drops } from '@touchpoint/content';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { flowRollupKey, type HealthRecord, type OutboxAlert, type ContentFact, type ContentVersion, type DailyCount, type DayRange, type EventQuery, type EventRow, type InsertResult, type NewProject, type ProfileKey, type Project, type RollupKind, type Store, type ClickCursor, type StoredClick, type VariantCounts } from './store.js';
import { contentIdSql, eventInSql, lifecycleRows } from './lifecycle-sql.js';

/** The lifecycle events of a content's history (shown, completed, dismissed), as the profile keeps them. */
const HISTORY_ROWS = lifecycleRows(HISTORY);

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
 * Append only: a released migration never changes.
 */
const MIGRATIONS = [
  `CREATE TABLE projects (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL,
     write_key TEXT NOT NULL UNIQUE,
     secret_key TEXT NOT NULL UNIQUE,
     origins TEXT NOT NULL DEFAULT '[]',
     client_dropped INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE events (
     id INTEGER PRIMARY KEY,
     project_id INTEGER NOT NULL REFERENCES projects(id),
     message_id TEXT NOT NULL,
     type TEXT NOT NULL,
     event TEXT,
     user_id TEXT,
     anonymous_id TEXT,
     group_id TEXT,
     timestamp INTEGER NOT NULL,
     received_at INTEGER NOT NULL,
     payload TEXT NOT NULL,
     UNIQUE (project_id, message_id)
   );
   CREATE INDEX events_by_time ON events (project_id, timestamp);
   CREATE INDEX events_by_user ON events (project_id, user_id, timestamp) WHERE user_id IS NOT NULL;
   CREATE INDEX events_by_anonymous ON events (project_id, anonymous_id, timestamp);
   CREATE INDEX events_by_name ON events (project_id, event, timestamp) WHERE event IS NOT NULL;`,
  `CREATE TABLE content_versions (
     project_id INTEGER NOT NULL REFERENCES projects(id),
     version INTEGER NOT NULL,
     document TEXT NOT NULL,
     etag TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (project_id, version)
   );`,
  // Experiments: first exposure per user, and conversions, kept at ingest so reports never scan events.
  `CREATE TABLE exposures (
     project_id INTEGER NOT NULL,
     experiment_id TEXT NOT NULL,
     user_key TEXT NOT NULL,
     variant TEXT NOT NULL,
     exposed_at INTEGER NOT NULL,
     PRIMARY KEY (project_id, experiment_id, user_key)
   ) WITHOUT ROWID;
   CREATE TABLE conversions (
     project_id INTEGER NOT NULL,
     experiment_id TEXT NOT NULL,
     user_key TEXT NOT NULL,
     converted_at INTEGER NOT NULL,
     PRIMARY KEY (project_id, experiment_id, user_key)
   ) WITHOUT ROWID;`,
  // Per-variant totals, bumped with each new exposure and conversion: the report reads a few rows.
  `CREATE TABLE experiment_counts (
     project_id INTEGER NOT NULL,
     experiment_id TEXT NOT NULL,
     variant TEXT NOT NULL,
     users INTEGER NOT NULL DEFAULT 0,
     conversions INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (project_id, experiment_id, variant)
   ) WITHOUT ROWID;`,
  // Daily distinct users per kind and key, kept at ingest: reports count distinct users over
  // a day range from here instead of scanning events. The account tier at the time rides along.
  `CREATE TABLE daily_users (
     project_id INTEGER NOT NULL,
     kind TEXT NOT NULL,
     key TEXT NOT NULL,
     day INTEGER NOT NULL,
     user_key TEXT NOT NULL,
     tier TEXT,
     PRIMARY KEY (project_id, kind, key, day, user_key)
   ) WITHOUT ROWID;
   CREATE INDEX daily_users_by_user ON daily_users (project_id, user_key);
   CREATE TABLE accounts (
     project_id INTEGER NOT NULL,
     account_id TEXT NOT NULL,
     tier TEXT,
     traits TEXT NOT NULL DEFAULT '{}',
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (project_id, account_id)
   ) WITHOUT ROWID;`,
  // Health: per account and day, activity and signal counts (kept at ingest); scores with history; the alert outbox.
  `CREATE TABLE account_daily (
     project_id INTEGER NOT NULL,
     account_id TEXT NOT NULL,
     day INTEGER NOT NULL,
     key TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (project_id, account_id, day, key)
   ) WITHOUT ROWID;
   CREATE INDEX account_daily_by_day ON account_daily (project_id, day);
   CREATE TABLE health_scores (
     project_id INTEGER NOT NULL,
     account_id TEXT NOT NULL,
     day INTEGER NOT NULL,
     score INTEGER NOT NULL,
     previous_score INTEGER,
     reasons TEXT NOT NULL,
     PRIMARY KEY (project_id, account_id, day)
   ) WITHOUT ROWID;
   CREATE TABLE alert_outbox (
     id TEXT PRIMARY KEY,
     project_id INTEGER NOT NULL,
     url TEXT NOT NULL,
     body TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_at INTEGER NOT NULL,
     sent_at INTEGER,
     last_error TEXT,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX alert_outbox_due ON alert_outbox (next_at) WHERE sent_at IS NULL;`,
  // Distinct users per kind and key as day bitmaps: one row per 32-day block and user, whose
  // bit d is set when the user was counted on day block * 32 + d. A 30-day report reads at
  // most two rows per user instead of thirty (see distinctUsers). Replaces daily_users.
  `CREATE TABLE user_days (
     project_id INTEGER NOT NULL,
     kind TEXT NOT NULL,
     key TEXT NOT NULL,
     block INTEGER NOT NULL,
     user_key TEXT NOT NULL,
     tier TEXT NOT NULL,
     bits INTEGER NOT NULL,
     PRIMARY KEY (project_id, kind, key, block, user_key, tier)
   ) WITHOUT ROWID;
   CREATE INDEX user_days_by_user ON user_days (project_id, user_key);
   INSERT INTO user_days (project_id, kind, key, block, user_key, tier, bits)
     SELECT project_id, kind, key, day >> 5, user_key, COALESCE(tier, ''), 1 << (day & 31) FROM daily_users WHERE true
     ON CONFLICT DO UPDATE SET bits = bits | excluded.bits;
   DROP TABLE daily_users;`,
  // The users seen in each account (events carrying its id), first and last seen: the account
  // page lists them without scanning events. Filled from the events already stored.
  `CREATE TABLE account_users (
     project_id INTEGER NOT NULL,
     account_id TEXT NOT NULL,
     user_key TEXT NOT NULL,
     identified INTEGER NOT NULL,
     first_seen INTEGER NOT NULL,
     last_seen INTEGER NOT NULL,
     PRIMARY KEY (project_id, account_id, user_key)
   ) WITHOUT ROWID;
   CREATE INDEX account_users_by_user ON account_users (project_id, user_key);
   INSERT INTO account_users (project_id, account_id, user_key, identified, first_seen, last_seen)
     SELECT project_id, group_id, COALESCE(user_id, anonymous_id), MAX(user_id IS NOT NULL), MIN(timestamp), MAX(timestamp)
     FROM events WHERE group_id IS NOT NULL AND COALESCE(user_id, anonymous_id) IS NOT NULL
     GROUP BY project_id, group_id, COALESCE(user_id, anonymous_id);`,
  // The flow report's per-step \`missing\`, from the events already stored: each Flow Target
  // Missing counts for its step (rollups kept it only from this version on), and a Flow
  // Dismissed with reason target_missing is no dismissal (kept as one before): its day's bit
  // goes where the user did not also close the flow that day. Written out, not read from the
  // lifecycle table: a migration keeps the meaning it had when it was released. The tier is
  // the account's today (ingest takes the tier at the time, which was not kept).
  `INSERT INTO user_days (project_id, kind, key, block, user_key, tier, bits)
     SELECT e.project_id, 'flow', json_extract(e.payload, '$.properties.flow_id') || char(0) || 'missing' || char(0) || json_extract(e.payload, '$.properties.step_id'),
            (e.timestamp / 86400000) >> 5, COALESCE(e.user_id, e.anonymous_id), COALESCE(a.tier, ''), 1 << ((e.timestamp / 86400000) & 31)
     FROM events e LEFT JOIN accounts a ON a.project_id = e.project_id AND a.account_id = e.group_id
     WHERE e.project_id IN (SELECT id FROM projects) AND e.event = 'Flow Target Missing' AND COALESCE(e.user_id, e.anonymous_id) IS NOT NULL
       AND json_type(e.payload, '$.properties.flow_id') = 'text' AND json_type(e.payload, '$.properties.step_id') = 'text'
     ON CONFLICT DO UPDATE SET bits = bits | excluded.bits;
   WITH days AS (
     SELECT project_id, json_extract(payload, '$.properties.flow_id') || char(0) || 'dismissed' AS key, COALESCE(user_id, anonymous_id) AS user_key, timestamp / 86400000 AS day
     FROM events
     WHERE project_id IN (SELECT id FROM projects) AND event = 'Flow Dismissed' AND COALESCE(user_id, anonymous_id) IS NOT NULL AND json_type(payload, '$.properties.flow_id') = 'text'
     GROUP BY 1, 2, 3, 4
     HAVING MIN(json_extract(payload, '$.properties.reason') IS 'target_missing') = 1
   ), blocks AS (SELECT project_id, key, user_key, day >> 5 AS block, SUM(1 << (day & 31)) AS mask FROM days GROUP BY 1, 2, 3, 4)
   UPDATE user_days SET bits = bits & ~blocks.mask FROM blocks
     WHERE user_days.project_id = blocks.project_id AND user_days.kind = 'flow' AND user_days.key = blocks.key AND user_days.block = blocks.block AND user_days.user_key = blocks.user_key;
   DELETE FROM user_days WHERE project_id IN (SELECT id FROM projects) AND kind = 'flow' AND bits = 0;`,
  // What senders lost, by reason (projects.client_dropped, no longer written, was the total of
  // reasons not yet told apart).
  `CREATE TABLE client_drops (
     project_id INTEGER NOT NULL,
     reason TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (project_id, reason)
   ) WITHOUT ROWID;
   INSERT INTO client_drops (project_id, reason, count) SELECT id, 'unspecified', client_dropped FROM projects WHERE client_dropped > 0;`,
];

interface ProjectRecord {
  id: number;
  name: string;
  write_key: string;
  secret_key: string;
  origins: string;
  created_at: number;
}

export interface SqliteStoreOptions {
  /**
   * Keep the report rollups at ingest. Only the ingest benchmark turns this off, to measure
   * what they cost; reports are empty without them. @default true
   */
  rollups?: boolean;
}

/** Opens (creating when needed) the SQLite database at `path`. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return new SqliteStore(new Database(path), options);
}

export class SqliteStore implements Store {
  readonly db: Database.Database;
  private readonly statements;
  /** One transaction per request: all rows of a batch land together or not at all. */
  private readonly insertTx;

  private readonly rollups: boolean;

  constructor(db: Database.Database, options: SqliteStoreOptions = {}) {
    this.db = db;
    this.rollups = options.rollups ?? true;
    // WAL: readers never block the writer. synchronous=NORMAL: a commit is in the WAL
    // file (the OS's page cache) before it returns, so it survives the process being
    // killed; only a power cut can lose the last commits, which is the usual trade.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    this.statements = {
      insertProject: db.prepare(
        'INSERT INTO projects (name, write_key, secret_key, origins, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
      ),
      listProjects: db.prepare('SELECT * FROM projects ORDER BY id'),
      byWriteKey: db.prepare('SELECT * FROM projects WHERE write_key = ?'),
      bySecretKey: db.prepare('SELECT * FROM projects WHERE secret_key = ?'),
      insertEvent: db.prepare(
        `INSERT OR IGNORE INTO events (project_id, message_id, type, event, user_id, anonymous_id, group_id, timestamp, received_at, payload)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      addDropped: db.prepare('INSERT INTO client_drops (project_id, reason, count) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET count = count + excluded.count'),
      expose: db.prepare('INSERT OR IGNORE INTO exposures (project_id, experiment_id, user_key, variant, exposed_at) VALUES (?, ?, ?, ?, ?)'),
      // The exposure a goal event belongs to: the user's, under either of their ids.
      exposureOf: db.prepare(
        'SELECT user_key AS userKey, variant, exposed_at AS exposedAt FROM exposures WHERE project_id = ? AND experiment_id = ? AND user_key IN (?, ?) ORDER BY exposed_at LIMIT 1',
      ),
      convert: db.prepare('INSERT OR IGNORE INTO conversions (project_id, experiment_id, user_key, converted_at) VALUES (?, ?, ?, ?)'),
      bumpUsers: db.prepare(
        `INSERT INTO experiment_counts (project_id, experiment_id, variant, users) VALUES (?, ?, ?, 1)
         ON CONFLICT (project_id, experiment_id, variant) DO UPDATE SET users = users + 1`,
      ),
      bumpConversions: db.prepare('UPDATE experiment_counts SET conversions = conversions + 1 WHERE project_id = ? AND experiment_id = ? AND variant = ?'),
      counts: db.prepare('SELECT variant, users, conversions FROM experiment_counts WHERE project_id = ? AND experiment_id = ?'),
      rollup: db.prepare(
        `INSERT INTO user_days (project_id, kind, key, block, user_key, tier, bits) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET bits = bits | excluded.bits`,
      ),
      account: db.prepare(
        `INSERT INTO accounts (project_id, account_id, tier, traits, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (project_id, account_id) DO UPDATE SET tier = COALESCE(excluded.tier, tier), traits = excluded.traits, updated_at = excluded.updated_at`,
      ),
      tierOf: db.prepare('SELECT tier FROM accounts WHERE project_id = ? AND account_id = ?').pluck(),
      accountUser: db.prepare(
        `INSERT INTO account_users (project_id, account_id, user_key, identified, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen)`,
      ),
      accountDaily: db.prepare(
        `INSERT INTO account_daily (project_id, account_id, day, key, count) VALUES (?, ?, ?, ?, 1)
         ON CONFLICT (project_id, account_id, day, key) DO UPDATE SET count = count + 1`,
      ),
      dropped: db.prepare('SELECT reason, count FROM client_drops WHERE project_id = ?'),
      publish: db.prepare(
        `INSERT INTO content_versions (project_id, version, document, etag, created_at)
         VALUES (?, (SELECT COALESCE(MAX(version), 0) + 1 FROM content_versions WHERE project_id = ?), ?, ?, ?)
         RETURNING version, document AS json, etag, created_at AS createdAt`,
      ),
      version: db.prepare('SELECT version, document AS json, etag, created_at AS createdAt FROM content_versions WHERE project_id = ? AND version = ?'),
      versions: db.prepare('SELECT version, etag, created_at AS createdAt FROM content_versions WHERE project_id = ? ORDER BY version DESC'),
      latest: db.prepare(
        'SELECT version, document AS json, etag, created_at AS createdAt FROM content_versions WHERE project_id = ? ORDER BY version DESC LIMIT 1',
      ),
    };
    this.insertTx = db.transaction((projectId: number, rows: readonly EventRow[], dropped: Drops): InsertResult => {
      const insert = this.statements.insertEvent;
      let inserted = 0;
      for (const r of rows) {
        const added = insert.run(projectId, r.messageId, r.type, r.event, r.userId, r.anonymousId, r.groupId, r.timestamp, r.receivedAt, r.payload).changes;
        inserted += added;
        // A duplicate (a retry) was counted the first time.
        if (!added) continue;
        if (this.rollups) this.rollUp(projectId, r);
        if (r.exposure && this.statements.expose.run(projectId, r.exposure.experimentId, r.userId ?? r.anonymousId, r.exposure.variant, r.timestamp).changes) {
          this.statements.bumpUsers.run(projectId, r.exposure.experimentId, r.exposure.variant);
        }
        for (const goal of r.goals ?? []) {
          const exposure = this.statements.exposureOf.get(projectId, goal.experimentId, r.userId, r.anonymousId) as { userKey: string; variant: string; exposedAt: number } | undefined;
          // Converted once: after the first exposure, within the goal's window.
          if (!exposure || r.timestamp < exposure.exposedAt || r.timestamp > exposure.exposedAt + goal.windowMs) continue;
          if (this.statements.convert.run(projectId, goal.experimentId, exposure.userKey, r.timestamp).changes) {
            this.statements.bumpConversions.run(projectId, goal.experimentId, exposure.variant);
          }
        }
      }
      for (const [reason, n] of Object.entries(dropped)) if (n > 0) this.statements.addDropped.run(projectId, reason, n);
      return { inserted, duplicates: rows.length - inserted };
    });
  }

  async createProject(p: NewProject): Promise<Project> {
    const record = this.statements.insertProject.get(p.name, p.writeKey, p.secretKey, JSON.stringify(p.origins), Date.now()) as ProjectRecord;
    return toProject(record);
  }

  async listProjects(): Promise<Project[]> {
    return (this.statements.listProjects.all() as ProjectRecord[]).map(toProject);
  }

  async projectByWriteKey(writeKey: string): Promise<Project | undefined> {
    const record = this.statements.byWriteKey.get(writeKey) as ProjectRecord | undefined;
    return record && toProject(record);
  }

  async projectBySecretKey(secretKey: string): Promise<Project | undefined> {
    const record = this.statements.bySecretKey.get(secretKey) as ProjectRecord | undefined;
    return record && toProject(record);
  }

  async insertEvents(projectId: number, rows: readonly EventRow[], clientDropped: Drops = {}): Promise<InsertResult> {
    return this.insertTx(projectId, rows, clientDropped);
  }

  async queryEvents(projectId: number, q: EventQuery): Promise<Record<string, unknown>[]> {
    const where = ['project_id = ?'];
    const params: unknown[] = [projectId];
    const filters: [keyof EventQuery, string][] = [
      ['userId', 'user_id'],
      ['anonymousId', 'anonymous_id'],
      ['event', 'event'],
      ['type', 'type'],
    ];
    for (const [key, column] of filters) {
      if (q[key] !== undefined) {
        where.push(`${column} = ?`);
        params.push(q[key]);
      }
    }
    params.push(q.limit);
    // Only fixed column names are interpolated; every value is a bound parameter.
    const rows = this.db
      .prepare(`SELECT payload, timestamp, received_at FROM events WHERE ${where.join(' AND ')} ORDER BY timestamp DESC, id DESC LIMIT ?`)
      .all(...params) as { payload: string; timestamp: number; received_at: number }[];
    return rows.map(storedEvent);
  }

  async publishContent(projectId: number, json: string, etag: string): Promise<ContentVersion> {
    return this.statements.publish.get(projectId, projectId, json, etag, Date.now()) as ContentVersion;
  }

  async latestContent(projectId: number): Promise<ContentVersion | undefined> {
    return this.statements.latest.get(projectId) as ContentVersion | undefined;
  }

  async contentVersion(projectId: number, version: number): Promise<ContentVersion | undefined> {
    return this.statements.version.get(projectId, version) as ContentVersion | undefined;
  }

  async listContentVersions(projectId: number): Promise<Array<Omit<ContentVersion, 'json'>>> {
    return this.statements.versions.all(projectId) as Array<Omit<ContentVersion, 'json'>>;
  }

  async deleteUser(projectId: number, userId: string): Promise<{ events: number }> {
    return this.db.transaction(() => {
      const anonymous = this.db
        .prepare('SELECT DISTINCT anonymous_id FROM events WHERE project_id = ? AND user_id = ? AND anonymous_id IS NOT NULL')
        .pluck()
        .all(projectId, userId) as string[];
      const keys = [userId, ...anonymous];
      const inKeys = keys.map(() => '?').join(', ');
      const exposures = this.db
        .prepare(
          `SELECT e.experiment_id AS experiment, e.variant, c.user_key IS NOT NULL AS converted FROM exposures e
           LEFT JOIN conversions c ON c.project_id = e.project_id AND c.experiment_id = e.experiment_id AND c.user_key = e.user_key
           WHERE e.project_id = ? AND e.user_key IN (${inKeys})`,
        )
        .all(projectId, ...keys) as Array<{ experiment: string; variant: string; converted: number }>;
      const uncount = this.db.prepare(
        'UPDATE experiment_counts SET users = users - 1, conversions = conversions - ? WHERE project_id = ? AND experiment_id = ? AND variant = ?',
      );
      for (const x of exposures) uncount.run(x.converted ? 1 : 0, projectId, x.experiment, x.variant);
      for (const table of ['exposures', 'conversions', 'user_days', 'account_users']) {
        this.db.prepare(`DELETE FROM ${table} WHERE project_id = ? AND user_key IN (${inKeys})`).run(projectId, ...keys);
      }
      const mineWhere = `project_id = ? AND (user_id = ? OR anonymous_id IN (${anonymous.map(() => '?').join(', ') || 'NULL'}))`;
      // The account-days the user was part of: recounted below from what remains.
      const accountDays = this.db
        .prepare(`SELECT DISTINCT group_id AS account, timestamp / 86400000 AS day FROM events WHERE ${mineWhere} AND group_id IS NOT NULL`)
        .all(projectId, userId, ...anonymous) as Array<{ account: string; day: number }>;
      const events = this.db.prepare(`DELETE FROM events WHERE ${mineWhere}`).run(projectId, userId, ...anonymous).changes;
      const clear = this.db.prepare('DELETE FROM account_daily WHERE project_id = ? AND account_id = ? AND day = ?');
      const recount = this.db.prepare(
        `INSERT INTO account_daily (project_id, account_id, day, key, count)
         SELECT project_id, group_id, ?, key, COUNT(*) FROM (
           SELECT project_id, group_id, '' AS key FROM events WHERE project_id = ? AND group_id = ? AND timestamp / 86400000 = ?
           UNION ALL
           SELECT project_id, group_id, 'event:' || event FROM events WHERE project_id = ? AND group_id = ? AND timestamp / 86400000 = ? AND type = 'track'
           UNION ALL
           SELECT project_id, group_id, 'feature:' || json_extract(payload, '$.properties.feature_id') FROM events
             WHERE project_id = ? AND group_id = ? AND timestamp / 86400000 = ? AND event = 'Feature Used' AND json_extract(payload, '$.properties.feature_id') IS NOT NULL
         ) GROUP BY key`,
      );
      for (const { account, day } of accountDays) {
        clear.run(projectId, account, day);
        recount.run(day, projectId, account, day, projectId, account, day, projectId, account, day);
      }
      return { events };
    })();
  }

  async accountWindows(projectId: number, range: DayRange) {
    const rows = this.db
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
  }

  async saveHealth(projectId: number, records: readonly HealthRecord[]): Promise<Map<string, number>> {
    const last = this.db.prepare('SELECT score FROM health_scores WHERE project_id = ? AND account_id = ? AND day < ? ORDER BY day DESC LIMIT 1').pluck();
    const sameDay = this.db.prepare('SELECT score FROM health_scores WHERE project_id = ? AND account_id = ? AND day = ?').pluck();
    const save = this.db.prepare(
      `INSERT INTO health_scores (project_id, account_id, day, score, previous_score, reasons) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (project_id, account_id, day) DO UPDATE SET score = excluded.score, previous_score = excluded.previous_score, reasons = excluded.reasons`,
    );
    return this.db.transaction(() => {
      const before = new Map<string, number>();
      for (const r of records) {
        // The last score known before this computation: today's earlier one, else the last day's.
        const known = (sameDay.get(projectId, r.accountId, r.day) ?? last.get(projectId, r.accountId, r.day)) as number | undefined;
        if (known !== undefined) before.set(r.accountId, known);
        save.run(projectId, r.accountId, r.day, r.score, r.previousScore, JSON.stringify(r.reasons));
      }
      return before;
    })();
  }

  async healthHistory(projectId: number, sinceDay: number) {
    return this.db
      .prepare('SELECT account_id AS accountId, day, score FROM health_scores WHERE project_id = ? AND day >= ? ORDER BY day')
      .all(projectId, sinceDay) as Array<{ accountId: string; day: number; score: number }>;
  }

  async account(projectId: number, accountId: string) {
    const row = this.db.prepare('SELECT tier, traits FROM accounts WHERE project_id = ? AND account_id = ?').get(projectId, accountId) as { tier: string | null; traits: string } | undefined;
    return row && { tier: row.tier, traits: JSON.parse(row.traits) as Record<string, unknown> };
  }

  async accountWindow(projectId: number, accountId: string, range: DayRange) {
    const rows = this.db
      .prepare('SELECT key, COUNT(*) AS days, SUM(count) AS count FROM account_daily WHERE project_id = ? AND account_id = ? AND day BETWEEN ? AND ? GROUP BY key')
      .all(projectId, accountId, range.from, range.to) as Array<{ key: string; days: number; count: number }>;
    const counts: Record<string, number> = {};
    for (const r of rows) if (r.key !== '') counts[r.key] = r.count;
    return { activeDays: rows.find((r) => r.key === '')?.days ?? 0, counts };
  }

  async accountHealth(projectId: number, accountId: string, sinceDay: number): Promise<HealthRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT h.account_id AS accountId, a.tier AS tier, h.day AS day, h.score AS score, h.previous_score AS previousScore, h.reasons AS reasons
         FROM health_scores h LEFT JOIN accounts a ON a.project_id = h.project_id AND a.account_id = h.account_id
         WHERE h.project_id = ? AND h.account_id = ? AND h.day >= ? ORDER BY h.day`,
      )
      .all(projectId, accountId, sinceDay) as Array<Omit<HealthRecord, 'reasons'> & { reasons: string }>;
    return rows.map((r) => ({ ...r, reasons: JSON.parse(r.reasons) as string[] }));
  }

  async accountUsers(projectId: number, accountId: string, limit: number) {
    const users = this.db
      .prepare(
        `SELECT user_key AS key, identified, first_seen AS firstSeen, last_seen AS lastSeen FROM account_users
         WHERE project_id = ? AND account_id = ? ORDER BY last_seen DESC, user_key LIMIT ?`,
      )
      .all(projectId, accountId, limit) as Array<{ key: string; identified: number; firstSeen: number; lastSeen: number }>;
    const total = this.db.prepare('SELECT COUNT(*) FROM account_users WHERE project_id = ? AND account_id = ?').pluck().get(projectId, accountId) as number;
    return { users: users.map((u) => ({ ...u, identified: u.identified === 1 })), total };
  }

  async accountEvents(projectId: number, accountId: string, limit: number) {
    // Read through the users last seen in the account (their own indexes), not a scan of the
    // events: any of the newest `limit` events belongs to one of the `limit` users seen last,
    // since each of those users' last event in the account is at least as new.
    const { users } = await this.accountUsers(projectId, accountId, limit);
    const byUser = this.db.prepare(
      'SELECT id, payload, timestamp, received_at FROM events WHERE project_id = ? AND user_id = ? AND group_id = ? ORDER BY timestamp DESC, id DESC LIMIT ?',
    );
    const byAnonymous = this.db.prepare(
      'SELECT id, payload, timestamp, received_at FROM events WHERE project_id = ? AND anonymous_id = ? AND user_id IS NULL AND group_id = ? ORDER BY timestamp DESC, id DESC LIMIT ?',
    );
    const rows = users.flatMap((u) => (u.identified ? byUser : byAnonymous).all(projectId, u.key, accountId, limit) as Array<{ id: number; payload: string; timestamp: number; received_at: number }>);
    rows.sort((a, b) => b.timestamp - a.timestamp || b.id - a.id);
    return rows.slice(0, limit).map(storedEvent);
  }

  async dailyActivity(projectId: number, range: DayRange) {
    if (range.from > range.to) return [];
    const active = this.db
      .prepare(
        `WITH RECURSIVE d(day) AS (SELECT @from UNION ALL SELECT day + 1 FROM d WHERE day < @to)
         SELECT d.day AS day, COUNT(DISTINCT u.user_key) AS users FROM d
         JOIN user_days u ON u.project_id = @project AND u.kind = 'active' AND u.key = '' AND u.block = d.day >> 5 AND (u.bits >> (d.day & 31)) & 1
         GROUP BY d.day`,
      )
      .all({ project: projectId, from: range.from, to: range.to }) as Array<{ day: number; users: number }>;
    const events = this.db
      .prepare('SELECT timestamp / 86400000 AS day, COUNT(*) AS events FROM events WHERE project_id = ? AND timestamp >= ? AND timestamp < ? GROUP BY day')
      .all(projectId, range.from * 86_400_000, (range.to + 1) * 86_400_000) as Array<{ day: number; events: number }>;
    const users = new Map(active.map((r) => [r.day, r.users]));
    const counts = new Map(events.map((r) => [r.day, r.events]));
    return Array.from({ length: range.to - range.from + 1 }, (_, i) => range.from + i).map((day) => ({ day, activeUsers: users.get(day) ?? 0, events: counts.get(day) ?? 0 }));
  }

  async contentReach(projectId: number, events: readonly string[], from: number, to: number) {
    const rows = LIFECYCLE.filter((row) => events.includes(row.event));
    if (!rows.length) return [];
    return this.db
      .prepare(
        `SELECT ${contentIdSql(rows)} AS contentId, event, COUNT(DISTINCT COALESCE(user_id, anonymous_id)) AS users
         FROM events WHERE project_id = ? AND ${eventInSql(rows)} AND timestamp >= ? AND timestamp < ?
         GROUP BY contentId, event HAVING contentId IS NOT NULL`,
      )
      .all(projectId, from, to) as Array<{ contentId: string; event: string; users: number }>;
  }

  async surveyComments(projectId: number, surveyId: string, from: number, to: number, limit: number) {
    return this.db
      .prepare(
        `SELECT COALESCE(json_extract(payload, '$.properties.comment'), json_extract(payload, '$.properties.answer')) AS text, json_extract(payload, '$.properties.score') AS score, timestamp AS at
         FROM events WHERE project_id = ? AND event = 'Survey Answered' AND timestamp >= ? AND timestamp < ? AND json_extract(payload, '$.properties.survey_id') = ?
           AND typeof(text) = 'text' AND text != ''
         ORDER BY timestamp DESC LIMIT ?`,
      )
      .all(projectId, from, to, surveyId, limit) as Array<{ text: string; score: unknown; at: number }>;
  }

  async latestHealth(projectId: number): Promise<HealthRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT h.account_id AS accountId, a.tier AS tier, h.day AS day, h.score AS score, h.previous_score AS previousScore, h.reasons AS reasons
         FROM health_scores h LEFT JOIN accounts a ON a.project_id = h.project_id AND a.account_id = h.account_id
         WHERE h.project_id = ? AND h.day = (SELECT MAX(day) FROM health_scores x WHERE x.project_id = h.project_id AND x.account_id = h.account_id)
         ORDER BY h.score, h.account_id`,
      )
      .all(projectId) as Array<Omit<HealthRecord, 'reasons'> & { reasons: string }>;
    return rows.map((r) => ({ ...r, reasons: JSON.parse(r.reasons) as string[] }));
  }

  async enqueueAlert(alert: Omit<OutboxAlert, 'attempts'>, at: number): Promise<void> {
    this.db.prepare('INSERT OR IGNORE INTO alert_outbox (id, project_id, url, body, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(alert.id, alert.projectId, alert.url, alert.body, at, at);
  }

  async claimAlert(now: number, leaseUntil: number): Promise<(OutboxAlert & { lease: number }) | undefined> {
    // One statement: SQLite runs it under its write lock, so two processes cannot claim one alert.
    const claimed = this.db
      .prepare(
        `UPDATE alert_outbox SET next_at = @lease
         WHERE id = (SELECT id FROM alert_outbox WHERE sent_at IS NULL AND next_at <= @now ORDER BY next_at LIMIT 1)
         RETURNING id, project_id AS projectId, url, body, attempts`,
      )
      .get({ now, lease: leaseUntil }) as OutboxAlert | undefined;
    return claimed && { ...claimed, lease: leaseUntil };
  }

  async settleAlert(id: string, lease: number, result: { sentAt: number } | { nextAt: number; error: string }): Promise<void> {
    if ('sentAt' in result) {
      this.db.prepare('UPDATE alert_outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ? AND next_at = ? AND sent_at IS NULL').run(result.sentAt, id, lease);
    } else {
      this.db.prepare('UPDATE alert_outbox SET next_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ? AND next_at = ? AND sent_at IS NULL').run(result.nextAt, result.error, id, lease);
    }
  }

  async listAlerts(projectId: number) {
    return this.db
      .prepare('SELECT id, body, attempts, sent_at AS sentAt, last_error AS lastError FROM alert_outbox WHERE project_id = ? ORDER BY created_at DESC, id')
      .all(projectId) as Array<{ id: string; body: string; attempts: number; sentAt: number | null; lastError: string | null }>;
  }

  async surveyScores(projectId: number, surveyId: string, from: number, to: number): Promise<Array<{ score: unknown; count: number }>> {
    return this.db
      .prepare(
        `SELECT json_extract(payload, '$.properties.score') AS score, COUNT(*) AS count FROM events
         WHERE project_id = ? AND event = 'Survey Answered' AND timestamp >= ? AND timestamp < ?
           AND json_extract(payload, '$.properties.survey_id') = ? GROUP BY score`,
      )
      .all(projectId, from, to, surveyId) as Array<{ score: unknown; count: number }>;
  }

  async eventsPerUser(projectId: number, event: string, from: number, to: number): Promise<Array<{ key: string; count: number }>> {
    return this.db
      .prepare(
        `SELECT COALESCE(user_id, anonymous_id) AS key, SUM(event = ?) AS count FROM events
         WHERE project_id = ? AND timestamp >= ? AND timestamp < ? GROUP BY key`,
      )
      .all(event, projectId, from, to) as Array<{ key: string; count: number }>;
  }

  /** The rollup rows of one new event (and the account's tier, from group calls). */
  private rollUp(projectId: number, r: EventRow) {
    const user = r.userId ?? r.anonymousId;
    if (!user) return;
    const day = Math.floor(r.timestamp / 86_400_000);
    if (r.type === 'group' && r.groupId) {
      const traits = r.traits ?? {};
      this.statements.account.run(projectId, r.groupId, typeof traits.tier === 'string' ? traits.tier : null, JSON.stringify(traits), r.timestamp);
    }
    const tier = r.groupId ? ((this.statements.tierOf.get(projectId, r.groupId) as string | null | undefined) ?? null) : null;
    const add = (kind: RollupKind, key: string) => this.statements.rollup.run(projectId, kind, key, day >> 5, user, tier ?? '', 2 ** (day & 31));
    add('active', '');
    // The account's day: any activity, and each event and feature used (health signals).
    const account = (key: string) => r.groupId && this.statements.accountDaily.run(projectId, r.groupId, day, key);
    account('');
    if (r.groupId) this.statements.accountUser.run(projectId, r.groupId, user, r.userId ? 1 : 0, r.timestamp, r.timestamp);
    if (r.type !== 'track' || r.event === null) return;
    if (r.event === 'Element Clicked') {
      // Raw click paths are no one's event: only the click features they matched count (in
      // adoption; health signals count the live Feature Used events the SDK sent for the same
      // clicks, not these). Two writes per click saved.
      for (const id of r.features ?? []) add('feature', id);
      return;
    }
    add('event', r.event);
    account(`event:${r.event}`);
    const p = r.properties ?? {};
    if (r.event === 'Feature Used' && typeof p.feature_id === 'string') {
      add('feature', p.feature_id);
      account(`feature:${p.feature_id}`);
    }
    // A flow's funnel: what each of its lifecycle events means, from the lifecycle table.
    const life = lifecycleOf(r.event, p);
    if (life?.kind === 'flow') {
      const key = flowRollupKey(life.contentId, life.means, p);
      if (key) add('flow', key);
    }
  }

  async distinctUsers(projectId: number, kind: RollupKind, keys: readonly string[], range: DayRange, tier?: string): Promise<Map<string, number>> {
    if (!keys.length || range.from > range.to) return new Map();
    const rows = this.db
      .prepare(
        `SELECT key, COUNT(DISTINCT user_key) AS users FROM user_days
         WHERE project_id = @project AND kind = @kind AND key IN (${keys.map((_, i) => `@k${i}`).join(', ')}) AND ${inRangeSql(tier)}
         GROUP BY key`,
      )
      .all({ project: projectId, kind, from: range.from, to: range.to, ...Object.fromEntries(keys.map((k, i) => [`k${i}`, k])), ...(tier !== undefined && { tier }) }) as Array<{ key: string; users: number }>;
    return new Map(rows.map((r) => [r.key, r.users]));
  }

  async distinctUsersOfAny(projectId: number, keys: ReadonlyArray<{ kind: RollupKind; key: string }>, range: DayRange, tier?: string): Promise<number> {
    if (!keys.length || range.from > range.to) return 0;
    return this.db
      .prepare(
        `SELECT COUNT(DISTINCT user_key) FROM user_days
         WHERE project_id = @project AND (${keys.map((_, i) => `(kind = @kind${i} AND key = @k${i})`).join(' OR ')}) AND ${inRangeSql(tier)}`,
      )
      .pluck()
      .get({ project: projectId, from: range.from, to: range.to, ...Object.fromEntries(keys.flatMap((k, i) => [[`kind${i}`, k.kind], [`k${i}`, k.key]])), ...(tier !== undefined && { tier }) }) as number;
  }

  async clicksAfter(projectId: number, after: ClickCursor, limit: number): Promise<StoredClick[]> {
    return this.db
      .prepare(
        `SELECT timestamp, id, COALESCE(user_id, anonymous_id) AS userKey, group_id AS groupId, json_extract(payload, '$.properties.path') AS path
         FROM events WHERE project_id = ? AND event = 'Element Clicked' AND (timestamp, id) > (?, ?) ORDER BY timestamp, id LIMIT ?`,
      )
      .all(projectId, after.timestamp, after.id, limit) as StoredClick[];
  }

  async addFeatureUses(projectId: number, uses: ReadonlyArray<{ featureId: string; click: StoredClick }>): Promise<void> {
    this.db.transaction(() => {
      for (const { featureId, click } of uses) {
        if (!click.userKey) continue;
        const day = Math.floor(click.timestamp / 86_400_000);
        const tier = click.groupId ? ((this.statements.tierOf.get(projectId, click.groupId) as string | null | undefined) ?? '') : '';
        this.statements.rollup.run(projectId, 'feature', featureId, day >> 5, click.userKey, tier, 2 ** (day & 31));
      }
    })();
  }

  async experimentCounts(projectId: number, experimentId: string): Promise<VariantCounts[]> {
    return this.statements.counts.all(projectId, experimentId) as VariantCounts[];
  }

  private who(who: ProfileKey): [string, string] {
    // Only fixed column names are interpolated; the id is a bound parameter.
    return 'userId' in who ? ['user_id', who.userId] : ['anonymous_id', who.anonymousId];
  }

  async dailyCounts(projectId: number, who: ProfileKey, since: number, events?: readonly string[]): Promise<DailyCount[]> {
    const [column, value] = this.who(who);
    if (events && !events.length) return [];
    const named = events ? ` AND event IN (${events.map(() => '?').join(', ')})` : '';
    return this.db
      .prepare(
        `SELECT event, strftime('%Y-%m-%d', timestamp / 1000, 'unixepoch') AS day, COUNT(*) AS count FROM events
         WHERE project_id = ? AND ${column} = ? AND type = 'track' AND timestamp >= ?${named} GROUP BY event, day`,
      )
      .all(projectId, value, since, ...(events ?? [])) as DailyCount[];
  }

  async eventTotals(projectId: number, who: ProfileKey): Promise<Array<{ event: string; count: number }>> {
    const [column, value] = this.who(who);
    return this.db
      .prepare(`SELECT event, COUNT(*) AS count FROM events WHERE project_id = ? AND ${column} = ? AND type = 'track' GROUP BY event`)
      .all(projectId, value) as Array<{ event: string; count: number }>;
  }

  async featuresUsed(projectId: number, who: ProfileKey): Promise<Record<string, number>> {
    const [column, value] = this.who(who);
    const rows = this.db
      .prepare(
        `SELECT json_extract(payload, '$.properties.feature_id') AS id, MAX(timestamp) AS last FROM events
         WHERE project_id = ? AND ${column} = ? AND event = 'Feature Used' GROUP BY id`,
      )
      .all(projectId, value) as Array<{ id: unknown; last: number }>;
    return Object.fromEntries(rows.filter((r) => typeof r.id === 'string').map((r) => [r.id, r.last]));
  }

  async contentFacts(projectId: number, who: ProfileKey): Promise<ContentFact[]> {
    const [column, value] = this.who(who);
    return this.db
      .prepare(
        `SELECT event, ${contentIdSql(HISTORY_ROWS)} AS contentId, MAX(timestamp) AS last, COUNT(*) AS count
         FROM events WHERE project_id = ? AND ${column} = ? AND ${eventInSql(HISTORY_ROWS)}
         GROUP BY event, contentId HAVING contentId IS NOT NULL`,
      )
      .all(projectId, value) as ContentFact[];
  }

  async userOfAnonymousId(projectId: number, anonymousId: string): Promise<string | undefined> {
    return this.db
      .prepare('SELECT user_id FROM events WHERE project_id = ? AND anonymous_id = ? AND user_id IS NOT NULL ORDER BY id LIMIT 1')
      .pluck()
      .get(projectId, anonymousId) as string | undefined;
  }

  async clientDropped(projectId: number): Promise<Drops> {
    const rows = this.statements.dropped.all(projectId) as Array<{ reason: DropReason; count: number }>;
    return Object.fromEntries(rows.map((r) => [r.reason, r.count]));
  }

  async checkWritable(): Promise<void> {
    // A committed write that changes nothing: rewriting user_version with its own value in
    // one immediate transaction (so a concurrent migration cannot slip in between).
    this.db.transaction(() => {
      const version = this.db.pragma('user_version', { simple: true }) as number;
      this.db.pragma(`user_version = ${version}`);
    }).immediate();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/**
 * The user_days rows with a day in [@from, @to] (and of tier @tier when given): the blocks in
 * range, with a bit set among the days of each block that fall in it. The mask of those days:
 * a shift by 32 gives 1 << 32, still exact in 64 bits.
 */
function inRangeSql(tier: string | undefined): string {
  const mask = '((1 << (MIN(@to, block * 32 + 31) - block * 32 + 1)) - (1 << (MAX(@from, block * 32) - block * 32)))';
  return `block BETWEEN @from >> 5 AND @to >> 5 AND (bits & ${mask}) != 0${tier !== undefined ? ' AND tier = @tier' : ''}`;
}

/** Runs the migrations this database has not had yet (the first `upTo` only, for migration tests). */
export function migrate(db: Database.Database, upTo = MIGRATIONS.length) {
  const done = db.pragma('user_version', { simple: true }) as number;
  for (let i = done; i < upTo; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]!);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}

/** A stored event as the API gives it: the message as received, with corrected `timestamp`, the sender's as `originalTimestamp`, and `receivedAt`. */
function storedEvent(row: { payload: string; timestamp: number; received_at: number }): Record<string, unknown> {
  const message = JSON.parse(row.payload) as Record<string, unknown>;
  return {
    ...message,
    // Rows stored before timestamps were bounded may lie outside what a Date can hold.
    timestamp: Number.isNaN(new Date(row.timestamp).getTime()) ? null : new Date(row.timestamp).toISOString(),
    ...(message.timestamp !== undefined && { originalTimestamp: message.timestamp }),
    receivedAt: new Date(row.received_at).toISOString(),
  };
}

function toProject(r: ProjectRecord): Project {
  return { id: r.id, name: r.name, writeKey: r.write_key, secretKey: r.secret_key, origins: JSON.parse(r.origins) as string[], createdAt: r.created_at };
}
