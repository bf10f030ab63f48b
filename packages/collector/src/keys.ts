import { randomBytes } from 'node:crypto';

/** A new write key: public, goes into the page. */
export function newWriteKey(): string {
  return `wk_${randomBytes(18).toString('base64url')}`;
}

/** A new secret key: private, for servers and the dashboard. */
export function newSecretKey(): string {
  return `sk_${randomBytes(24).toString('base64url')}`;
}
