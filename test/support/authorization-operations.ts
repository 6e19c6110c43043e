import type { ClientToServerEvents } from '../../libs/discussions/src/live/live.events';

/**
 * Which authorization matrix covers which operation (method and path, `:name` for parameters).
 * Each matrix checks that its rows are exactly its list, and
 * authorization-public-and-digests.e2e-spec.ts checks that every operation of /api/docs-json is
 * in one list: an endpoint without a matrix row fails the suite, and a row cannot drift from
 * the list. A row named `GET /api/posts/:id (group draft)` covers `GET /api/posts/:id`.
 */
export const MATRIX_OPERATIONS = {
  /** authorization.e2e-spec.ts */
  foundation: [
    'GET /api/me',
    'PATCH /api/me',
    'GET /api/threads/:id/people',
    'POST /api/markdown/preview',
    'GET /api/forums',
    'GET /api/forums/:slug',
    'PUT /api/forums/:slug/follow',
    'DELETE /api/forums/:slug/follow',
    'GET /api/cities',
    'GET /api/cities/:slug',
    'POST /api/cities',
    'PATCH /api/cities/:slug',
    'POST /api/cities/:slug/twinnings',
    'POST /api/cities/:slug/mandates',
    'PATCH /api/mandates/:id',
    'GET /api/governance/executive-committee',
    'GET /api/network',
    'POST /api/invitations',
    'GET /api/forums/:slug/working-groups',
    'POST /api/forums/:slug/working-groups',
    'GET /api/working-groups/:id',
    'GET /api/working-groups/:id/members',
    'GET /api/working-groups/:id/join-requests',
    'POST /api/working-groups/:id/join-requests/:requestId/approve',
    'POST /api/working-groups/:id/join-requests/:requestId/decline',
    'DELETE /api/working-groups/:id/members/:userId',
    'GET /api/forums/:slug/threads',
    'POST /api/forums/:slug/threads',
    'GET /api/working-groups/:id/threads',
    'POST /api/working-groups/:id/threads',
    'GET /api/threads/:id',
    'GET /api/threads/:id/messages',
    'POST /api/threads/:id/messages',
    'PATCH /api/messages/:id',
    'DELETE /api/messages/:id',
    'PUT /api/threads/:id/read',
    'GET /api/me/unread',
    'POST /api/working-groups/:id/join',
    'POST /api/working-groups/:id/leave',
    'POST /api/auth/logout',
  ],
  /** knowledge-authorization.e2e-spec.ts */
  knowledge: [
    'GET /api/posts',
    'POST /api/posts',
    'GET /api/posts/:id',
    'PATCH /api/posts/:id',
    'POST /api/posts/:id/submit',
    'POST /api/posts/:id/publish',
    'POST /api/posts/:id/send-back',
    'POST /api/posts/:id/archive',
    'GET /api/posts/:id/revisions',
    'GET /api/posts/:id/comments',
    'POST /api/posts/:id/comments',
    'PUT /api/posts/:id/translations/:language',
    'GET /api/exchanges',
    'POST /api/exchanges',
    'GET /api/exchanges/:id',
    'POST /api/exchanges/:id/applications',
    'GET /api/exchanges/:id/applications',
    'POST /api/applications/:id/accept',
    'POST /api/applications/:id/decline',
    'POST /api/applications/:id/withdraw',
    'GET /api/events',
    'POST /api/events',
    'GET /api/events/:id',
    'PUT /api/events/:id/rsvp',
    'GET /api/events/planning',
    'POST /api/events/feed',
    'GET /api/events.ics',
    'GET /api/search',
  ],
  /** authorization-public-and-digests.e2e-spec.ts */
  publicAndDigests: [
    'GET /health',
    'POST /api/auth/login',
    'POST /api/auth/refresh',
    'POST /api/invitations/:token/accept',
    'PUT /api/exchanges/:id/report',
    'GET /api/me/digest-preferences',
    'PUT /api/me/digest-preferences',
    'PUT /api/me/digest-preferences/forums/:slug',
    'PUT /api/me/digest-preferences/working-groups/:id',
    'GET /api/me/digest/preview',
    'POST /api/unsubscribe',
    'GET /api/unsubscribe',
    'POST /api/admin/digests/run',
    'POST /api/admin/queues/session',
    'GET /api/admin/digests',
  ],
} as const;

/**
 * live-authorization.e2e-spec.ts: every event a client sends to /live. Written as a record of the
 * contract's event map, so that an event added there without a row here does not compile.
 */
const LIVE_EVENTS: Record<keyof ClientToServerEvents, true> = {
  'thread:join': true,
  'thread:leave': true,
  'message:send': true,
  'message:edit': true,
  'message:delete': true,
  typing: true,
  'thread:read': true,
};
export const LIVE_MATRIX_EVENTS = Object.keys(LIVE_EVENTS) as (keyof ClientToServerEvents)[];

/** The operation a matrix row is about: its name without the parenthesised case. */
export const operationOfRow = (name: string) => name.replace(/\s+\(.*\)$/, '');

/** `GET /api/posts/{id}` as documented -> `GET /api/posts/:id` as the matrices name it. */
export const operationOfDocument = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
