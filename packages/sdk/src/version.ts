/** Sent in every message's `context.library`. Kept in step with package.json by a test. */
export const VERSION = '0.1.0';
