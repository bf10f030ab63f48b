import { createHmac, timingSafeEqual } from 'node:crypto';

/** `HMAC-SHA256(userId, secretKey)` as hex: what a vendor's server computes for `userHash`. */
export function userHash(userId: string, secretKey: string): string {
  return createHmac('sha256', secretKey).update(userId).digest('hex');
}

/** Whether `hash` (as the client sent it: any JSON value) is the user's hash, compared in constant time. */
export function verifiesUser(hash: unknown, userId: string, secretKey: string): boolean {
  if (typeof hash !== 'string') return false;
  const given = Buffer.from(hash, 'hex');
  const expected = Buffer.from(userHash(userId, secretKey), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
