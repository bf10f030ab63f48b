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

/** Jobs sent at once, each to a different destination. */
const WORKERS = 4;

/**
 * Where a job goes, as far as one receiver being slow or down goes: a webhook URL's scheme and
 * authority (`https://crm.example.com:8443`), or `mailto:` for every email (one SMTP server).
 */
export function destinationOf(url: string): string {
  return /^mailto:/i.test(url) ? 'mailto:' : (/^[a-z][\w+.-]*:\/\/[^/?#]*/i.exec(url)?.[0] ?? url);
}

/**
 * The durable outbox's delivery: every job queued in the store (health and target alerts,
 * journey webhooks and emails) is sent by its `url`: `http(s):` is posted as a webhook signed
 * with the project's secret key (HMAC-SHA256 of the body), `mailto:` goes through the SMTP
 * server, checking again that neither the user nor the address (under any user key) has been
 * unsubscribed since it was queued (then it is settled unsent, with the reason, as is an email
 * whose address the server refuses for good). Each job is claimed in the store for longer than
 * a send can take (the timeout and a margin), so a second collector on the same database
 * skips it, and a collector killed mid-send leaves it to be retried once the claim runs out.
 * Up to four jobs are sent at once, never two to one destination, and a destination that
 * failed is not tried again in the same run: a receiver that hangs delays only its own jobs.
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
        // Destinations with a job in flight, or that failed in this run: no other job of theirs
        // is taken, so a receiver that hangs or is down holds up only its own jobs while the
        // other workers go on with everyone else's (health and target alerts, other webhooks).
        const away = new Set<string>();
        let claimed = 0;
        // One claim at a time, each skipping what the claims before it took.
        let claiming: Promise<unknown> = Promise.resolve();
        const claim = () => {
          const next = claiming.then(async () => {
            if (claimed >= 50) return undefined;
            const job = await store.claimAlert(wall(), wall() + timeoutMs + 5000, { email: o.mail !== undefined, skip: [...away] });
            if (!job) return undefined;
            claimed++;
            const destination = destinationOf(job.url);
            away.add(destination);
            return { job, destination };
          });
          claiming = next;
          return next;
        };
        const worker = async () => {
          for (let next = await claim(); next; next = await claim()) {
            if (await attempt(next.job, projects.get(next.job.projectId))) away.delete(next.destination);
          }
        };
        await Promise.all(Array.from({ length: WORKERS }, worker));
      } catch (e) {
        // The storage failed (read-only, full): the jobs stay queued; the next run tries again.
        o.log?.(`outbox delivery: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        delivering = undefined;
      }
    })();
    return delivering;
  }

  /** Sends a claimed job and settles it: sent, dropped for good, or retried later. False when its destination failed. */
  async function attempt(job: OutboxAlert & { lease: number }, project: Project | undefined): Promise<boolean> {
    try {
      await send(job, project);
      await store.settleAlert(job.id, job.lease, { sentAt: wall() });
      return true;
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      const to = job.url.startsWith('mailto:') ? 'email' : `to ${job.url.replace(/[?#].*$/, '')}`;
      if (e instanceof Dropped || e instanceof Undeliverable) {
        o.log?.(`outbox job ${job.id} (${to}) not sent: ${reason}`);
        await store.settleAlert(job.id, job.lease, { droppedAt: wall(), reason });
        return true;
      }
      const wait = Math.min(3_600_000, retryBase * 2 ** job.attempts);
      o.log?.(`outbox job ${job.id} (${to}): ${reason}; next try in ${Math.round(wait / 1000)} s`);
      await store.settleAlert(job.id, job.lease, { nextAt: wall() + wait, error: reason });
      return false;
    }
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
