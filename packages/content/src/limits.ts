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

/**
 * Deepest nesting accepted in a message, counted from the message itself (`properties` is
 * level 1, `properties.a` level 2). The SDK keeps properties to 12 levels; other senders get
 * room, and nothing a client sends can make storage or a reader recurse without bound.
 */
export const MAX_JSON_DEPTH = 32;

/** Most keys accepted in one object of a message (the SDK keeps 500). */
export const MAX_OBJECT_KEYS = 1000;

/** Most items accepted in one array of a message (the SDK keeps 500). */
export const MAX_ARRAY_LENGTH = 1000;

/**
 * Most messages accepted in one batch. The SDK's whole offline queue is 1,000 messages; a
 * batch over this is refused whole, before any message is looked at.
 */
export const MAX_BATCH_MESSAGES = 2000;

/**
 * The earliest time a message may claim to have happened (2000-01-01, UTC), after the
 * collector corrects the sender's clock skew. Nothing tracked by this software is older.
 */
export const EARLIEST_TIMESTAMP = Date.UTC(2000, 0, 1);

/** How far past its receipt a message's corrected time may be: clocks drift, not by days. */
export const MAX_FUTURE_MS = 86_400_000;

/** The largest `dropped` count one request may report (a full SDK queue drops far fewer). */
export const MAX_DROPPED_PER_REQUEST = 100_000;
