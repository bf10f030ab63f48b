/**
 * The seams between the parts of journeys (CONTRACT §6, issue 19), fixed first so the runner,
 * the email channel, the profile's `show` and the dashboard are built against one shape.
 */
import type { Journey } from '@touchpoint/content';
import type { NewAlert, Project } from '../store/store.js';

/** A user as journeys see them: the facts the collector keeps per user at ingest. */
export interface Person {
  /** The rollups' user key: the user id, else the anonymous id. */
  key: string;
  userId?: string;
  /** The user's traits, merged from their identify calls as the SDK merges them. */
  traits: Record<string, unknown>;
  /** The account of the user's latest event carrying one. */
  accountId?: string;
  /** First and last event time (ms), preview tabs' events left out. */
  firstSeen: number;
  lastSeen: number;
}

/** One entry of a user into a journey, as recorded by a run. */
export interface JourneyEntryRecord {
  /** Stable: `journeyId`, user key and entry number; an outbox job made for it reuses it as its id (Idempotency-Key). */
  id: string;
  journeyId: string;
  userKey: string;
  enteredAt: number;
  /** In the journey's or the document's holdout: entered, counted, no action. */
  holdout: boolean;
}

/** What a run hands an action for one entry. */
export interface ActionContext {
  project: Project;
  journey: Journey;
  entry: JourneyEntryRecord;
  person: Person;
  now: number;
}

/**
 * What an action decided for an entry: acted (with the outbox job to queue in the same
 * transaction as the entry, if any), or skipped with a reason the report shows
 * (`unsubscribed`, `no-address`, `capped`…).
 */
export type ActionPlan = { outcome: 'acted'; job?: NewAlert } | { outcome: 'skipped'; reason: string };

/**
 * Plans an email for one entry: the rendered message queued in the outbox as a job whose
 * `url` is `mailto:ADDRESS` and whose `body` is the JSON of the message; the outbox posts
 * `http(s):` jobs as webhooks and sends `mailto:` jobs through SMTP.
 */
export type PlanEmail = (context: ActionContext) => Promise<ActionPlan>;
