import { Injectable } from '@nestjs/common';
import { EntityManager, RequestContext } from '@mikro-orm/core';
import { requestStore, RequestScope } from '../logging/request-store';

/**
 * The ORM's `context` option: an HTTP request's entity manager is a fork of the root one, created
 * the first time the request uses the ORM and kept in the request's store (request-store.ts).
 *
 * Why not MikroORM's `registerRequestContext`: its middleware runs each request in a second
 * AsyncLocalStorage next to the one logging needs, and Node copies every enabled storage into
 * every promise a request creates, a cost paid also by routes that never touch an entity. The
 * request already has one store; the fork hangs off it. A context opened explicitly
 * (`RequestContext.create` in the worker's jobs and the socket gateway, `@EnsureRequestContext`)
 * still comes first.
 */
@Injectable()
export class RequestEntityManagers {
  private root?: EntityManager;

  /** Called once the ORM exists (the option is read before it does). */
  bind(root: EntityManager): void {
    this.root = root;
  }

  readonly resolve = (name: string): EntityManager | undefined => {
    const explicit = RequestContext.getEntityManager(name);
    if (explicit) return explicit;
    const scope = requestStore.getStore();
    if (!scope || !this.root || this.root.name !== name) return undefined;
    if (scope.entityManager === undefined) this.fork(scope, this.root);
    return scope.entityManager ?? undefined;
  };

  private fork(scope: RequestScope, root: EntityManager): void {
    // While the fork is made, the root and the new fork ask for their context: `null` answers
    // none (themselves), as when RequestContext forks before it opens its context.
    scope.entityManager = null;
    // useContext: inside `transactional()` the fork defers to the transaction's, as a RequestContext fork does.
    scope.entityManager = root.fork({ useContext: true });
  }
}
