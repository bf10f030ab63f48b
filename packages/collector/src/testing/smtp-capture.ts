import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message the capture server accepted: parsed, with its raw source. */
export type CapturedMail = ParsedMail & { raw: string };

/**
 * A local SMTP server for tests that keeps every message it accepts (250). `refuse(n)`
 * answers the next n messages with a temporary failure (451), as a busy server does;
 * `hold()` never answers the next one (a send cut off mid-way): a message counts only once
 * the server said yes, as for a real one.
 */
export async function startSmtpCapture() {
  const messages: CapturedMail[] = [];
  const waiters: Array<() => void> = [];
  let refusals = 0;
  const refusedAddresses = new Set<string>();
  let holds = 0;
  const received: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 100,
    onRcptTo(address, _session, callback) {
      if (!refusedAddresses.has(address.address)) return callback();
      callback(Object.assign(new Error('No such mailbox here (test refusal)'), { responseCode: 550 }));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.splice(0).forEach((r) => r());
        if (holds > 0) return void holds--;
        if (refusals > 0) {
          refusals--;
          return callback(Object.assign(new Error('Try again later (test refusal)'), { responseCode: 451 }));
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        void simpleParser(raw).then((parsed) => {
          messages.push(Object.assign(parsed, { raw }));
          callback(null, 'queued');
          waiters.splice(0).forEach((w) => w());
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuse(n = 1) {
      refusals += n;
    },
    /** Refuses this recipient for good (550 to RCPT TO), as for a mailbox that does not exist. */
    refuseAddress(address: string) {
      refusedAddresses.add(address);
    },
    hold(n = 1) {
      holds += n;
    },
    /** Resolves once the server received a message's data (whatever it answers). */
    received: () => new Promise<void>((resolve) => received.push(resolve)),
    /** Resolves once `n` messages were accepted in all. */
    async waitFor(n: number): Promise<CapturedMail[]> {
      while (messages.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
