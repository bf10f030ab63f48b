import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { EmailMessage } from './email-message.js';

/**
 * A send no retry can make go through: the server refused the recipient for good (a 5xx
 * answer to RCPT TO: no such mailbox, the domain takes no mail). The outbox settles it unsent.
 */
export class Undeliverable extends Error {}

/** Sends one journey email; rejects with the reason when the server did not take it ({@link Undeliverable} when never will). */
export interface MailSender {
  send(id: string, message: EmailMessage): Promise<void>;
  /** Closes the connections. */
  close(): void;
}

export interface SmtpSenderOptions {
  /** `smtp://user:password@host:587` (STARTTLS when the server offers it) or `smtps://…:465` (`serve --smtp-url`). */
  url: string;
  /** The sender of every email (`serve --mail-from`), `Name <address>` or an address. */
  from: string;
  /** One send, connection to the server's answer, must finish within this (ms): a claimed job is held a little longer. @default 10000 */
  timeoutMs?: number;
}

/**
 * The Message-ID of the email an outbox job sends: derived from the job's id, so every try of
 * one job (a retry after an error, or after a collector died mid-send) carries the same one
 * and a receiving system can recognise the second copy; at the sender's domain, as RFC 5322
 * asks.
 */
export function messageIdOf(jobId: string, from: string): string {
  const domain = /@([^\s@<>]+)>?\s*$/.exec(from)?.[1] ?? 'touchpoint.invalid';
  return `<${createHash('sha256').update(jobId).digest('hex').slice(0, 32)}@${domain}>`;
}

/**
 * Journey email through an SMTP server (nodemailer's SMTP transport, pooled: a run's emails
 * share a few connections). Each send is cut off after `timeoutMs`, so the outbox's claim on
 * the job (longer than that) never runs out while a send still goes on.
 */
export function createSmtpSender(o: SmtpSenderOptions): MailSender {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const transport = createTransport({
    ...smtpOptions(o.url),
    pool: true,
    maxConnections: 2,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  } as Parameters<typeof createTransport>[0] & { pool: true });
  return {
    async send(id, message) {
      try {
        await sendMail(id, message);
      } catch (e) {
        const { code, command, responseCode, response } = e as { code?: string; command?: string; responseCode?: number; response?: string };
        if (code === 'EENVELOPE' && command === 'RCPT TO' && responseCode !== undefined && responseCode >= 500)
          throw new Undeliverable(`the mail server refused the address for good: ${response ?? responseCode}`);
        throw e;
      }
    },
    close() {
      transport.close();
    },
  };

  async function sendMail(id: string, message: EmailMessage) {
    await transport.sendMail({
      from: o.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: message.headers,
      messageId: messageIdOf(id, o.from),
      signal: AbortSignal.timeout(timeoutMs),
    } as Parameters<typeof transport.sendMail>[0]);
  }
}

/** nodemailer's options from `--smtp-url`: smtp: (STARTTLS when offered) or smtps: (TLS from the start), with the user and password in the URL. */
function smtpOptions(url: string) {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error(`--smtp-url must start with smtp:// or smtps://, not ${parsed.protocol}`);
  const secure = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: Number(parsed.port || (secure ? 465 : 587)),
    secure,
    ...(parsed.username && { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } }),
  };
}
