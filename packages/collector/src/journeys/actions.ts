import type { Journey } from '@touchpoint/content';
import type { StoredJourneyEntry } from '../store/store.js';
import type { ActionContext, ActionPlan, PlanEmail } from './contracts.js';

/** The kind of a journey's action, as entries record it. */
export function actionKind(journey: Pick<Journey, 'action'>): StoredJourneyEntry['action'] {
  return 'email' in journey.action ? 'email' : 'show' in journey.action ? 'show' : 'webhook';
}

/**
 * The body a journey's webhook posts (signed and retried by the outbox as health alerts are):
 * which journey, which user, when they entered, and the entry (also the Idempotency-Key).
 * Deliberately minimal: the receiver asks the API for anything else, under its own key.
 */
export function webhookBody(context: Pick<ActionContext, 'journey' | 'entry'>): string {
  return JSON.stringify({
    journey_id: context.journey.id,
    user_key: context.entry.userKey,
    entered_at: new Date(context.entry.enteredAt).toISOString(),
    entry_id: context.entry.id,
  });
}

/** How a run acts on entries outside the holdout. */
export interface ActionOptions {
  /** Plans an email (the email channel); without it, email entries are skipped as `no-mailer`. */
  planEmail?: PlanEmail;
}

/**
 * What to do for one entry outside the holdout: `show` needs nothing queued (the profile
 * reads the entry), `webhook` queues a signed post under the entry's id, `email` is planned by
 * the email channel (the weekly cap is checked by the run before, across the page).
 */
export async function planAction(context: ActionContext, options: ActionOptions): Promise<ActionPlan> {
  const { action } = context.journey;
  if ('show' in action) return { outcome: 'acted' };
  if ('webhook' in action) {
    return { outcome: 'acted', job: { id: context.entry.id, projectId: context.project.id, url: action.webhook, body: webhookBody(context) } };
  }
  if (!options.planEmail) return { outcome: 'skipped', reason: 'no-mailer' };
  const plan = await options.planEmail(context);
  // One job per entry, whatever the planner named it: the entry's id is the job's (nothing sent twice).
  return plan.outcome === 'acted' && plan.job ? { outcome: 'acted', job: { ...plan.job, id: context.entry.id, projectId: context.project.id } } : plan;
}
