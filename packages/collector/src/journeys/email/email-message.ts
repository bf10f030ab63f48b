/**
 * A journey email as queued in the outbox: the job's `body` is this object's JSON, its `url`
 * is `mailto:` and the address. Everything needed to send it is here, rendered when the
 * entry was recorded, so a retry sends exactly what the first try did.
 */
export interface EmailMessage {
  /** The project and user it is for: delivery checks again that the user has not unsubscribed since. */
  projectId: number;
  userKey: string;
  journeyId: string;
  /** The journey entry that sent it (the outbox job's id). */
  entryId: string;
  /** The sender the queuing collector had (`--mail-from`), for the record: it goes out as the sending collector's own, which its relay accepts. */
  from?: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058). */
  headers: Record<string, string>;
}

/** The `url` of the outbox job that sends an email to `address`. */
export const mailtoUrl = (address: string): string => `mailto:${address}`;

/** The address of a `mailto:` job's url, or undefined for another kind of job. */
export const mailtoAddress = (url: string): string | undefined => (url.startsWith('mailto:') ? url.slice('mailto:'.length) : undefined);

/** Reads a queued email job's body; throws (a job that can never be sent) when it is not one. */
export function parseEmailMessage(body: string): EmailMessage {
  const message = JSON.parse(body) as Partial<EmailMessage>;
  for (const key of ['userKey', 'to', 'subject', 'text', 'html'] as const)
    if (typeof message[key] !== 'string') throw new Error(`the queued email has no ${key}`);
  if (!Number.isSafeInteger(message.projectId)) throw new Error('the queued email names no project');
  return message as EmailMessage;
}
