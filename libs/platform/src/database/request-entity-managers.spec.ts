import { Entity, EntityManager, MikroORM, PrimaryKey, RequestContext, TransactionContext } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import pino from 'pino';
import { requestStore, RequestScope } from '../logging/request-store';
import { RequestEntityManagers } from './request-entity-managers';

@Entity()
class Probe {
  @PrimaryKey()
  id!: number;
}

/** What LoggingModule's middleware does for every HTTP request. */
const inRequest = <T>(work: () => T): T => requestStore.run(new RequestScope(pino({ enabled: false })), work);

describe('RequestEntityManagers', () => {
  const requests = new RequestEntityManagers();
  let orm: MikroORM;

  beforeAll(async () => {
    // No connection is made: forking and resolving contexts never reach the database.
    orm = await MikroORM.init({
      driver: PostgreSqlDriver,
      dbName: 'agora_unused',
      entities: [Probe],
      connect: false,
      allowGlobalContext: false,
      context: requests.resolve,
    });
    requests.bind(orm.em);
  });

  afterAll(() => orm.close());

  // The root entity manager, as services get it injected, sends every call to this context.
  const current = (): EntityManager => orm.em.getContext();

  it('gives each request its own fork, the same one for the whole request', async () => {
    const [first, second] = await Promise.all(
      [1, 2].map(() =>
        inRequest(async () => {
          const before = current();
          await new Promise((resolve) => setImmediate(resolve));
          expect(current()).toBe(before);
          return before;
        }),
      ),
    );
    expect(first).not.toBe(second);
    expect(first).not.toBe(orm.em);
    // One identity map per request: what one request loads, another does not see.
    inRequest(() => current().merge(Probe, { id: 1 }));
    inRequest(() => expect(current().getUnitOfWork().getIdentityMap().values()).toHaveLength(0));
  });

  it('refuses the root entity manager outside a request, as without a context', () => {
    expect(() => current()).toThrow(/global EntityManager instance methods for context specific actions is disallowed/);
  });

  it('lets an explicitly opened RequestContext win, inside a request and outside', () => {
    inRequest(() => {
      const request = current();
      RequestContext.create(orm.em, () => expect(current()).not.toBe(request));
      expect(current()).toBe(request);
    });
    RequestContext.create(orm.em, () => expect(current()).toBe(RequestContext.getEntityManager()));
  });

  it("defers to a transaction's entity manager inside transactional()", () => {
    const [inside, fork] = inRequest(() => {
      const request = current();
      // What transactional() opens, without the connection a real transaction needs.
      const transaction = request.fork();
      return TransactionContext.create(transaction, () => [current(), transaction] as const);
    });
    expect(inside).toBe(fork);
  });
});
