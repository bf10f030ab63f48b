import { createHmac, timingSafeEqual } from 'node:crypto';

/** Whom an unsubscribe link is for: a user (by rollups' user key) of one project, and the address it was sent to. */
export interface UnsubscribeSubject {
  projectId: number;
  userKey: string;
  /**
   * The address the email went to, as the suppression list names it (`addressKey`), and the
   * project whose list it goes on (`suppressionScope`). Absent in links sent before addresses
   * were signed in: those unsubscribe the user only.
   */
  address?: { scope: number; key: string };
}

// What the MAC covers starts with this, so a MAC made with the same secret for another
// purpose can never pass for an unsubscribe token.
const PURPOSE = 'touchpoint-unsubscribe-v1.';
// 22 base64url characters: 132 bits of the HMAC, past guessing, and a shorter link.
const MAC_LENGTH = 22;
const MAX_TOKEN_LENGTH = 2048;

const mac = (secret: string, payload: string) =>
  createHmac('sha256', secret)
    .update(PURPOSE + payload)
    .digest('base64url')
    .slice(0, MAC_LENGTH);

/**
 * The token of a one-click unsubscribe link: the project and user it is for (and the address's
 * key on the suppression list), readable, and
 * an HMAC of them with the installation's secret (`UnsubscribeStore.unsubscribeSecret`). It
 * does not expire (a link in an old email must still work, RFC 8058) and does not depend on
 * the project's keys (a rotation must not break sent links).
 */
export function signUnsubscribe(subject: UnsubscribeSubject, secret: string): string {
  const fields = [subject.projectId, subject.userKey, ...(subject.address ? [subject.address.scope, subject.address.key] : [])];
  const payload = Buffer.from(JSON.stringify(fields)).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The subject of a token signed with `secret`, or why it is refused (in words for the page that says so). */
export function verifyUnsubscribe(token: string, secret: string): UnsubscribeSubject | { problem: string } {
  const refused = { problem: 'this unsubscribe link is not valid: it may have been cut or changed; use the whole link from the email' };
  if (token.length > MAX_TOKEN_LENGTH) return refused;
  const dot = token.lastIndexOf('.');
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(secret, payload));
  if (dot < 1 || given.length !== expected.length || !timingSafeEqual(given, expected)) return refused;
  try {
    const [projectId, userKey, scope, key] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
    if (Number.isSafeInteger(projectId) && typeof userKey === 'string' && userKey) {
      const subject: UnsubscribeSubject = { projectId: projectId as number, userKey };
      if (Number.isSafeInteger(scope) && typeof key === 'string' && key) subject.address = { scope: scope as number, key };
      return subject;
    }
  } catch {
    // A payload the MAC vouches for is always ours; this only guards a change of format.
  }
  return refused;
}
