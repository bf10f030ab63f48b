/** The NOTIFY channel of content publishes (and rollbacks, which publish): the payload is the project id. */
export const CONTENT_CHANNEL = 'touchpoint_content';
