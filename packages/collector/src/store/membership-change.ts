import type { Role } from '../roles.js';

/** A membership row's role: a role, or `none` (no role on that project despite one on every project). */
export type MembershipRole = Role | 'none';

/** The project id under which a role on every project is kept (no project has it: ids start at 1). */
export const EVERY_PROJECT = 0;

/**
 * What `setMembership` on one project does, decided once for every engine from the user's row
 * for that project (`own`) and for every project (`every`): the row to write (undefined: delete
 * it), and whether the change takes an owner away (then another owner must remain).
 */
export function membershipChange(own: MembershipRole | undefined, every: MembershipRole | undefined, role: Role | null) {
  const before = own ?? every ?? 'none';
  // Taking the role away: with a role on every project, a `none` row keeps it off this one.
  const row: MembershipRole | undefined = role ?? (every && every !== 'none' ? 'none' : undefined);
  const after = role ?? 'none';
  return { row, removesOwner: before === 'owner' && after !== 'owner' };
}
