import type { ContentCache } from '../../content-cache.js';
import type { HealthStore, UnsubscribeStore } from '../../store/store.js';
import type { PlanEmail } from '../contracts.js';
import { DEFAULT_EMAILS_PER_WEEK } from '../decide-page.js';
import { addressKey, suppressionScope } from './address-key.js';
import { emailAddressOf } from './email-address.js';
import { mailtoUrl, type EmailMessage } from './email-message.js';
import { renderEmail } from './render-email.js';
import { unsubscribeLink } from './unsubscribe-link.js';

const WEEK = 7 * 86_400_000;

export interface EmailPlannerOptions {
  store: Pick<UnsubscribeStore, 'unsubscribedAt' | 'addressSuppressedAt' | 'unsubscribeSecret'> & Pick<HealthStore, 'emailsQueuedTo'>;
  /** Where people reach this collector (`serve --public-url`): the base of unsubscribe links. */
  publicUrl: () => string;
  /** The sender (`serve --mail-from`), recorded in the queued message. */
  mailFrom?: string;
  /** The published content, for the document's fallback locale (`settings.locale`) and weekly cap (`settings.emailsPerWeek`). */
  content?: Pick<ContentCache, 'get'>;
  /** Told once when an email is queued that no SMTP server of this collector will send. */
  onQueued?: () => void;
}

/**
 * The email action of journeys: for one entry, the user's address (the trait `action.email.to`
 * names, `trait:email` by default), unless they unsubscribed or the address is on the project's
 * suppression list (whichever user key it was unsubscribed under); the message rendered in their
 * language with its one-click unsubscribe link (in the body and in `List-Unsubscribe`, RFC
 * 8058), queued as an outbox job `mailto:ADDRESS` with the entry's id, so one entry never
 * queues two emails. The weekly cap (`settings.emailsPerWeek`), which the run checks per user
 * key, is checked here per address too: two user keys with one address share it. Skipped
 * entries say why: `no-address`, `unsubscribed`, `capped`.
 */
export function createEmailPlanner(o: EmailPlannerOptions): PlanEmail {
  // A planner serves one run (the journey service makes one per run): the secret is read
  // once, not per email, and `planned` covers the run's emails in the page not yet saved.
  let secret: Promise<string> | undefined;
  // The emails this run planned per project and address (lowercased), saved or still in the page being decided.
  const planned = new Map<string, Set<string>>();
  return async ({ project, journey, entry, person, now }) => {
    if (!('email' in journey.action)) throw new Error(`journey ${journey.id} does not send email`);
    const { email } = journey.action;
    const to = emailAddressOf(person.traits, email.to);
    if (!to) return { outcome: 'skipped', reason: 'no-address' };
    secret ??= o.store.unsubscribeSecret();
    const address = { scope: suppressionScope(project), key: addressKey(to, await secret) };
    if ((await o.store.unsubscribedAt(project.id, person.key)) !== undefined || (await o.store.addressSuppressedAt(address.scope, address.key)) !== undefined)
      return { outcome: 'skipped', reason: 'unsubscribed' };
    const link = unsubscribeLink(o.publicUrl(), { projectId: project.id, userKey: person.key, address }, await secret);
    const settings = o.content && (await o.content.get(project.id)).doc?.settings;
    const mine = `${project.id} ${to.toLowerCase()}`;
    const week = new Set([...(await o.store.emailsQueuedTo(project.id, to, now - WEEK)), ...(planned.get(mine) ?? [])]);
    if (week.size >= (settings?.emailsPerWeek ?? DEFAULT_EMAILS_PER_WEEK)) return { outcome: 'skipped', reason: 'capped' };
    planned.set(mine, week.add(entry.id));
    const fallback = settings?.locale;
    const locale = typeof person.traits.locale === 'string' && person.traits.locale ? person.traits.locale : undefined;
    const rendered = renderEmail({ subject: email.subject, body: email.body, locale, fallback, unsubscribeUrl: link });
    const message: EmailMessage = {
      projectId: project.id,
      userKey: person.key,
      journeyId: journey.id,
      entryId: entry.id,
      ...(o.mailFrom && { from: o.mailFrom }),
      to,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    };
    o.onQueued?.();
    return { outcome: 'acted', job: { id: entry.id, projectId: project.id, url: mailtoUrl(to), body: JSON.stringify(message) } };
  };
}
