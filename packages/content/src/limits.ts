/**
 * Size limits of the ingest API (CONTRACT §5). The SDK trims to stay under them and the
 * collector enforces them, so both read the numbers from here.
 */

/** Largest accepted message, measured as UTF-8 bytes of its JSON. */
export const MAX_MESSAGE_BYTES = 32 * 1024;

/** Largest accepted request body. The collector answers 413 above it. */
export const MAX_REQUEST_BYTES = 500 * 1024;

/** Longest accepted event name, user id, anonymous id, group id or message id. */
export const MAX_ID_LENGTH = 256;

/**
 * How many days of daily event counts the collector's profile keeps for every event (and
 * today). Conditions may count over longer windows (up to 3650 days): for the events they
 * name, the profile goes back as far as they need (`profileHorizons`).
 */
export const PROFILE_DAYS = 400;
