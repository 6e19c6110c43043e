import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';

/**
 * What platform keeps for one HTTP request: its logger (each line carries the request id) and,
 * once the request uses the ORM, its own entity manager (RequestEntityManagers).
 */
export class RequestScope {
  /** Made on the request's first use of the ORM; `null` while it is being made. */
  entityManager?: EntityManager | null;

  constructor(readonly logger: Logger) {}
}

/**
 * The one AsyncLocalStorage of a request, opened by LoggingModule's middleware and read by the
 * logger and the ORM. One store, not one per concern: Node copies every enabled storage into
 * every promise a request creates, so each extra one is paid by every request.
 */
export const requestStore = new AsyncLocalStorage<RequestScope>();
