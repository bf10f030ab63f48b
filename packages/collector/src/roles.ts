/** The team roles live with the other shared rules, in @touchpoint/content (the dashboard reads them too). */
export { hasRole, ROLES, type Role } from '@touchpoint/content';
