import type { Authenticator } from '../auth-plugin.js';
import type { Role } from '../roles.js';
import type { Store } from '../store/store.js';

/**
 * Signed-in users as CONTRACT §8's sessions will bring them, for tests of roles:
 * `Cookie: session=ROLE` acts with that role in the store's first project.
 */
export function cookieSessions(store: () => Store): Authenticator {
  return async (request) => {
    const role = /session=(\w+)/.exec(request.headers.cookie ?? '')?.[1];
    if (!role) return undefined;
    const [project] = await store().listProjects();
    return project ? { project, role: role as Role, actor: `${role}@example.com` } : 'no project';
  };
}
