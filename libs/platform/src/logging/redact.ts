/** What stands in a log line for a token. */
export const REDACTED = '[REDACTED]';

/** `?token=` and `&token=` (the iCal feed, unsubscribe links) and the token segment of an invitation link. */
const QUERY_TOKEN = /([?&]token=)[^&#]*/gi;
const INVITATION_TOKEN = /(\/invitations\/)[^/?#]+/g;

/**
 * A URL with its capability tokens taken out. Whoever reads the logs must not be able to accept
 * an invitation, read someone's calendar or unsubscribe them.
 */
export const redactUrl = (url: string): string => url.replace(QUERY_TOKEN, `$1${REDACTED}`).replace(INVITATION_TOKEN, `$1${REDACTED}`);

interface SerializedRequest {
  url?: string;
  query?: Record<string, unknown>;
  params?: Record<string, unknown>;
  headers?: Record<string, unknown>;
}

/**
 * pino-http's request serializer, after the standard one: the URL, the parsed query and route
 * parameters and the Referer (a browser on an invitation page sends its URL) lose their tokens.
 * It copies what it changes: the standard serializer passes the live request's objects through.
 */
export function redactRequest<R extends SerializedRequest>(req: R): R {
  if (typeof req.url === 'string') req.url = redactUrl(req.url);
  if (req.query && 'token' in req.query) req.query = { ...req.query, token: REDACTED };
  if (req.params && 'token' in req.params) req.params = { ...req.params, token: REDACTED };
  const referer = req.headers?.referer;
  if (typeof referer === 'string') req.headers = { ...req.headers, referer: redactUrl(referer) };
  return req;
}
