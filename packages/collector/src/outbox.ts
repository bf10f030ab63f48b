import { createHmac } from 'node:crypto';
import { addressKey, suppressionScope } from './journeys/email/address-key.js';
import { mailtoAddress, parseEmailMessage } from './journeys/email/email-message.js';
import { Undeliverable, type MailSender } from './journeys/email/smtp-sender.js';
import type { HealthStore, OutboxAlert, Project, ProjectStore, UnsubscribeStore } from './store/store.js';
import { postWebhook, type WebhookPostOptions } from './webhook.js';

export interface OutboxOptions {
  store: Pick<HealthStore, 'claimAlert' | 'settleAlert'> &
    Pick<ProjectStore, 'listProjects'> &
    Pick<UnsubscribeStore, 'unsubscribedAt' | 'addressSuppressedAt' | 'unsubscribeSecret'>;
  /** First retry delay of a failed job; doubles up to an hour. @default 1000 */
  retryBaseMs?: number;
  log?: (message: string) => void;
  /** Let webhooks reach loopback, private and link-local addresses. @default false */
  allowPrivateWebhooks?: boolean;
  /** A webhook's or an email's whole exchange must finish within this (ms); a claim is held 5 s longer. @default 10000 */
  timeoutMs?: number;
  /** Name resolution for webhooks (tests give their own). @default node:dns lookup */
  lookup?: WebhookPostOptions['lookup'];
  /** Sends journey email (`serve --smtp-url`); without it, `mailto:` jobs stay queued until a collector with one takes them. */
  mail?: MailSender;
}

/** Why a job is settled for good without being sent (a retry could not change it). */
class Dropped extends Error {}

/**
 * The durable outbox's delivery: every job queued in the store (health and target alerts,
 * journey webhooks and emails) is sent by its `url`: `http(s):` is posted as a webhook signed
 * with the project's secret key (HMAC-SHA256 of the body), `mailto:` goes through the SMTP
 * server, checking again that neither the user nor the address (under any user key) has been
 * unsubscribed since it was queued (then it is settled unsent, with the reason, as is an email
 * whose address the server refuses for good). One job at a time is claimed in the store for longer than
 * a send can take (the timeout and a margin), so a second collector on the same database
 * skips it, and a collector killed mid-send leaves it to be retried once the claim runs out.
 * Delivery is therefore at least once, each try carrying the job's id (the webhook's
 * Idempotency-Key, the email's Message-ID), and a failure is retried with backoff (doubling
 * from `retryBaseMs`, at most an hour) until it goes through, across restarts. Overlapping
 * calls share one run; a run sends at most 50.
 */
export function createOutbox(o: OutboxOptions) {
  const { store } = o;
  const retryBase = o.retryBaseMs ?? 1000;
  const timeoutMs = o.timeoutMs ?? 10_000;
  // Retries run on the wall clock, whatever clock the caller's content runs on.
  const wall = () => Date.now();
  const timers: NodeJS.Timeout[] = [];
  let delivering: Promise<void> | undefined;

  async function send(job: OutboxAlert, project: Project | undefined): Promise<void> {
    const secret = project?.secretKey ?? '';
    const address = mailtoAddress(job.url);
    if (address === undefined) {
      const headers = {
        'content-type': 'application/json',
        'idempotency-key': job.id,
        'x-touchpoint-signature': `sha256=${createHmac('sha256', secret).update(job.body).digest('hex')}`,
      };
      await postWebhook(job.url, headers, job.body, { allowPrivate: o.allowPrivateWebhooks, timeoutMs, lookup: o.lookup });
      return;
    }
    let message: ReturnType<typeof parseEmailMessage>;
    try {
      message = parseEmailMessage(job.body);
    } catch (e) {
      throw new Dropped(`the queued email cannot be read (${e instanceof Error ? e.message : String(e)})`);
    }
    if ((await store.unsubscribedAt(message.projectId, message.userKey)) !== undefined) throw new Dropped('the user unsubscribed after it was queued');
    const scope = suppressionScope(project ?? { id: message.projectId, productionId: null });
    if ((await store.addressSuppressedAt(scope, addressKey(address, await store.unsubscribeSecret()))) !== undefined)
      throw new Dropped('the address unsubscribed after it was queued');
    await o.mail!.send(job.id, { ...message, to: address });
  }

  function deliver(): Promise<void> {
    delivering ??= (async () => {
      try {
        const projects = new Map((await store.listProjects()).map((p) => [p.id, p]));
        for (let sent = 0; sent < 50; sent++) {
          const job = await store.claimAlert(wall(), wall() + timeoutMs + 5000, { email: o.mail !== undefined });
          if (!job) break;
          try {
            await send(job, projects.get(job.projectId));
            await store.settleAlert(job.id, job.lease, { sentAt: wall() });
          } catch (e) {
            const reason = e instanceof Error ? e.message : String(e);
            const to = job.url.startsWith('mailto:') ? 'email' : `to ${job.url.replace(/[?#].*$/, '')}`;
            if (e instanceof Dropped || e instanceof Undeliverable) {
              o.log?.(`outbox job ${job.id} (${to}) not sent: ${reason}`);
              await store.settleAlert(job.id, job.lease, { droppedAt: wall(), reason });
              continue;
            }
            const wait = Math.min(3_600_000, retryBase * 2 ** job.attempts);
            o.log?.(`outbox job ${job.id} (${to}): ${reason}; next try in ${Math.round(wait / 1000)} s`);
            await store.settleAlert(job.id, job.lease, { nextAt: wall() + wait, error: reason });
          }
        }
      } catch (e) {
        // The storage failed (read-only, full): the jobs stay queued; the next run tries again.
        o.log?.(`outbox delivery: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        delivering = undefined;
      }
    })();
    return delivering;
  }

  return {
    deliver,
    /** Delivers now and then every second (or every `retryBaseMs` when shorter). */
    start() {
      timers.push(setInterval(() => void deliver(), Math.min(retryBase, 1000)));
      timers.forEach((t) => t.unref());
      void deliver();
    },
    /** Stops the timer and waits for the run under way. */
    async stop() {
      timers.splice(0).forEach(clearInterval);
      await delivering;
      o.mail?.close();
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
