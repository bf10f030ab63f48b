import { signUnsubscribe, type UnsubscribeSubject } from './unsubscribe-token.js';

/** The path of the unsubscribe page and of its one-click POST (`routes/unsubscribe.ts`). */
export const UNSUBSCRIBE_PATH = '/v1/unsubscribe';

/** The one-click unsubscribe link of a user's journey emails, under the collector's public URL. */
export function unsubscribeLink(publicUrl: string, subject: UnsubscribeSubject, secret: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${UNSUBSCRIBE_PATH}?t=${encodeURIComponent(signUnsubscribe(subject, secret))}`;
}
