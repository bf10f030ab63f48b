import { createHmac } from 'node:crypto';
import type { Project } from '../../store/store.js';

// What the MAC covers starts with this: never equal to a MAC of the same secret for another purpose.
const PURPOSE = 'touchpoint-suppressed-address-v1.';

/**
 * How the suppression list names an address: an HMAC of it, lowercased and trimmed (how
 * people and mail servers treat one mailbox in practice), with the installation's secret
 * (`UnsubscribeStore.unsubscribeSecret`). The list holds no address in plain, and nobody
 * without the secret can test an address against it.
 */
export function addressKey(address: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(PURPOSE + address.trim().toLowerCase())
    .digest('base64url');
}

/**
 * Whose suppression list a project's email honours: its production project's (a staging
 * environment shares its production's people), per project otherwise, as Customer.io and
 * Appcues keep unsubscribes per workspace: another project is another sender.
 */
export const suppressionScope = (project: Pick<Project, 'id' | 'productionId'>): number => project.productionId ?? project.id;
