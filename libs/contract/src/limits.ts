/** Page sizes of every list endpoint (`?limit=`). */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** Longest message body (markdown) a thread accepts. */
export const MAX_MESSAGE_LENGTH = 10_000;

/** A password chosen when accepting an invitation. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;
export const MAX_NAME_LENGTH = 120;
