/**
 * The roles of CONTRACT §8, each including the ones before it: `viewer` reads reports,
 * events and content; `editor` also edits the draft, previews and builds; `publisher` also
 * publishes, rolls back and erases users; `owner` also manages users, keys and projects.
 * The project's secret key acts as `owner`.
 */
export const ROLES = ['viewer', 'editor', 'publisher', 'owner'] as const;

export type Role = (typeof ROLES)[number];

/** Whether `role` includes `needed`. */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
