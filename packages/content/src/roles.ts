/**
 * The team roles of CONTRACT §8, each including the ones before it: `viewer` reads reports,
 * events and content; `editor` also edits the draft, previews and builds; `publisher` also
 * publishes, rolls back and erases users; `owner` also manages users, keys and projects.
 * The collector enforces them (its auth plugin); the dashboard uses the same order to leave
 * out what the collector would refuse.
 */
export const ROLES = ['viewer', 'editor', 'publisher', 'owner'] as const;

export type Role = (typeof ROLES)[number];

/** Whether `role` includes `needed`. */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * A team member's password length, in characters: the collector refuses others, the dashboard
 * says the rule before it is sent. No composition rules (NIST SP 800-63B): length is what counts.
 */
export const PASSWORD_LENGTH = { min: 10, max: 200 } as const;
