import type { Drops, JourneyMemory, MessageType } from '@touchpoint/content';
import type { JourneyEntryRecord, Person } from '../journeys/contracts.js';
import type { RollupKind } from '../facts/rollup-keys.js';
import type { Role } from '../roles.js';
import type { EventPosition } from './event-cursor.js';

// The rollup keys are the facts' policy; re-exported for the reports that read them.
export { contentKey, featureUseKey, flowKey, flowRollupKey, type RollupKind } from '../facts/rollup-keys.js';

/** A project: one product that sends events, with its keys. */
export interface Project {
  id: number;
  name: string;
  /** Public, in the page: it can only write events. */
  writeKey: string;
  /** Private, on servers: it reads data and publishes content. */
  secretKey: string;
  /** Origins allowed to send with the write key; empty means any. */
  origins: string[];
  createdAt: number;
  /** Staging projects point at their production project (CONTRACT §8); null for a production project. */
  productionId: number | null;
  /** Keys replaced by a rotation and still valid until their time (the grace period); at most one of each kind. */
  previousKeys: PreviousKey[];
}

/** A key a rotation replaced: it keeps working until `validUntil` (ms), then is unknown. */
export interface PreviousKey {
  kind: KeyKind;
  key: string;
  validUntil: number;
}

/** The two keys of a project. */
export type KeyKind = 'write' | 'secret';

export interface NewProject {
  name: string;
  writeKey: string;
  secretKey: string;
  origins: string[];
  /** Makes the project the staging environment of this production project (one staging each). */
  productionId?: number;
}

/** One entry of a project's audit log. */
export interface AuditEntry {
  /** When (ms). */
  at: number;
  /** Who: a user's email, `secret-key`, or the issuer of the builder session that did it. */
  actor: string;
  action: string;
  /** What it was done to: a content version, a user, a key kind… */
  target: string;
  /** What changed (JSON-able, never a key). */
  details: Record<string, unknown>;
}

export interface AuditQuery {
  action?: string;
  actor?: string;
  /** From this time (ms), inclusive. */
  from?: number;
  /** Before this time (ms), exclusive. */
  to?: number;
  limit: number;
  /** Only entries after this one in the order (newest first): the previous page's last. */
  after?: AuditPosition;
}

/** Where an entry is in the audit log's order: its time and sequence number. */
export type AuditPosition = readonly [at: number, id: number];

/** A validated message, ready to store. */
export interface EventRow {
  messageId: string;
  type: MessageType;
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  groupId: string | null;
  /** When it happened, corrected for the sender's clock skew (ms since epoch). */
  timestamp: number;
  receivedAt: number;
  /** The message as received, as JSON. */
  payload: string;
  /** Its properties and traits, already parsed: ingest's rollups read them without parsing `payload` again. */
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  /** An `Experiment Viewed` message: the user's first exposure is kept. */
  exposure?: { experimentId: string; variant: string };
  /** The experiments this event is the goal of, with their conversion window. */
  goals?: Array<{ experimentId: string; windowMs: number }>;
  /** An `Element Clicked` message: the click features its path matched (they count as used). */
  features?: string[];
  /** Sent from a tab that previews the draft or builds (`context.preview: true`): stored, counted for nothing (see `factsOf`). */
  preview?: boolean;
}

/** One account's health as computed on a day (history kept for trends and the dashboard). */
export interface HealthRecord {
  accountId: string;
  tier: string | null;
  day: number;
  score: number;
  previousScore: number | null;
  reasons: string[];
}

/** A user seen in an account: by user id, or by anonymous id when never identified there. */
export interface AccountUser {
  key: string;
  identified: boolean;
  firstSeen: number;
  lastSeen: number;
}

/** A job waiting in the outbox: a webhook (`http(s):` url) or a journey email (`mailto:` url, the message's JSON as body). */
export interface OutboxAlert {
  id: string;
  projectId: number;
  url: string;
  body: string;
  attempts: number;
}

/** Which jobs a claim may take. */
export interface ClaimOptions {
  /** Take `mailto:` jobs too; false leaves them queued as they are (no SMTP server is configured). @default true */
  email?: boolean;
  /**
   * Destinations not to take a job for now (see `destinationOf` in outbox.ts: a URL's scheme and
   * authority, or `mailto:` for every email): one in flight, or failing, holds up no other.
   */
  skip?: readonly string[];
}

/** An alert to queue: its id is its Idempotency-Key. */
export type NewAlert = Omit<OutboxAlert, 'attempts'>;

/** Target health of one flow step on one UTC day: how often it was shown, and how often its target never appeared. */
export interface StepDay {
  flowId: string;
  stepId: string;
  day: number;
  viewed: number;
  missing: number;
}

/** The misses of one step's target on one page and UTC day, with the first and last time (ms). */
export interface TargetMissPage {
  flowId: string;
  stepId: string;
  day: number;
  url: string;
  count: number;
  firstAt: number;
  lastAt: number;
}

/** A report's day range: UTC days since the epoch, inclusive. */
export interface DayRange {
  from: number;
  to: number;
}

/** Per variant of an experiment: users exposed, and those who converted in the window. */
export interface VariantCounts {
  variant: string;
  users: number;
  conversions: number;
}

export interface EventQuery {
  userId?: string;
  anonymousId?: string;
  event?: string;
  type?: MessageType;
  limit: number;
  /** Only events after this one in the order (newest first): the previous page's last. */
  after?: EventPosition;
}

/** A page of stored events, newest first; `next` is where the following page starts (absent on the last). */
export interface EventPage {
  events: Record<string, unknown>[];
  next?: EventPosition;
}

/** A published version of a project's content document. */
export interface ContentVersion {
  version: number;
  /** The document as JSON text, as published. */
  json: string;
  /** Strong ETag of `json`. */
  etag: string;
  createdAt: number;
}

/** A project's draft of its content document (CONTRACT §7): one a project, saved over and over. */
export interface ContentDraft {
  /** The document as JSON text, as saved (validated). */
  json: string;
  /** Strong ETag of `json` (equal to a version's when they hold the same document). */
  etag: string;
  /** The newest published version when it was saved (null: nothing was published then). */
  baseVersion: number | null;
  updatedAt: number;
}

/** What a short-lived token of the team's tools lets its holder do: see the draft, or edit it. */
export type AccessTokenKind = 'preview' | 'builder';

/** Who a profile is about: a user id, or an anonymous id before identify. */
export type ProfileKey = { userId: string } | { anonymousId: string };

/** One row of a user's event history: how often `event` happened on `day` (UTC, YYYY-MM-DD). */
export interface DailyCount {
  event: string;
  day: string;
  count: number;
}

/** One content lifecycle event of a user (Flow Started, Message Dismissed…), by content id. */
export interface ContentFact {
  event: string;
  contentId: string;
  last: number;
  count: number;
}

/**
 * A position among a project's stored clicks, opaque to callers: each store encodes its own
 * order (SQLite: time, then insertion; ClickHouse: time, then messageId).
 */
export type ClickCursor = string;

/** A stored `Element Clicked` event, as retroactive features read it. */
export interface StoredClick {
  timestamp: number;
  userKey: string;
  groupId: string | null;
  /** The path as the SDK sent it (JSON), untrusted. */
  path: string | null;
}

/** One page of stored clicks; `next` reads the following page (absent on the last). */
export interface ClickPage {
  clicks: StoredClick[];
  next?: ClickCursor;
}

export interface InsertResult {
  inserted: number;
  /** Messages whose messageId was already stored (a retry); kept once. */
  duplicates: number;
}

/*
 * Where the collector keeps its data, one interface per aggregate, so that a caller depends
 * on the part it uses and another engine (ClickHouse for events and report facts, PostgreSQL
 * for the rest) can implement each. Methods are async because other engines are; the SQLite
 * store answers synchronously inside them. What an event counts for is decided outside any
 * store (facts/event-facts.ts): stores record those facts and read them back.
 */

/** Projects, their keys and their environments. */
export interface ProjectStore {
  /** Creates a project (a staging one with `productionId`; a second staging of one production throws). */
  createProject(project: NewProject): Promise<Project>;
  listProjects(): Promise<Project[]>;
  /** The project whose write key this is, or whose previous write key it is while still valid at `now` (ms). */
  projectByWriteKey(writeKey: string, now: number): Promise<Project | undefined>;
  /** The project whose secret key this is, or whose previous secret key it is while still valid at `now` (ms). */
  projectBySecretKey(secretKey: string, now: number): Promise<Project | undefined>;
  /** The staging project of a production project, or undefined when it has none yet. */
  stagingOf(productionId: number): Promise<Project | undefined>;
  /**
   * Replaces the keys given (atomically): each one replaced stays valid as the previous key of
   * its kind until `validUntil` (ms), and a previous key from an earlier rotation of that kind
   * is forgotten. Undefined when the project does not exist.
   */
  rotateKeys(projectId: number, keys: { writeKey?: string; secretKey?: string }, validUntil: number): Promise<Project | undefined>;
}

/** Each project's audit log (CONTRACT §8): appended to, read newest first. */
export interface AuditStore {
  appendAudit(projectId: number, entry: AuditEntry): Promise<void>;
  /** Entries newest first (by time, then the latest appended first), filtered, at most `limit`; `next` when more follow. */
  queryAudit(projectId: number, query: AuditQuery): Promise<{ entries: AuditEntry[]; next?: AuditPosition }>;
}

/** A project's published content documents. */
export interface ContentStore {
  /** Stores a new version of the project's content document (already validated). */
  publishContent(projectId: number, json: string, etag: string): Promise<ContentVersion>;
  /** The newest published version, or undefined when none was ever published. */
  latestContent(projectId: number): Promise<ContentVersion | undefined>;
  /** One published version, or undefined. */
  contentVersion(projectId: number, version: number): Promise<ContentVersion | undefined>;
  /** Every published version, newest first, without the documents. */
  listContentVersions(projectId: number): Promise<Array<Omit<ContentVersion, 'json'>>>;
  /** The project's saved draft, or undefined when none is saved (or the last was published). */
  contentDraft(projectId: number): Promise<ContentDraft | undefined>;
  /** Saves the project's draft (already validated), replacing the one before. */
  saveContentDraft(projectId: number, draft: ContentDraft): Promise<void>;
  /**
   * Forgets the draft when it holds the document with this ETag (it was just published): a
   * draft saved meanwhile with other changes stays.
   */
  discardContentDraft(projectId: number, etag: string): Promise<void>;
}

/**
 * The tokens of the team's tools (preview, builder), each bound to one project and kind,
 * valid until it expires. Only a hash of each token is stored: the store's contents never
 * let anyone see a draft or edit it.
 */
export interface AccessTokenStore {
  /** Keeps a token's hash and who issued it (expired tokens are cleared on the way). */
  saveAccessToken(token: { hash: string; projectId: number; kind: AccessTokenKind; actor: string; createdAt: number; expiresAt: number }): Promise<void>;
  /** The project and issuer of an unexpired token of this kind with this hash, or undefined. */
  accessTokenHolder(hash: string, kind: AccessTokenKind, now: number): Promise<{ project: Project; actor: string } | undefined>;
}

/** A dashboard user (CONTRACT §8). Emails are kept in lower case. */
export interface User {
  id: number;
  email: string;
  /** `scrypt$N$r$p$salt$hash` (see passwords.ts); never the password. */
  passwordHash: string;
  /** Set by `touchpoint user create` (a one-time password) until the user picks their own. */
  mustChangePassword: boolean;
  createdAt: number;
  lastSignInAt: number | null;
}

/**
 * A user's role on one project, or on every project (`projectId` null: `touchpoint user
 * create` without `--project`, which covers projects made later too). A row for one project
 * overrides the one for every project; `none` there means no role on that project.
 */
export interface Membership {
  projectId: number | null;
  role: Role | 'none';
}

/** A member of a project as the owners see them: the role that applies there. */
export interface ProjectMember {
  email: string;
  role: Role;
  lastSignInAt: number | null;
}

/** A pending invitation to a project (only the hash of its token is kept). */
export interface Invitation {
  hash: string;
  email: string;
  projectId: number;
  role: Role;
  createdAt: number;
  expiresAt: number;
}

/**
 * Dashboard users, their roles per project, their sign-in sessions and invitations. Tokens
 * (sessions, invitations) are kept as hashes only, passwords as scrypt hashes only.
 */
export interface UserStore {
  /** Creates a user; throws when the email is taken. */
  createUser(user: { email: string; passwordHash: string; mustChangePassword: boolean; createdAt: number }): Promise<User>;
  /** The user with this (lower-case) email, or undefined. */
  userByEmail(email: string): Promise<User | undefined>;
  /** Replaces a user's password hash. */
  setPassword(userId: number, passwordHash: string, mustChangePassword: boolean): Promise<void>;
  /** The user's membership rows (see {@link Membership}). */
  memberships(userId: number): Promise<Membership[]>;
  /**
   * Gives the user `role` on the project (null: every project), or with `role` null takes
   * their role on that project away (a role on every project then no longer applies there).
   * Refused, changing nothing, when it would leave a project whose owner the user is now
   * without an owner: `'last-owner'`.
   */
  setMembership(userId: number, projectId: number | null, role: Role | null): Promise<'ok' | 'last-owner'>;
  /** The users with a role on the project, by email. */
  projectMembers(projectId: number): Promise<ProjectMember[]>;
  /** Keeps a new session's hash (expired sessions are cleared on the way) and records the sign-in. */
  createSession(session: { hash: string; userId: number; createdAt: number; expiresAt: number }): Promise<void>;
  /**
   * The user of a session that has neither expired (`expiresAt`) nor been idle for `idleMs`,
   * marking it used at `now`; undefined otherwise.
   */
  useSession(hash: string, now: number, idleMs: number): Promise<User | undefined>;
  /** Ends one session. */
  endSession(hash: string): Promise<void>;
  /** Ends every session of the user but `exceptHash`'s; answers how many ended. */
  endUserSessions(userId: number, exceptHash?: string): Promise<number>;
  /** Keeps an invitation, replacing the pending ones of the same email to the same project (expired ones are cleared). */
  saveInvitation(invitation: Invitation): Promise<void>;
  /** A pending, unexpired invitation, or undefined. */
  invitation(hash: string, now: number): Promise<Invitation | undefined>;
  /** Takes a pending, unexpired invitation (so it can be used once): undefined when another took it first, or it expired. */
  takeInvitation(hash: string, now: number): Promise<Invitation | undefined>;
  /** The project's pending, unexpired invitations, by email. */
  pendingInvitations(projectId: number, now: number): Promise<Invitation[]>;
  /** Drops the pending invitations of this email to the project; answers how many there were. */
  dropInvitations(projectId: number, email: string): Promise<number>;
}

/** Events as received: stored once, read back raw, per user (the profile) and per account, erased with their user. */
export interface EventStore {
  /**
   * Stores the rows of one request atomically: all or none. A row whose messageId is
   * already stored for the project is skipped. Each new row's facts (`factsOf`) are recorded
   * in the same transaction. `clientDropped` adds to the counts, by reason, of messages
   * senders reported losing.
   */
  insertEvents(projectId: number, rows: readonly EventRow[], clientDropped?: Drops): Promise<InsertResult>;
  /**
   * Stored events, newest first (by time, then the latest received first; each stored
   * once), at most `limit` a page: each message as received, with `timestamp` corrected
   * for clock skew, the sender's own as `originalTimestamp`, and `receivedAt`.
   */
  queryEvents(projectId: number, query: EventQuery): Promise<EventPage>;
  /**
   * The user an anonymous id belongs to: the user id of the first stored event (in the order
   * they were stored) that carries both. A later claim (another user's identify with the same
   * anonymous id) does not take it over. Undefined while it is still anonymous.
   */
  userOfAnonymousId(projectId: number, anonymousId: string): Promise<string | undefined>;
  /** Which of `anonymousIds` belong to a user (`userOfAnonymousId` is defined): one read for a page of people. */
  identifiedAnonymousIds(projectId: number, anonymousIds: readonly string[]): Promise<Set<string>>;
  /** How many messages senders lost before they could be delivered, by reason. */
  clientDropped(projectId: number): Promise<Drops>;
  /** The user's tracked events since `since` (ms), counted per name and UTC day; only those named `events` when given. */
  dailyCounts(projectId: number, who: ProfileKey, since: number, events?: readonly string[]): Promise<DailyCount[]>;
  /** The user's tracked events of all time, counted per name. */
  eventTotals(projectId: number, who: ProfileKey): Promise<Array<{ event: string; count: number }>>;
  /** When the user last used each feature (`Feature Used` events), ms by feature id. */
  featuresUsed(projectId: number, who: ProfileKey): Promise<Record<string, number>>;
  /** The user's content lifecycle events (shown, completed, dismissed…), newest time and count per content. */
  contentFacts(projectId: number, who: ProfileKey): Promise<ContentFact[]>;
  /** An account's latest stored events (those carrying its id), newest first, at most `limit`; shaped as `queryEvents`'s. */
  accountEvents(projectId: number, accountId: string, limit: number): Promise<Record<string, unknown>[]>;
  /**
   * Stored `Element Clicked` events after `after` (from the first without it), at most `limit`,
   * in a stable order (by time): the raw material of retroactive features.
   */
  clicksAfter(projectId: number, after: ClickCursor | undefined, limit: number): Promise<ClickPage>;
  /**
   * Erases a user: their events (under the user id and every anonymous id those events
   * carried), their rollup rows, their experiment exposures and conversions (taken out of
   * the per-variant counts), their person (journeys' facts). Their profile is computed from
   * events, so it goes with them. Answers the keys erased (the user id and the anonymous ids),
   * for the metadata side to forget them too.
   */
  deleteUser(projectId: number, userId: string): Promise<{ events: number; keys: string[] }>;
  /**
   * The keys `deleteUser` erases (the user id and every anonymous id their events carry),
   * read before anything is erased, so the metadata side can forget them first and an
   * erasure that fails midway can run again.
   */
  erasureKeys(projectId: number, userId: string): Promise<string[]>;
}

/** The report facts recorded at ingest (see facts/event-facts.ts), and the reports read from them. */
export interface ReportStore {
  /**
   * Distinct users over a day range, from the daily rollup kept at ingest, per key of one
   * kind: `active` (key ""), `event` (event name), `feature` (feature id), `flow` (see
   * `flowKey`). With `tier`, only users whose account had that tier.
   */
  distinctUsers(projectId: number, kind: RollupKind, keys: readonly string[], range: DayRange, tier?: string): Promise<Map<string, number>>;
  /** Distinct users over a day range counted under any of `keys` (each a rollup kind and key), each user once; `tier` as in `distinctUsers`. */
  distinctUsersOfAny(projectId: number, keys: ReadonlyArray<{ kind: RollupKind; key: string }>, range: DayRange, tier?: string): Promise<number>;
  /** Counts users as having used features on the days of the given clicks (the feature rollup only). */
  addFeatureUses(projectId: number, uses: ReadonlyArray<{ featureId: string; click: StoredClick }>): Promise<void>;
  /** Users exposed and converted per variant of an experiment (from the tables kept at ingest). */
  experimentCounts(projectId: number, experimentId: string): Promise<VariantCounts[]>;
  /**
   * Per user active in the range (userId, else anonymousId: the `active` rollup), how often they
   * did `event` on its days (the per-user daily counts kept at ingest; 0 when never). The
   * holdout report's read. Preview tabs' events count for nothing, as in every report.
   */
  eventsPerUser(projectId: number, event: string, range: DayRange): Promise<Array<{ key: string; count: number }>>;
  /** Per UTC day of the range: distinct active users and events counted (both from the rollups kept at ingest; no preview tab's). */
  dailyActivity(projectId: number, range: DayRange): Promise<Array<{ day: number; activeUsers: number; events: number }>>;
  /** How many answers of survey `surveyId` gave each score, between `from` and `to` (ms). */
  surveyScores(projectId: number, surveyId: string, from: number, to: number): Promise<Array<{ score: unknown; count: number }>>;
  /**
   * Target health over a day range (of the steps of `flowId` only, when given): per step and
   * day, views and misses; per step, page and day, the misses. Days without either are absent.
   */
  stepHealth(projectId: number, range: DayRange, flowId?: string): Promise<{ days: StepDay[]; pages: TargetMissPage[] }>;
  /** The newest survey comments and text answers, with their score. */
  surveyComments(projectId: number, surveyId: string, from: number, to: number, limit: number): Promise<Array<{ text: string; score: unknown; at: number }>>;
}

/** Accounts as the events tell them: tier and traits from group calls, their users, their activity. */
export interface AccountStore {
  /** An account's tier and traits (from group calls), or undefined when no group call named it. */
  account(projectId: number, accountId: string): Promise<{ tier: string | null; traits: Record<string, unknown> } | undefined>;
  /** The traits of those of `accountIds` a group call named, in one read (a page of a journey run's people). */
  accountTraits(projectId: number, accountIds: readonly string[]): Promise<Map<string, Record<string, unknown>>>;
  /** The users seen in an account (in events carrying its id), last seen first, at most `limit`, and how many there are. */
  accountUsers(projectId: number, accountId: string, limit: number): Promise<{ users: AccountUser[]; total: number }>;
  /** Per account with activity in the range: active days and per key (`event:…`, `feature:…`) the count. */
  accountWindows(
    projectId: number,
    range: DayRange,
  ): Promise<Array<{ accountId: string; tier: string | null; activeDays: number; counts: Record<string, number> }>>;
  /** One account's activity in a day range: active days and per key (`event:…`, `feature:…`) the count. */
  accountWindow(projectId: number, accountId: string, range: DayRange): Promise<{ activeDays: number; counts: Record<string, number> }>;
}

/** Accounts' health scores and the alert outbox (kept in the same store as the scores: an alert is never lost). */
/** Which outbox jobs `listAlerts` answers. */
export interface ListAlertsOptions {
  /** Webhooks only: no `mailto:` job (journey emails are not alerts). */
  alerts?: boolean;
  /** At most this many, the newest. */
  limit?: number;
}

export interface HealthStore {
  /**
   * Saves today's health of each account (one row per account and day); returns the last score
   * saved before, per account. `raise`, when given, is handed those last scores and names the
   * alerts they call for: they are queued in the outbox (at `at`, ms) in the same transaction
   * as the scores, so scores are never saved without the alerts their fall raised.
   */
  saveHealth(
    projectId: number,
    records: readonly HealthRecord[],
    raise?: (before: ReadonlyMap<string, number>) => readonly NewAlert[],
    at?: number,
  ): Promise<Map<string, number>>;
  /** The newest health record of each account. */
  latestHealth(projectId: number): Promise<HealthRecord[]>;
  /** Saved scores since a UTC day (days since the epoch), oldest first: the dashboard's sparklines. */
  healthHistory(projectId: number, sinceDay: number): Promise<Array<{ accountId: string; day: number; score: number }>>;
  /** One account's saved health since a UTC day, oldest first (the last is its latest). */
  accountHealth(projectId: number, accountId: string, sinceDay: number): Promise<HealthRecord[]>;
  /** Queues a webhook, in the same store as the scores: an alert is never lost. An alert whose id is queued already is kept once. */
  enqueueAlert(alert: NewAlert, at: number): Promise<void>;
  /**
   * Claims the alert due soonest (its first or next try is at or before `now`) for one
   * delivery attempt, atomically: no other process or call gets it until `leaseUntil`.
   * Undefined when none is due. The claim is kept in the alert's `next_at`, so a process
   * killed mid-delivery leaves an alert that comes due again when its lease runs out.
   */
  claimAlert(now: number, leaseUntil: number, options?: ClaimOptions): Promise<(OutboxAlert & { lease: number }) | undefined>;
  /**
   * Marks a claimed alert sent, or schedules its next try, or settles it for good unsent
   * (`droppedAt`: a journey email whose user unsubscribed after it was queued; kept as
   * settled at that time with `lastError` saying why); only while the claim `lease` is still
   * the alert's (a claim that ran out and was taken by another process settles nothing).
   */
  settleAlert(id: string, lease: number, result: { sentAt: number } | { nextAt: number; error: string } | { droppedAt: number; reason: string }): Promise<void>;
  /** The addresses the project's journey emails to the user (by user key) went to, sent or waiting: for unsubscribe links that name no address. */
  emailAddressesOf(projectId: number, userKey: string): Promise<string[]>;
  /** The ids of the project's journey emails queued to `address` (case aside) since `since` (ms), sent or not: the weekly cap per address. */
  emailsQueuedTo(projectId: number, address: string, since: number): Promise<string[]>;
  /**
   * A project's outbox jobs, newest first (for the dashboard and tests): all, or with
   * `alerts` only the webhooks (journey emails left out, bodies unread), the newest `limit`.
   */
  listAlerts(
    projectId: number,
    options?: ListAlertsOptions,
  ): Promise<Array<{ id: string; url: string; body: string; attempts: number; sentAt: number | null; lastError: string | null }>>;
}

/** A person with the number of their last change (see {@link PersonStore}). */
export interface StoredPerson extends Person {
  changed: number;
}

/** A page of people; `next` reads the following page (absent on the last). */
export interface PeoplePage {
  people: StoredPerson[];
  next?: string;
}

/**
 * The per-user facts journeys evaluate (facts/event-facts.ts, recorded at ingest, erased with
 * the user), read a page at a time. Each write to a person gives them the project's next
 * `changed` number: a run reads the people changed since its cursor.
 */
export interface PersonStore {
  /** The project's highest `changed` number now (0 with no people): where a run's reads of changes stop. */
  peopleCursor(projectId: number): Promise<number>;
  /** The people whose last change is in (since, upTo], in change order; `after` is the previous page's `next`. */
  peopleChanged(projectId: number, since: number, upTo: number, after: string | undefined, limit: number): Promise<PeoplePage>;
  /** The people last seen in [from, to) (ms), in last-seen order (an indexed range). */
  peopleLastSeen(projectId: number, from: number, to: number, after: string | undefined, limit: number): Promise<PeoplePage>;
  /** Every person, by key. */
  allPeople(projectId: number, after: string | undefined, limit: number): Promise<PeoplePage>;
  /** Per person of `keys` and event of `events`: the UTC days they did it and how often (the per-user daily counts). */
  personEventDays(
    projectId: number,
    keys: readonly string[],
    events: readonly string[],
  ): Promise<Map<string, Map<string, Array<[day: number, count: number]>>>>;
  /** Per person of `keys` and feature of `features`: the last UTC day they used it (the feature rollup). */
  personFeatureDays(projectId: number, keys: readonly string[], features: readonly string[]): Promise<Map<string, Map<string, number>>>;
  /**
   * Per query, in their order, the time of the user's first event (named `event` when given)
   * with `after < t ≤ until`, exactly (not by day); undefined when none. A page's goal checks in
   * one read (a statement per event name), not one a user.
   */
  firstEventsBetween(projectId: number, queries: readonly FirstEventQuery[]): Promise<Array<number | undefined>>;
}

/** One goal check of {@link PersonStore.firstEventsBetween}: the user's first event (named `event` when given) in (after, until]. */
export interface FirstEventQuery {
  userKey: string;
  after: number;
  until: number;
  event?: string;
}

/** Where a journey's runs are: when it last ran, its cursor into the people's changes, its last full pass (ms), what it evaluated. */
export interface JourneyRunState {
  ranAt: number;
  cursor: number;
  fullAt: number;
  /** The audience it evaluated (its fingerprint): an edited audience is evaluated over everyone. */
  audience: string;
}

/** What a journey remembers of a user, with how many times they entered (an entry's number makes its id). */
export interface StoredJourneyMemory extends JourneyMemory {
  entries: number;
}

/** What came of an entry: an action taken, none for the holdout, or skipped with a reason (`capped`, `no-mailer`…). */
export type JourneyOutcome = 'acted' | 'holdout' | 'skipped';

/** An entry as kept: the record, the action's kind and outcome, and when the user converted (reached the goal). */
export interface StoredJourneyEntry extends JourneyEntryRecord {
  action: 'email' | 'show' | 'webhook';
  outcome: JourneyOutcome;
  reason?: string;
  convertedAt?: number;
}

/** One page of a run's decisions, saved in one transaction: nothing of a page is kept without the rest. */
export interface JourneyPage {
  /** The memories to keep (null: forget the user: nothing worth keeping). */
  memories: ReadonlyArray<{ userKey: string; memory: StoredJourneyMemory | null }>;
  entries: readonly StoredJourneyEntry[];
  /** Entries that reached the goal, at the exact time of the event. */
  conversions: ReadonlyArray<{ id: string; at: number }>;
  /** Outbox jobs (webhooks, emails), each under its entry's id. */
  jobs: readonly NewAlert[];
}

/** A journey's results (CONTRACT §6): entries, actions, conversions, the holdout's, skips by reason. */
export interface JourneyCounts {
  entered: number;
  acted: number;
  /**
   * Of those acted on, the entries whose email or webhook the outbox settled unsent for good
   * (the mail server refused the address, the user or the address unsubscribed after it was
   * queued): acted on, never delivered.
   */
  undelivered: number;
  /** Entries outside the holdout that converted, acted on or skipped (intention-to-treat). */
  converted: number;
  holdout: { entered: number; converted: number };
  skipped: Record<string, number>;
  /**
   * The same by user, each counted once however often they entered (what the comparison with
   * the holdout is made on: independent units): a user is in the group of their first entry,
   * and converted when any of their entries converted.
   */
  users: { entered: number; converted: number; holdout: { entered: number; converted: number } };
}

/** Journeys' state (issue 19), kept with the other metadata and the outbox, so a page of decisions and its jobs commit together. */
export interface JourneyStore {
  journeyRun(projectId: number, journeyId: string): Promise<JourneyRunState | undefined>;
  saveJourneyRun(projectId: number, journeyId: string, state: JourneyRunState): Promise<void>;
  /** The memories of those of `keys` the journey remembers. */
  journeyMemories(projectId: number, journeyId: string, keys: readonly string[]): Promise<Map<string, StoredJourneyMemory>>;
  /** The not yet converted entries of `keys` into the journey since `since` (ms). */
  openJourneyEntries(projectId: number, journeyId: string, keys: readonly string[], since: number): Promise<StoredJourneyEntry[]>;
  /** Per user of `keys`, the journey emails acted on (queued) since `since` (ms), across journeys: the weekly cap. */
  journeyEmailsSince(projectId: number, keys: readonly string[], since: number): Promise<Map<string, number>>;
  /** Saves a page of a run (memories, entries, conversions, outbox jobs queued at `at`) in one transaction. */
  saveJourneyPage(projectId: number, journeyId: string, page: JourneyPage, at: number): Promise<void>;
  /** A journey's counts and its newest `recent` entries. */
  journeyReport(projectId: number, journeyId: string, recent: number): Promise<JourneyCounts & { recent: StoredJourneyEntry[] }>;
  /** The user's latest entry into each journey. */
  latestJourneyEntries(projectId: number, userKey: string): Promise<StoredJourneyEntry[]>;
  /** Erases what journeys keep of these user keys (a user's erasure). */
  forgetJourneyUsers(projectId: number, keys: readonly string[]): Promise<void>;
}

/**
 * Who asked for no more journey email (CONTRACT §6: every email has an unsubscribe link), and
 * the installation's secret that signs those links. Kept with the other shared state (the
 * metadata side): every collector of an installation honours an unsubscribe at once.
 * Unsubscribes are kept per user (erased with the user) and per address (the suppression
 * list: an HMAC of the address, never erased with a user, so a re-import is not written to).
 */
export interface UnsubscribeStore {
  /** Records that the user (by rollups' user key) wants no more journey email; the first time is kept. */
  unsubscribe(projectId: number, userKey: string, at: number): Promise<void>;
  /** When the user unsubscribed (ms), or undefined. */
  unsubscribedAt(projectId: number, userKey: string): Promise<number | undefined>;
  /** Puts an address (its `addressKey`) on the suppression list of `scope` (`suppressionScope`); the first time is kept. */
  suppressAddress(scope: number, addressKey: string, at: number): Promise<void>;
  /** When the address went on the suppression list of `scope` (ms), or undefined. */
  addressSuppressedAt(scope: number, addressKey: string): Promise<number | undefined>;
  /** Erases the user's own unsubscribe (with the rest of the user's data; the address stays suppressed); how many rows went. */
  eraseUnsubscribe(projectId: number, userKey: string): Promise<number>;
  /**
   * Erases the outbox jobs of journeys for these user keys, sent or waiting: emails (each holds
   * the address and what was written) and webhooks (each names the user key), so an erased
   * user is not written to or about after all; how many went.
   */
  eraseJourneyJobs(projectId: number, userKeys: readonly string[]): Promise<number>;
  /**
   * The secret that signs unsubscribe links and names addresses on the suppression list: made
   * at random on first use and kept, the same for every collector of the installation and
   * through every rotation of projects' keys, so a link in a sent email keeps working.
   */
  unsubscribeSecret(): Promise<string>;
}

/**
 * What the scaled installation (CONTRACT §9) keeps in PostgreSQL: shared state that is small,
 * changed by people, and must be transactional.
 */
export interface MetadataStore extends ProjectStore, ContentStore, AccessTokenStore, HealthStore, AuditStore, UserStore, JourneyStore, UnsubscribeStore {}

/** What the scaled installation keeps in ClickHouse: events and every fact the reports read. */
export interface EventSideStore extends EventStore, ReportStore, AccountStore, PersonStore {}

/** Every aggregate, with the storage's lifecycle: for the server and the CLI, which need them all. */
export interface Store extends MetadataStore, EventSideStore {
  /**
   * Throws when the storage cannot take a write now (a read-only file, a full disk, a lock
   * held too long): the collector refuses to start on it, and `/readyz` reports it.
   */
  checkWritable(): Promise<void>;
  close(): Promise<void>;
}

/**
 * An engine's failure that means the storage is unusable now (down, unreachable, read-only,
 * full, overloaded), thrown by engines whose errors say so only through their own client's
 * types (ClickHouse's): the server answers it with 503 and Retry-After like SQLite's codes.
 */
export class StorageUnavailableError extends Error {}

// SQLite's result codes for trouble with the storage itself (extended codes share the prefix).
const STORAGE_CODES = /^SQLITE_(READONLY|FULL|IOERR|BUSY|LOCKED|CANTOPEN|CORRUPT|NOTADB|PERM|NOLFS)/;
// PostgreSQL's (SQLSTATE): connection exceptions (08…), a read-only transaction (25006),
// insufficient resources (53…: disk full, out of memory, too many connections), operator
// intervention (57P0…: shutting down, cannot connect now), a statement timeout or lock wait
// (57014, 55P03), serialization and deadlock (40001, 40P01); and the network's own.
const POSTGRES_CODES = /^(08...|25006|53...|57P0.|57014|55P03|40001|40P01|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN)$/;

/**
 * Whether an error comes from the storage being unusable (unwritable, full, locked, gone)
 * rather than from a bug: the collector answers those with 503 and Retry-After.
 */
export function isStorageError(error: unknown): boolean {
  if (error instanceof StorageUnavailableError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (STORAGE_CODES.test(code) || POSTGRES_CODES.test(code))) return true;
  // pg's pool: no connection could be had in time, or the connection ended under a query.
  const message = error instanceof Error ? error.message : '';
  return /^(timeout exceeded when trying to connect|Connection terminated)/.test(message);
}
