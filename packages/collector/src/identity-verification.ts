import { createHmac, timingSafeEqual } from 'node:crypto';
import { validSecretKeys } from './keys.js';
import type { Project } from './store/store.js';

/** `HMAC-SHA256(userId, secretKey)` as hex: what a vendor's server computes for `userHash`. */
export function userHash(userId: string, secretKey: string): string {
  return createHmac('sha256', secretKey).update(userId).digest('hex');
}

/**
 * Whether `hash` (as the client sent it: any JSON value) is the user's hash, compared in
 * constant time. During a secret key's grace period (after a rotation) a hash made with the
 * previous secret key verifies too: servers move to the new key one by one, and pages they
 * rendered before keep their hashes until the grace period ends.
 */
export function verifiesUser(hash: unknown, userId: string, project: Pick<Project, 'secretKey' | 'previousKeys'>, now: number): boolean {
  if (typeof hash !== 'string') return false;
  const given = Buffer.from(hash, 'hex');
  let verified = false;
  // Every valid secret is tried (no early exit), so timing says nothing about which one matched.
  for (const secret of validSecretKeys(project, now)) {
    const expected = Buffer.from(userHash(userId, secret), 'hex');
    if (given.length === expected.length && timingSafeEqual(given, expected)) verified = true;
  }
  return verified;
}
