import { Injectable } from '@nestjs/common';
import { EntityManager, RequestContext } from '@mikro-orm/core';
// nestjs-pino's per-request store. Not re-exported by its index, but a typed module of the package.
import { storage as requestLogStorage } from 'nestjs-pino/storage';

/**
 * The ORM's `context` option: an HTTP request's entity manager is a fork of the root one, created
 * the first time the request uses the ORM and keyed by the request's nestjs-pino store.
 *
 * Why not MikroORM's `registerRequestContext`: its middleware runs each request in a second
 * AsyncLocalStorage next to nestjs-pino's, and Node 20 copies every enabled storage into every
 * promise a request creates. Measured with callgrind, that was 0.2 M of the 1.4 M instructions of
 * the cheapest authenticated request, paid also by routes that never touch an entity. The request
 * already has one store; the fork hangs off it. A context opened explicitly (`RequestContext.create`
 * in the worker's jobs and the socket gateway, `@EnsureRequestContext`) still comes first.
 */
@Injectable()
export class RequestEntityManagers {
  private root?: EntityManager;
  /** Weak: a request's fork goes with its store. */
  private readonly forks = new WeakMap<object, EntityManager>();
  private forking = false;

  /** Called once the ORM exists (the option is read before it does). */
  bind(root: EntityManager): void {
    this.root = root;
  }

  readonly resolve = (name: string): EntityManager | undefined => {
    const explicit = RequestContext.getEntityManager(name);
    if (explicit) return explicit;
    const request = requestLogStorage.getStore();
    if (!request || !this.root || this.root.name !== name) return undefined;
    // While the fork is being made, the root and the new fork ask for their context: themselves,
    // as when RequestContext forks before it opens its context.
    if (this.forking) return undefined;
    return this.forks.get(request) ?? this.forkFor(request, this.root);
  };

  private forkFor(request: object, root: EntityManager): EntityManager {
    this.forking = true;
    try {
      // useContext: inside `transactional()` the fork defers to the transaction's, as a RequestContext fork does.
      const fork = root.fork({ useContext: true });
      this.forks.set(request, fork);
      return fork;
    } finally {
      this.forking = false;
    }
  }
}
