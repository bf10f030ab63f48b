/** The NOTIFY channel of content publishes (and rollbacks, which publish): the payload is the project id. */
export const CONTENT_CHANNEL = 'touchpoint_content';
/** The NOTIFY channel of project changes (a project created, its keys rotated): the payload is the project id. */
export const PROJECTS_CHANNEL = 'touchpoint_projects';
